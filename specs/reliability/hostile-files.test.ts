import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateApiKeyCommand,
  CreateDeploymentCommand,
  CreateRestApiCommand,
  CreateStageCommand,
  CreateUsagePlanCommand,
  GetRestApisCommand,
  GetUsagePlansCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  TagResourceCommand,
  UpdateUsagePlanCommand,
  type APIGatewayClient,
} from '@aws-sdk/client-api-gateway';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { v1Client } from '../emulator/helpers.js';
import { writeSet } from '../schema/helpers.js';
import { runCli, type ChildRun } from './helpers.js';

/**
 * Hostile files and scenarios through the built CLI against the emulator: saved plans edited by
 * whoever can write the CI artifact, files that never end or never open, symbolic links in a spec
 * set, and the ownership corners of --adopt. Each case failed before its fix.
 */
const STACK = /\n\s+at |Maximum call stack|This is unexpected/;
const KILL_AFTER_MS = 60_000;
const MAX_RSS_MB = 512;
const ROOT = 'name: shop\nregion: us-east-1\n';
const KEY_VALUE = 'Hostile-Files-Key-Value-0123456789';

let emu: RunningEmulator;
let client: APIGatewayClient;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  client = v1Client(emu);
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const url = () => ['--endpoint-url', emu.url];

function refusedCleanly(r: ChildRun): void {
  expect(r.signal, 'killed: it hung').toBeNull();
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).not.toMatch(STACK);
  expect(r.maxRssKb! / 1024).toBeLessThan(MAX_RSS_MB);
}

async function untaggedApiWithStage(name: string): Promise<string> {
  const api = await client.send(new CreateRestApiCommand({ name }));
  const restApiId = api.id!;
  await client.send(new PutMethodCommand({ restApiId, resourceId: api.rootResourceId, httpMethod: 'GET', authorizationType: 'NONE' }));
  await client.send(new PutIntegrationCommand({ restApiId, resourceId: api.rootResourceId, httpMethod: 'GET', type: 'MOCK' }));
  const d = await client.send(new CreateDeploymentCommand({ restApiId }));
  await client.send(new CreateStageCommand({ restApiId, stageName: 'prod', deploymentId: d.id }));
  return restApiId;
}

describe('saved plans are checked against a fresh plan, not trusted', () => {
  it('an injected DeleteRestApi of an untagged API is refused by name, with no write call', async () => {
    const bystander = await untaggedApiWithStage('bystander');
    const cwd = writeSet({ 'apigw-sync.yaml': ROOT, 'api.yaml': 'restApis:\n  shop:\n    resources:\n      /:\n        GET: { integration: { type: MOCK } }\n' });
    expect((await runCli(['plan', '.', '--out', 'plan.json', ...url()], { cwd })).code).toBe(0);
    const saved = JSON.parse(readFileSync(join(cwd, 'plan.json'), 'utf8'));
    saved.ops.push({ id: 'op-999', kind: 'rest-api', key: 'rest-api:bystander', address: 'rest-api bystander', action: 'delete', reason: 'absent-desired',
      changes: [], calls: [{ service: 'apigateway', operation: 'DeleteRestApi', input: { restApiId: bystander } }], dependsOn: [] });
    writeFileSync(join(cwd, 'plan.json'), JSON.stringify(saved));
    emu.resetCalls();
    const r = await runCli(['apply', 'plan.json', '--auto-approve', ...url()], { cwd });
    refusedCleanly(r);
    expect(r.stderr).toContain('plan.json holds an operation that a plan of the specs and the live state would not make now');
    expect(r.stderr).toContain('\n  op-999: delete rest-api bystander (DeleteRestApi)\n');
    expect(emu.calls().writes).toBe(0);
    expect((await client.send(new GetRestApisCommand({}))).items!.map((a) => a.id)).toContain(bystander);
    // The unedited plan still applies.
    saved.ops.pop();
    writeFileSync(join(cwd, 'plan.json'), JSON.stringify(saved));
    const ok = await runCli(['apply', 'plan.json', '--auto-approve', ...url()], { cwd });
    expect(ok.code, ok.stderr).toBe(0);
  });

  type Op = { id: string; calls: { operation: string; input: Record<string, unknown> }[] };
  it.each([
    { name: "an op's input changed", edit: (op: Op) => void (op.calls[0]!.input.description = 'edited'), shown: 'op-1: create rest-api shop (CreateRestApi)' },
    {
      name: "an op's call turned on an API the set does not own",
      edit: (op: Op, bystander: string) => void (op.calls = [{ operation: 'UpdateRestApi', input: { restApiId: bystander, patchOperations: [{ op: 'replace', path: '/description', value: 'edited' }] } }].map((c) => ({ service: 'apigateway', ...c }))),
      shown: 'op-1: create rest-api shop (UpdateRestApi)',
    },
    { name: 'a call appended to an op', edit: (op: Op, bystander: string) => void op.calls.push({ service: 'apigateway', operation: 'DeleteRestApi', input: { restApiId: bystander } } as Op['calls'][0]), shown: 'op-1: create rest-api shop (CreateRestApi, DeleteRestApi)' },
  ])('$name: refused by name, with no write call, even with --allow-destroy', async ({ edit, shown }) => {
    const bystander = await untaggedApiWithStage('bystander');
    const cwd = writeSet({ 'apigw-sync.yaml': ROOT, 'api.yaml': 'restApis:\n  shop:\n    description: ours\n    resources:\n      /:\n        GET: { integration: { type: MOCK } }\n' });
    expect((await runCli(['plan', '.', '--out', 'plan.json', ...url()], { cwd })).code).toBe(0);
    const saved = JSON.parse(readFileSync(join(cwd, 'plan.json'), 'utf8'));
    edit(saved.ops[0], bystander);
    writeFileSync(join(cwd, 'plan.json'), JSON.stringify(saved));
    emu.resetCalls();
    const r = await runCli(['apply', 'plan.json', '--auto-approve', '--allow-destroy', ...url()], { cwd });
    refusedCleanly(r);
    expect(r.stderr).toContain(`plan.json holds an operation that a plan of the specs and the live state would not make now`);
    expect(r.stderr).toContain(`\n  ${shown}\n`);
    expect(emu.calls().writes).toBe(0);
    const apis = (await client.send(new GetRestApisCommand({}))).items!;
    expect(apis.map((a) => [a.name, a.description ?? null])).toEqual([['bystander', null]]);
  });

  it('a deletion saved from plan --allow-destroy needs --allow-destroy on the apply as well', async () => {
    const cwd = writeSet({ 'apigw-sync.yaml': ROOT, 'api.yaml': 'restApis:\n  shop:\n    resources:\n      /:\n        GET: { integration: { type: MOCK } }\n' });
    expect((await runCli(['apply', '.', '--auto-approve', ...url()], { cwd })).code).toBe(0);
    writeFileSync(join(cwd, 'api.yaml'), '{}\n');
    expect((await runCli(['plan', '.', '--allow-destroy', '--out', 'plan.json', ...url()], { cwd })).code).toBe(0);
    emu.resetCalls();
    const r = await runCli(['apply', 'plan.json', '--auto-approve', ...url()], { cwd });
    refusedCleanly(r);
    expect(r.stderr).toContain('  - rest-api shop');
    expect(emu.calls().writes).toBe(0);
    const ok = await runCli(['apply', 'plan.json', '--auto-approve', '--allow-destroy', ...url()], { cwd });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('1 deleted');
  });

  it('a plan file turned into an adopting one (made with --adopt) needs --adopt on the apply, like a deletion', async () => {
    await client.send(new CreateUsagePlanCommand({ name: 'theirs', description: 'their plan' }));
    const cwd = writeSet({ 'apigw-sync.yaml': ROOT, 'plans.yaml': 'usagePlans:\n  theirs:\n    description: ours now\n' });
    expect((await runCli(['plan', '.', '--out', 'plan.json', ...url()], { cwd })).code).toBe(0);
    expect((await runCli(['plan', '.', '--adopt', '--out', 'adopting.json', ...url()], { cwd })).code).toBe(0);
    // The reviewed artifact replaced by an adopting plan (its ops, option and live fingerprint).
    writeFileSync(join(cwd, 'plan.json'), readFileSync(join(cwd, 'adopting.json')));
    emu.resetCalls();
    const r = await runCli(['apply', 'plan.json', '--auto-approve', ...url()], { cwd });
    refusedCleanly(r);
    expect(r.stderr).toContain('Error: plan.json was made with --adopt: it takes over objects that apigw-sync does not own yet:\n  - usage-plan theirs\nNothing was applied.\n');
    expect(emu.calls().writes).toBe(0);
    expect((await client.send(new GetUsagePlansCommand({}))).items!.find((p) => p.name === 'theirs')!.description).toBe('their plan');
    const ok = await runCli(['apply', 'plan.json', '--auto-approve', '--adopt', ...url()], { cwd });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('Apply complete: 0 created, 1 updated');
    expect((await client.send(new GetUsagePlansCommand({}))).items!.find((p) => p.name === 'theirs')!.description).toBe('ours now');
  });

  it.each([
    { name: 'a FIFO', make: (p: string) => execFileSync('mkfifo', [p]), message: 'plan.json cannot be read as a plan: it is not a regular file (a named pipe).' },
    { name: 'missing (a failed artifact download)', make: () => undefined, message: 'plan.json cannot be read as a plan: no such file.' },
    { name: 'empty', make: (p: string) => writeFileSync(p, ''), message: 'plan.json is not a readable plan: Unexpected end of JSON input' },
    { name: 'cut short', make: (p: string) => writeFileSync(p, '{"formatVersion":1,"ops":['), message: 'plan.json is not a readable plan: ' },
  ])('apply of a plan file that is $name is refused; it never applies the spec set around it instead', async ({ make, message }) => {
    const cwd = writeSet({ 'apigw-sync.yaml': ROOT, 'keys.yaml': 'apiKeys:\n  k: {}\n' });
    make(join(cwd, 'plan.json'));
    const r = await runCli(['apply', 'plan.json', '--auto-approve', ...url()], { cwd, timeoutMs: KILL_AFTER_MS });
    refusedCleanly(r);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toContain('is part of the spec set');
    expect(emu.calls().total).toBe(0);
  });

  it('a plan file nested 200,000 deep is refused with a message, not a stack overflow', async () => {
    const cwd = writeSet({ 'apigw-sync.yaml': ROOT, 'api.yaml': '{}\n' });
    writeFileSync(join(cwd, 'plan.json'), `{"formatVersion":1,"ops":[],"x":${'['.repeat(200_000)}${']'.repeat(200_000)}}`);
    const r = await runCli(['apply', 'plan.json', '--auto-approve', ...url()], { cwd });
    refusedCleanly(r);
    expect(r.stderr).toContain('plan.json is not a readable plan: arrays and objects are nested more than 100 levels deep');
    expect(emu.calls().total).toBe(0);
  });
});

describe('every file read is a regular file, read with a bound', () => {
  it.each([
    { name: 'import --openapi /dev/zero', args: ['import', '--openapi', '/dev/zero', '--out', 'out'], message: 'Cannot read /dev/zero: it is not a regular file (a character device).' },
    { name: 'import --openapi of a FIFO', fifo: 'api.yaml', args: ['import', '--openapi', 'api.yaml', '--out', 'out'], message: 'Cannot read api.yaml: it is not a regular file (a named pipe).' },
    { name: 'import --openapi of a JSON document nested 200,000 deep', deep: 'api.json', args: ['import', '--openapi', 'api.json', '--out', 'out'], message: 'api.json is not valid JSON: arrays and objects are nested more than 100 levels deep' },
    { name: 'local --state /dev/zero', args: ['local', '--port', '0', '--state', '/dev/zero'], message: 'Cannot load the emulator state from /dev/zero: it is not a regular file (a character device)' },
    { name: 'a local emulator state file linked to /dev/zero', link: true, args: ['plan', '.', '--local'], message: 'local-emulator-state.json: it is not a regular file (a character device)' },
  ])('$name: exit 1 at once, a clear error', async ({ args, message, fifo, deep, link }) => {
    const cwd = writeSet({ 'apigw-sync.yaml': ROOT, 'keys.yaml': 'apiKeys:\n  k: {}\n' });
    if (fifo) execFileSync('mkfifo', [join(cwd, fifo)]);
    if (deep) writeFileSync(join(cwd, deep), `${'['.repeat(200_000)}${']'.repeat(200_000)}`);
    if (link) {
      mkdirSync(join(cwd, '.apigw-sync'));
      symlinkSync('/dev/zero', join(cwd, '.apigw-sync', 'local-emulator-state.json'));
    }
    const r = await runCli(args, { cwd, timeoutMs: KILL_AFTER_MS });
    refusedCleanly(r);
    expect(r.stderr).toContain(message);
  });
});

describe('files read on the way: .gitignore files, the AWS SDK\'s shared files', () => {
  it.each([
    { name: 'a .gitignore that is a FIFO, while listing spec sets below a directory', special: 'fifo' },
    { name: 'a .gitignore linked to /dev/zero, while listing spec sets below a directory', special: 'zero' },
  ])('$name: ignored, the listing ends at once', async ({ special }) => {
    const cwd = writeSet({ 'sub/inner/apigw-sync.yaml': ROOT, 'sub/inner/keys.yaml': 'apiKeys:\n  k: {}\n' });
    if (special === 'fifo') execFileSync('mkfifo', [join(cwd, 'sub', '.gitignore')]);
    else symlinkSync('/dev/zero', join(cwd, 'sub', '.gitignore'));
    const r = await runCli(['plan', '.', ...url()], { cwd, timeoutMs: KILL_AFTER_MS });
    refusedCleanly(r);
    expect(r.stderr).toContain('Spec sets below it:\n  sub/inner\n');
  });

  it.each([
    { name: 'AWS_CONFIG_FILE naming a FIFO', variable: 'AWS_CONFIG_FILE', special: 'fifo', message: 'but it is not a regular file (a named pipe).' },
    { name: 'AWS_SHARED_CREDENTIALS_FILE naming /dev/zero', variable: 'AWS_SHARED_CREDENTIALS_FILE', special: 'zero', message: 'but it is not a regular file (a character device).' },
  ])('$name: refused before the SDK reads it (it would hang or fill memory)', async ({ variable, special, message }) => {
    const cwd = writeSet({ 'apigw-sync.yaml': ROOT, 'keys.yaml': 'apiKeys:\n  k: {}\n' });
    let file = '/dev/zero';
    if (special === 'fifo') execFileSync('mkfifo', [(file = join(cwd, 'aws-config'))]);
    const r = await runCli(['plan', '.', ...url()], { cwd, env: { [variable]: file, AWS_PROFILE: 'missing' }, timeoutMs: KILL_AFTER_MS });
    refusedCleanly(r);
    expect(r.stderr).toContain(`The AWS SDK would read ${file}`);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain(`Fix: Point ${variable} at a regular file, or unset it.`);
    expect(emu.calls().total).toBe(0);
  });
});

it('AWS_CONFIG_FILE=/dev/null (the usual "no config file") is accepted', async () => {
  const cwd = writeSet({ 'apigw-sync.yaml': ROOT, 'keys.yaml': 'apiKeys:\n  k: {}\n' });
  const r = await runCli(['plan', '.', ...url()], { cwd, env: { AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' } });
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toContain('+ api-key k');
});

describe('symbolic links in a spec directory', () => {
  it('a link to a spec file inside the set is read (once); links elsewhere are reported as skipped', async () => {
    const cwd = writeSet({ 'apigw-sync.yaml': ROOT, 'shared/keys.yaml': 'apiKeys:\n  inside: {}\n', 'outside/keys.yaml': 'apiKeys:\n  outside: {}\n' });
    const set = join(cwd, 'set');
    mkdirSync(set);
    writeFileSync(join(set, 'apigw-sync.yaml'), ROOT);
    // Hidden directories are not searched: the plan is found through the link only.
    mkdirSync(join(set, '.shared'));
    writeFileSync(join(set, '.shared', 'plans.yaml'), 'usagePlans:\n  basic: {}\n');
    symlinkSync('.shared/plans.yaml', join(set, 'linked.yaml'));
    // A link to a file the set holds anyway is read once (no "defined twice").
    writeFileSync(join(set, 'keys.yaml'), 'apiKeys:\n  k: {}\n');
    symlinkSync('keys.yaml', join(set, 'again.yaml'));
    symlinkSync(join(cwd, 'outside', 'keys.yaml'), join(set, 'outside.yaml'));
    symlinkSync('/dev/zero', join(set, 'zero.yaml'));
    const r = await runCli(['validate', 'set'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('2 files in set: 1 API key, 1 usage plan.');
    expect(r.stderr).toContain(`outside.yaml is a symbolic link to ${join(cwd, 'outside', 'keys.yaml')}, outside the spec set's directory; it was skipped.`);
    expect(r.stderr).toContain("zero.yaml is a symbolic link to /dev/zero, outside the spec set's directory; it was skipped.");
    // Each warning is at the link, and shows nothing of what lies outside the set.
    expect(r.stderr).toContain('set/outside.yaml:1:1  warning  spec/link-skipped\n  outside.yaml is a symbolic link');
    expect(r.stderr).toContain('set/zero.yaml:1:1  warning  spec/link-skipped\n');
    expect(r.stderr).not.toContain('outside: {}');
  });
});

describe('--adopt and objects of others', () => {
  it('an untagged usage plan that also covers another API\'s stage is adopted and converges; that stage stays', async () => {
    const bystander = await untaggedApiWithStage('bystander-rest');
    await client.send(new CreateUsagePlanCommand({ name: 'basic', apiStages: [{ apiId: bystander, stage: 'prod' }] }));
    const cwd = writeSet({ 'apigw-sync.yaml': ROOT, 'plans.yaml': 'usagePlans:\n  basic:\n    description: ours now\n    throttle: { rateLimit: 10, burstLimit: 20 }\n' });
    const adopted = await runCli(['apply', '.', '--adopt', '--auto-approve', ...url()], { cwd });
    expect(adopted.code, adopted.stdout + adopted.stderr).toBe(0);
    const planned = await runCli(['plan', '.', ...url()], { cwd });
    expect(planned.stdout).toBe('No changes. The live state matches the specs.\n');
    const plan = (await client.send(new GetUsagePlansCommand({}))).items!.find((p) => p.name === 'basic')!;
    expect(plan.apiStages).toEqual([{ apiId: bystander, stage: 'prod' }]);
    expect(plan.description).toBe('ours now');
  });

  it('an untagged API key whose live value differs is adopted (replaced with the spec\'s value) and converges', async () => {
    await client.send(new CreateApiKeyCommand({ name: 'partner', value: 'Live-Value-Differs-0123456789', enabled: true }));
    const cwd = writeSet({ 'apigw-sync.yaml': ROOT, 'keys.yaml': 'apiKeys:\n  partner:\n    value: ${env:PARTNER_KEY}\n' });
    const env = { PARTNER_KEY: KEY_VALUE };
    const adopted = await runCli(['apply', '.', '--adopt', '--auto-approve', ...url()], { cwd, env });
    expect(adopted.code, adopted.stdout).toBe(0);
    expect(adopted.stdout + adopted.stderr).not.toContain('[object Object]');
    // A new key (a new id) replaces it: the plan and the summary say replace, not adopt.
    expect(adopted.stdout).toContain('-/+ api-key partner  (replace, because');
    expect(adopted.stdout).toContain('--adopt takes it over, then replaces it)');
    expect(adopted.stdout).toContain('! api-key partner: adopt and replace api-key');
    expect(adopted.stdout).toContain('Plan: 0 to create, 0 to update, 0 to deploy, 0 to adopt, 1 to replace, 0 to delete.');
    expect(adopted.stdout).toContain('Apply complete: 0 created, 0 updated, 1 replaced, 0 deleted');
    const planned = await runCli(['plan', '.', ...url()], { cwd, env });
    expect(planned.stdout).toBe('No changes. The live state matches the specs.\n');
    expect(JSON.stringify(emu.state.v1)).toContain(KEY_VALUE);
  });

  // The second value holds what JSON, Markdown and HTML escape: output shows it only escaped.
  it.each([KEY_VALUE, 'Quote"Back\\slash<&>|*_Key-0123456789'])('a key value (%s) pasted into a live description and a tag stays hidden in plan, drift, --out and --summary-file', async (value) => {
    const cwd = writeSet({ 'apigw-sync.yaml': ROOT, 'keys.yaml': 'apiKeys:\n  partner:\n    value: ${env:PARTNER_KEY}\nusagePlans:\n  basic:\n    description: Basic\n    keys: [partner]\n' });
    const env = { PARTNER_KEY: value };
    expect((await runCli(['apply', '.', '--auto-approve', ...url()], { cwd, env })).code).toBe(0);
    const plan = (await client.send(new GetUsagePlansCommand({}))).items!.find((p) => p.name === 'basic')!;
    await client.send(new UpdateUsagePlanCommand({ usagePlanId: plan.id, patchOperations: [{ op: 'replace', path: '/description', value: `Basic ${value}` }] }));
    await client.send(new TagResourceCommand({ resourceArn: `arn:aws:apigateway:us-east-1::/usageplans/${plan.id}`, tags: { copy: value } }));
    const texts: string[] = [];
    for (const args of [
      ['plan', '.', '--out', 'plan.json', '--summary-file', 'plan.md'], ['plan', '.', '--output', 'json'], ['plan', '.', '--output', 'markdown'],
      ['drift', '.', '--summary-file', 'drift.md'], ['drift', '.', '--output', 'json'], ['apply', 'plan.json', '--auto-approve'],
    ]) {
      const r = await runCli([...args, ...url()], { cwd, env });
      texts.push(r.stdout, r.stderr);
    }
    texts.push(...['plan.json', 'plan.md', 'drift.md'].map((f) => readFileSync(join(cwd, f), 'utf8')));
    expect(texts.join('\n')).toContain('Basic (sensitive)');
    const forms = [value, JSON.stringify(value).slice(1, -1), JSON.stringify(JSON.stringify(value)).slice(1, -1), 'Back', 'slash&lt;', 'slash<'];
    for (const t of texts) for (const f of forms) expect(t).not.toContain(f);
  });
});

describe('duplicates owned by the set', () => {
  it('are listed by id, with the commands that remove one', async () => {
    const tags = { 'apigw-sync:managed-by': 'shop' };
    const a = (await client.send(new CreateRestApiCommand({ name: 'shop', tags }))).id!;
    const b = (await client.send(new CreateRestApiCommand({ name: 'shop', tags }))).id!;
    const cwd = writeSet({ 'apigw-sync.yaml': ROOT, 'api.yaml': 'restApis:\n  shop: {}\n' });
    const r = await runCli(['plan', '.', ...url()], { cwd });
    refusedCleanly(r);
    expect(r.stderr).toContain(`Two REST APIs named "shop" carry apigw-sync:managed-by=shop:\n  ${a} (created `);
    expect(r.stderr).toContain(`\n  ${b} (created `);
    expect(r.stderr).toContain(`aws apigateway delete-rest-api --rest-api-id ${b}`);
  });
});
