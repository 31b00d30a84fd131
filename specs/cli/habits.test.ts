import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CreateApiKeyCommand, CreateRestApiCommand, CreateUsagePlanCommand, GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client, CreateApiCommand } from '@aws-sdk/client-apigatewayv2';
import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { emulatorSession } from '../helpers/emulator-session.js';
import { BIN, cleanEnv, EMULATOR_BIN_ENV, runBin } from '../helpers/bin.js';

/**
 * The habits terraform and AWS CLI users bring, through the built binary (bin/apigw-sync.js) as
 * a user or CI runs it: exit codes, safe defaults, and errors that name their cause.
 */
const e2e = emulatorSession();
const SPECS = 'examples/petstore';
const bin = (args: string[], env: Record<string, string> = {}) => runBin(args, { cwd: e2e.cwd, env: cleanEnv({ ...EMULATOR_BIN_ENV, ...env }) });
const apply = async () => {
  const r = await bin(['apply', SPECS, '--auto-approve', ...e2e.url]);
  expect(r.code, r.err).toBe(0);
};

describe('exit codes: 2 means changes (or drift), nothing else', () => {
  it('a usage error exits 1 with nothing on stdout, so CI never reads it as "changes"', async () => {
    const typo = await bin(['plan', SPECS, '--detailed-exitcode', '--output', 'markdwon', ...e2e.url]);
    expect(typo.code).toBe(1);
    expect(typo.out).toBe('');
    expect(typo.err).toContain("argument 'markdwon' is invalid");
    expect((await bin(['plan', SPECS, '--no-such-flag'])).code).toBe(1);
    expect(e2e.emu.calls().total).toBe(0);
    const changes = await bin(['plan', SPECS, '--detailed-exitcode', ...e2e.url]);
    expect(changes.code).toBe(2);
  });

  it('no command at all, and an empty --target (an unset variable in a script), are usage errors too', async () => {
    const none = await bin([]);
    expect(none.code).toBe(1);
    expect(none.out).toBe('');
    expect(none.err).toMatch(/^Usage: apigw-sync \[options\] \[command\]/);
    expect((await bin(['help'])).code).toBe(0);
    expect((await bin(['--help'])).code).toBe(0);
    for (const command of ['plan', 'apply']) {
      const empty = await bin([command, SPECS, '--target', '', '--auto-approve', ...e2e.url].filter((a) => command === 'apply' || a !== '--auto-approve'));
      expect(empty.code).toBe(1);
      expect(empty.err).toBe('Error: --target is empty.\n  Fix: Give an address such as "rest-api petstore", or leave --target out to plan everything.\n');
    }
    expect(e2e.emu.calls().total).toBe(0);
  });

  it('output cut short by a reader that stops early (| head) ends quietly: exit 141, no stack trace', async () => {
    // `true` reads nothing and is gone before node starts: the first write meets a closed pipe.
    const r = spawnSync('bash', ['-c', `node ${BIN} validate examples | true; echo "exit \${PIPESTATUS[0]}"`], { cwd: e2e.cwd, env: cleanEnv(), encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('exit 141\n');
  });
});

describe('safe defaults', () => {
  it('a path inside a spec set plans the whole set: one file of it deletes nothing its siblings describe', async () => {
    await apply();
    const r = await bin(['plan', `${SPECS}/petstore.yaml`, '--detailed-exitcode', ...e2e.url]);
    expect(r.err).toContain(`${SPECS}/petstore.yaml is part of the spec set in ${SPECS} (its apigw-sync.yaml): reading the whole set`);
    expect(r.out).toBe('No changes. The live state matches the specs.\n');
    expect(r.code).toBe(0);
    const sub = await bin(['plan', `${SPECS}/templates`, '--detailed-exitcode', ...e2e.url]);
    expect(sub.code, sub.err).toBe(0);
    // The root file alone names the set: it stands for all of it.
    const root = await bin(['plan', `${SPECS}/apigw-sync.yaml`, '--detailed-exitcode', ...e2e.url]);
    expect(root.out).toBe('No changes. The live state matches the specs.\n');
    expect(root.code, root.err).toBe(0);
  });

  it('validate and export read a path inside a set as the whole set: a reference to a sibling file resolves', async () => {
    // access.yaml's usage plan names the API petstore.yaml defines.
    const one = await bin(['validate', `${SPECS}/access.yaml`]);
    expect(one.err).toBe(`${SPECS}/access.yaml is part of the spec set in ${SPECS} (its apigw-sync.yaml): reading the whole set, so that references to its other files resolve.\n`);
    expect(one.out).toMatch(/^Valid: spec set petstore \(environment dev, region us-east-1\), 4 files in examples\/petstore: /);
    expect(one.code).toBe(0);
    expect((await bin(['validate', `${SPECS}/templates`])).code).toBe(0);
    const exported = await bin(['export', '--openapi', `${SPECS}/access.yaml`, '--api', 'petstore']);
    expect(exported.code, exported.err).toBe(0);
    expect(JSON.parse(exported.out).info.title).toBe('petstore');
  });

  it('an untagged REST API of the spec\'s name blocks the create; apply refuses with no write call', async () => {
    const client = new APIGatewayClient({ region: 'us-east-1', endpoint: e2e.emu.url, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    await client.send(new CreateRestApiCommand({ name: 'petstore' }));
    const planned = await bin(['plan', SPECS, '--target', 'rest-api petstore', ...e2e.url]);
    expect(planned.code, planned.err).toBe(0);
    expect(planned.out).toContain('+ rest-api petstore  (blocked: a REST API named "petstore" exists without the ownership tag; --adopt manages it, --allow-duplicate-name creates a second one)');
    expect(planned.out).toContain('1 creation is blocked: an object of the same name exists without the ownership tag.');
    const writes = e2e.emu.calls().writes;
    const refused = await bin(['apply', SPECS, '--auto-approve', ...e2e.url]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('Error: The plan creates an object of a name that an object without the ownership tag already has:\n  - rest-api petstore\nNothing was changed.\n');
    expect(refused.err).toContain('Fix: Run again with --adopt to manage the existing one, or with --allow-duplicate-name to create a second one of that name.');
    expect(e2e.emu.calls().writes).toBe(writes);
    // --allow-duplicate-name: the create is runnable; --adopt: the existing API is taken over.
    const dup = await bin(['plan', SPECS, '--target', 'rest-api petstore', '--allow-duplicate-name', ...e2e.url]);
    expect(dup.out).not.toContain('blocked');
    const adopt = await bin(['plan', SPECS, '--target', 'rest-api petstore', '--adopt', ...e2e.url]);
    expect(adopt.out).toContain('~ rest-api petstore  (adopt');
    expect((await client.send(new GetRestApisCommand({}))).items?.length).toBe(1);
    client.destroy();
  });

  it('an untagged API key, usage plan, HTTP API or WebSocket API of a spec\'s name blocks its create, as a REST API does', async () => {
    const config = { region: 'us-east-1', endpoint: e2e.emu.url, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } };
    const v1 = new APIGatewayClient(config);
    const v2 = new ApiGatewayV2Client(config);
    await v1.send(new CreateApiKeyCommand({ name: 'partner' }));
    await v1.send(new CreateUsagePlanCommand({ name: 'basic' }));
    await v2.send(new CreateApiCommand({ Name: 'orders', ProtocolType: 'HTTP' }));
    await v2.send(new CreateApiCommand({ Name: 'chat', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' }));
    v1.destroy();
    v2.destroy();
    const blocked = (kind: string, name: string) => `(blocked: ${kind} named "${name}" exists without the ownership tag; --adopt manages it, --allow-duplicate-name creates a second one)`;
    const pet = await bin(['plan', SPECS, ...e2e.url]);
    expect(pet.out).toContain(`+ api-key partner  ${blocked('an API key', 'partner')}`);
    expect(pet.out).toContain(`+ usage-plan basic  ${blocked('a usage plan', 'basic')}`);
    const http = await bin(['plan', 'examples/orders-http', ...e2e.url]);
    expect(http.out).toContain(`+ http-api orders  ${blocked('an HTTP API', 'orders')}`);
    const ws = await bin(['plan', 'examples/chat-websocket', ...e2e.url]);
    expect(ws.out).toContain(`+ websocket-api chat  ${blocked('a WebSocket API', 'chat')}`);
    const writes = e2e.emu.calls().writes;
    for (const set of [SPECS, 'examples/orders-http', 'examples/chat-websocket']) {
      const refused = await bin(['apply', set, '--auto-approve', ...e2e.url]);
      expect(refused.code).toBe(1);
      expect(refused.err).toContain('Error: The plan creates');
    }
    expect(e2e.emu.calls().writes).toBe(writes);
  });

  it('a --target that matches nothing is an error naming the closest address', async () => {
    const r = await bin(['plan', SPECS, '--target', 'rest-api petstor', ...e2e.url]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      'Error: --target "rest-api petstor" matches nothing in the specs or in the live state.\n' +
        '  Fix: The closest address is "rest-api petstore"; the plan (without --target) lists every address.\n',
    );
    const deep = await bin(['plan', SPECS, '--target', 'rest-api petstore / resource /userz', ...e2e.url]);
    expect(deep.err).toContain('The closest address is "rest-api petstore / resource /users"');
    // A bare name, as terraform users type it, meets the address of that name.
    const bare = await bin(['plan', SPECS, '--target', 'petstore', ...e2e.url]);
    expect(bare.err).toContain('Fix: The closest address is "rest-api petstore";');
    // Nothing near: no far-fetched suggestion, the top-level addresses instead.
    const far = await bin(['plan', SPECS, '--target', 'orders', ...e2e.url]);
    expect(far.code).toBe(1);
    expect(far.err).not.toContain('closest');
    expect(far.err).toMatch(/Fix: No address is close to it\. Top-level addresses: [^\n]*rest-api petstore[^\n]*; the plan \(without --target\) lists every address\.\n$/);
  });

  it('plan in a folder without apigw-sync.yaml says so and lists the spec sets below, .gitignore respected', async () => {
    writeFileSync(join(e2e.cwd, 'docker-compose.yml'), 'services:\n  web: { image: nginx }\n');
    mkdirSync(join(e2e.cwd, 'build'), { recursive: true });
    cpSync(join(e2e.cwd, SPECS), join(e2e.cwd, 'build', 'copy'), { recursive: true });
    writeFileSync(join(e2e.cwd, '.gitignore'), 'build/\n');
    const r = await bin(['plan', '.', ...e2e.url]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `Error: There is no apigw-sync.yaml in the current directory (${e2e.cwd}), so it is not a spec set.\n` +
        'Spec sets below it:\n  examples/chat-websocket\n  examples/custom-domain\n  examples/orders-http\n  examples/petstore\n  examples/private-api\n  examples/quick-create\n  examples/routing-rules\n' +
        '  Fix: Name one of them, e.g. `apigw-sync plan examples/chat-websocket`.\n',
    );
    // Each command's refusal names that command in its example.
    for (const cmd of ['apply', 'drift', 'destroy']) {
      const other = await bin([cmd, '.', ...e2e.url]);
      expect(other.code).toBe(1);
      expect(other.err).toContain(`  Fix: Name one of them, e.g. \`apigw-sync ${cmd} examples/chat-websocket\`.\n`);
    }
    expect(e2e.emu.calls().total).toBe(0);
    // validate there checks each of those sets (not build/, which .gitignore ignores), and reads nothing else.
    const checked = await bin(['validate']);
    expect(checked.code, checked.err).toBe(0);
    expect(checked.out.match(/^Valid: spec set /gm)?.length).toBe(7);
    expect(checked.out).not.toContain('build/');
    expect(checked.err).not.toContain('services');
  });

  it('plan --local and validate in a tree with no spec set at all (a repository, /tmp) say so and read nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'apigw-no-set-'));
    writeFileSync(join(dir, 'docker-compose.yml'), 'services:\n  web: { image: nginx }\n');
    mkdirSync(join(dir, 'deploy', 'k8s'), { recursive: true });
    writeFileSync(join(dir, 'deploy', 'k8s', 'app.yaml'), 'apiVersion: v1\nkind: Service\n');
    const nothing = 'No spec set was found below it either';
    for (const args of [['plan', '--local', '.'], ['validate'], ['validate', '.']]) {
      const r = await runBin(args, { cwd: dir, env: cleanEnv() });
      expect(r.code).toBe(1);
      expect(r.err).toContain(`Error: There is no apigw-sync.yaml in the current directory (${dir}), so it is not a spec set.\n${nothing}`);
      expect(r.err).not.toContain('services');
    }
    expect(existsSync(join(dir, '.apigw-sync'))).toBe(false);
    const json = await runBin(['validate', '--output', 'json'], { cwd: dir, env: cleanEnv() });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toMatchObject({ valid: false, diagnostics: [{ code: 'spec/no-root-file', severity: 'error' }] });
  });

  it('apply with nothing to change and no terminal exits 0 without asking', async () => {
    await apply();
    const r = await bin(['apply', SPECS, ...e2e.url]);
    expect(r.err).toBe('');
    expect(r.out).toBe('No changes. The live state matches the specs.\n');
    expect(r.code).toBe(0);
    const refused = await bin(['destroy', SPECS, ...e2e.url]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('destroy needs a confirmation, but there is no terminal');
  });

  it('SIGTERM (a cancelled CI job) finishes the steps in progress, reports, and the next apply converges', async () => {
    // Paced at AWS's real rates, the apply takes minutes: time enough to cancel it.
    const { APIGW_SYNC_PACE_SCALE: _fast, ...slow } = EMULATOR_BIN_ENV;
    let signalled = false;
    const r = await runBin(['apply', SPECS, '--auto-approve', ...e2e.url], {
      cwd: e2e.cwd,
      env: cleanEnv(slow),
      onStart: (child) => {
        const poll = setInterval(() => {
          if (e2e.emu.calls().writes > 0) {
            clearInterval(poll);
            signalled = child.kill('SIGTERM');
          }
        }, 20);
        child.on('close', () => clearInterval(poll));
      },
    });
    expect(signalled).toBe(true);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(1);
    expect(r.err).toContain('Interrupted (SIGTERM): finishing the steps in progress, starting no new ones');
    expect(r.out).toMatch(/not started/i);
    await apply();
    expect((await bin(['plan', SPECS, '--detailed-exitcode', ...e2e.url])).code).toBe(0);
  });
});

describe('errors that name the cause', () => {
  it('a missing AWS profile and an expired SSO session are said as such', async () => {
    const env = cleanEnv({ AWS_PROFILE: 'nosuch' });
    mkdirSync(join(env.HOME!, '.aws'));
    writeFileSync(join(env.HOME!, '.aws', 'config'), '[profile dev]\nregion = us-east-1\n');
    const missing = await runBin(['plan', SPECS], { cwd: e2e.cwd, env });
    expect(missing.code).toBe(1);
    expect(missing.err).toContain(`Error: No usable AWS credentials: Profile nosuch (AWS_PROFILE) could not be found in ${env.HOME}/.aws/config or ${env.HOME}/.aws/credentials.`);
    writeFileSync(join(env.HOME!, '.aws', 'config'),
      '[profile dev]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Admin\nregion = us-east-1\n' +
      '[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n');
    const sso = await runBin(['plan', SPECS], { cwd: e2e.cwd, env: { ...env, AWS_PROFILE: 'dev' } });
    expect(sso.code).toBe(1);
    expect(sso.err).toContain('Error: No usable AWS credentials: The SSO session token associated with profile=dev was not found or is invalid.');
    expect(sso.err).toContain('  Fix: Sign in again: aws sso login --profile dev\n');
    // A session signed in once, whose cached token has expired (the SDK's message names no profile).
    mkdirSync(join(env.HOME!, '.aws', 'sso', 'cache'), { recursive: true });
    writeFileSync(join(env.HOME!, '.aws', 'sso', 'cache', `${createHash('sha1').update('corp').digest('hex')}.json`),
      JSON.stringify({ startUrl: 'https://corp.awsapps.com/start', region: 'us-east-1', accessToken: 'expired', expiresAt: '2024-01-01T00:00:00Z' }));
    const expired = await runBin(['plan', SPECS], { cwd: e2e.cwd, env: { ...env, AWS_PROFILE: 'dev' } });
    expect(expired.code).toBe(1);
    expect(expired.err).toMatch(/^Error: No usable AWS credentials: .*SSO.*\n  Fix: Sign in again: aws sso login --profile dev\n$/);
    expect(expired.err).not.toContain('No AWS credentials were found');
  });

  it('https:// on a plain-HTTP port, a web server, and an endpoint missing an operation: which call, the status, what answered', async () => {
    const tls = await bin(['plan', SPECS, '--endpoint-url', e2e.emu.url.replace('http:', 'https:')]);
    expect(tls.code).toBe(1);
    expect(tls.err).toBe(
      `Error: GetRestApis (apigateway) failed: ${e2e.emu.url.replace('http:', 'https:')} does not answer TLS (https://) on that port; it seems to serve plain HTTP (OpenSSL: wrong version number).\n` +
        `  Fix: Use ${e2e.emu.url} (an emulator such as apigw-sync local serves plain HTTP).\n`,
    );
    const web = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', server: 'nginx/1.25.3' });
      res.end('<html><title>Welcome to nginx!</title></html>');
    });
    const html = await bin(['plan', SPECS, '--endpoint-url', web.url]);
    expect(html.code).toBe(1);
    expect(html.err).toBe(
      `Error: GetRestApis (apigateway) failed at ${web.url}: HTTP 200, and the answer is not API Gateway's: an HTML page (a web server or proxy?) from server "nginx/1.25.3".\n` +
        '  Fix: Point --endpoint-url (or AWS_ENDPOINT_URL) at an endpoint that serves the API Gateway API: AWS, `apigw-sync local`, LocalStack.\n',
    );
    await web.close();
    // An emulator without GetAuthorizers (as moto once was): everything else is passed through.
    await apply();
    const partial = await proxyExcept((req) => /^\/restapis\/[^/]+\/authorizers/.test(req.url ?? ''), (res) => {
      res.writeHead(404, { 'content-type': 'application/json', server: 'Werkzeug/3.0.1 Python/3.11' });
      res.end('{"message": "not found"}');
    });
    const missing = await bin(['plan', SPECS, '--endpoint-url', partial.url]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain(`Error: GetAuthorizers (apigateway) failed at ${partial.url}: HTTP 404 `);
    expect(missing.err).toContain('The endpoint does not seem to implement GetAuthorizers: content of type application/json from server "Werkzeug/3.0.1 Python/3.11".');
    await partial.close();
  });

  it('after a YAML syntax error only that file\'s syntax errors are reported, not unresolved references elsewhere', async () => {
    const file = join(e2e.cwd, SPECS, 'petstore.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('\n    description:', '\n\tdescription:'));
    const r = await bin(['validate', SPECS]);
    expect(r.code).toBe(1);
    const codes = [...r.err.matchAll(/^(\S+):\d+:\d+ +error +(\S+)$/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(codes.length).toBeGreaterThan(0);
    expect(new Set(codes)).toStrictEqual(new Set([`${SPECS}/petstore.yaml spec/yaml-syntax`]));
    expect(r.err).toContain('Fix: indent with spaces: YAML does not allow tabs in indentation.');
    // One tab, one error: the parser's follow-on errors are counted, not listed.
    expect(codes).toHaveLength(1);
    expect(r.err).toMatch(/Invalid YAML: Tabs are not allowed as indentation \(\d+ later syntax errors in this file, most likely caused by it, not listed\)\./);
    expect(r.err).toContain('1 error: the spec set is not valid.');
  });

  it('the saved-plan hint carries the connection flags; the plan heading shows the endpoint and the account', async () => {
    const r = await bin(['plan', SPECS, '--out', 'plan.json', ...e2e.url]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(`Apply exactly this plan with: apigw-sync apply plan.json --endpoint-url ${e2e.emu.url}\n`);
    expect(r.out).toContain(`apigw-sync plan for spec set "petstore" (us-east-1, environment dev, ${e2e.emu.url}, account 123456789012):`);
    const followed = await bin(['apply', 'plan.json', '--auto-approve', '--endpoint-url', e2e.emu.url]);
    expect(followed.code, followed.err).toBe(0);
  });

  it('a plan saved against an endpoint from AWS_ENDPOINT_URL: the hint names it, and an apply without it is refused before any call', async () => {
    const r = await bin(['plan', SPECS, '--out', 'plan.json'], { AWS_ENDPOINT_URL: e2e.emu.url });
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(`Apply exactly this plan with: apigw-sync apply plan.json --endpoint-url ${e2e.emu.url}\n`);
    const calls = e2e.emu.calls().total;
    // In another shell, without the variable: AWS would be next. Refused, with the command to run.
    const elsewhere = await bin(['apply', 'plan.json', '--auto-approve']);
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.err).toBe(
      `Error: plan.json was planned against ${e2e.emu.url}, but this apply would go to AWS. Nothing was sent.\n` +
        `  Fix: Apply it where it was planned: apigw-sync apply plan.json --endpoint-url ${e2e.emu.url}\n`,
    );
    const local = await bin(['apply', 'plan.json', '--auto-approve', '--local']);
    expect(local.err).toContain('but this apply would go to the built-in emulator (--local). Nothing was sent.');
    expect(e2e.emu.calls().total).toBe(calls);
    expect(existsSync(join(e2e.cwd, '.apigw-sync'))).toBe(false);
  });

  it('a plan saved against $E applies with $E/ or another loopback spelling of it (one endpoint, as the apply lock counts it)', async () => {
    const r = await bin(['plan', SPECS, '--out', 'plan.json', '--endpoint-url', e2e.emu.url]);
    expect(r.code, r.err).toBe(0);
    const other = new URL(e2e.emu.url);
    other.hostname = other.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
    const slashed = await bin(['apply', 'plan.json', '--auto-approve', '--endpoint-url', `${other.origin}/`]);
    expect(slashed.err).not.toContain('was planned against');
    expect(slashed.code, slashed.err).toBe(0);
  });

  it('an endpoint without STS: the plan works, its heading without the account (never fails for it)', async () => {
    let asked = false;
    const noSts = await proxyExcept((req) => req.method === 'POST' && req.url === '/', (res) => {
      asked = true;
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<html>not here</html>');
    });
    const r = await bin(['plan', SPECS, '--endpoint-url', noSts.url]);
    await noSts.close();
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`apigw-sync plan for spec set "petstore" (us-east-1, environment dev, ${noSts.url}):\n`);
    expect(asked).toBe(true);
  });

  it('--faults is checked against its schema: a misspelt field is refused, naming the right one', async () => {
    const r = await bin(['local', '--port', '0', '--faults', '{"errorRat":0.1}']);
    expect(r.code).toBe(1);
    expect(r.err).toBe("Error: --faults: unknown field 'errorRat' (did you mean 'errorRate'?); the fields are errorRate, kinds, latencyMs, operations, when, maxFaults, seed\n");
  });
});

/** A server that passes every request to the test's emulator, except those `match` picks, which `answer` answers. */
function proxyExcept(match: (req: IncomingMessage) => boolean, answer: (res: ServerResponse) => void): Promise<{ url: string; close(): Promise<void> }> {
  return serve((req, res) => {
    if (match(req)) return answer(res);
    const up = request(`${e2e.emu.url}${req.url}`, { method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 500, r.headers);
      r.pipe(res);
    });
    req.pipe(up);
  });
}

async function serve(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}
