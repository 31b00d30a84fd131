import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CreateRestApiCommand, GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { emulatorSession } from '../helpers/emulator-session.js';
import { cleanEnv, EMULATOR_BIN_ENV, runBin } from '../helpers/bin.js';

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

  it('a --target that matches nothing is an error naming the closest address', async () => {
    const r = await bin(['plan', SPECS, '--target', 'rest-api petstor', ...e2e.url]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      'Error: --target "rest-api petstor" matches nothing in the specs or in the live state.\n' +
        '  Fix: The closest address is "rest-api petstore"; the plan (without --target) lists every address.\n',
    );
    const deep = await bin(['plan', SPECS, '--target', 'rest-api petstore / resource /userz', ...e2e.url]);
    expect(deep.err).toContain('The closest address is "rest-api petstore / resource /users"');
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
    expect(e2e.emu.calls().total).toBe(0);
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
    const partial = await serve((req, res) => {
      if (/^\/restapis\/[^/]+\/authorizers/.test(req.url ?? '')) {
        res.writeHead(404, { 'content-type': 'application/json', server: 'Werkzeug/3.0.1 Python/3.11' });
        res.end('{"message": "not found"}');
        return;
      }
      const up = request(`${e2e.emu.url}${req.url}`, { method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 500, r.headers);
        r.pipe(res);
      });
      req.pipe(up);
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
  });

  it('the saved-plan hint carries the connection flags; the plan heading shows the endpoint and the account', async () => {
    const r = await bin(['plan', SPECS, '--out', 'plan.json', ...e2e.url]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(`Apply exactly this plan with: apigw-sync apply plan.json --endpoint-url ${e2e.emu.url}\n`);
    expect(r.out).toContain(`apigw-sync plan for spec set "petstore" (us-east-1, environment dev, ${e2e.emu.url}, account 123456789012):`);
    const followed = await bin(['apply', 'plan.json', '--auto-approve', '--endpoint-url', e2e.emu.url]);
    expect(followed.code, followed.err).toBe(0);
  });

  it('--faults is checked against its schema: a misspelt field is refused, naming the right one', async () => {
    const r = await bin(['local', '--port', '0', '--faults', '{"errorRat":0.1}']);
    expect(r.code).toBe(1);
    expect(r.err).toBe("Error: --faults: unknown field 'errorRat' (did you mean 'errorRate'?); the fields are errorRate, kinds, latencyMs, operations, when, maxFaults, seed\n");
  });
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}
