import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UpdateRestApiCommand, GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { ChangeResourceRecordSetsCommand, ListHostedZonesByNameCommand, Route53Client } from '@aws-sdk/client-route-53';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_ZONES, startEmulator, zoneRecords } from '../helpers/emulator.js';
import { emulatorSession } from '../helpers/emulator-session.js';
import { TEST_CREDENTIALS, v1Client } from '../emulator/helpers.js';
import { cli, EMULATOR_ENV } from '../helpers/cli.js';
import { zonesNamed } from '../../src/cli/plan-session.js';
import { loadSpecSet } from '../../src/schema/load/load-spec-set.js';
import type { SpecSet } from '../../src/schema/types.js';

// The plan, apply and destroy commands end to end: the real CLI, loader, planner, executor and
// SDK, over HTTP against the emulator.

const e2e = emulatorSession();

const SPECS = 'examples/petstore';
const apply = (...extra: string[]) => cli(['apply', SPECS, '--auto-approve', ...e2e.url, ...extra], { cwd: e2e.cwd });
const plan = (...extra: string[]) => cli(['plan', SPECS, ...e2e.url, ...extra], { cwd: e2e.cwd });
const editSpec = (from: string, to: string) => e2e.edit('petstore.yaml', from, to);
const editDomains = (from: string, to: string) => e2e.edit('domains.yaml', from, to);

describe('apply, then plan, on the example', () => {
  it('applies to an empty emulator; then plan shows no changes and a second apply makes zero writes', async () => {
    const first = await apply();
    expect(first.err).not.toMatch(/Error/);
    expect(first.code).toBe(0);
    // The API with many methods is written in bulk (ImportRestApi), the rest per object.
    expect(first.out).toMatch(/^Bulk write of rest-api petstore: \d+ methods via ImportRestApi, 1 call\.$/m);
    // 2 updated: the account's CloudWatch role (the account exists already) and the hosted zone
    // that gets the domains' alias records
    expect(first.out).toMatch(/^Apply complete: \d+ created, 2 updated, 0 replaced, 0 deleted in \d+\.\ds \(\d+ AWS calls: \d+ to read the live state, \d+ to apply\)\.$/m);
    // The custom domains' alias records are kept by apigw-sync (`dns:`): nothing left to point by hand.
    expect(first.out).not.toContain('Point each custom domain');
    expect(zoneRecords(e2e.emu)).toStrictEqual([
      '_apigw-sync-a.dev-api.petstore.example.com TXT', '_apigw-sync-a.dev-www-api.petstore.example.com TXT',
      'dev-api.petstore.example.com A <- petstore/dev', 'dev-www-api.petstore.example.com A <- petstore/dev',
    ]);
    // progress in CI: one plain line per step on stderr
    expect(first.err).toMatch(/^\[\d+\/\d+\] \d+\.\ds created rest-api petstore$/m);

    const again = await plan('--detailed-exitcode');
    expect(again.out).toBe('No changes. The live state matches the specs.\n');
    expect(again.code).toBe(0);

    const writes = e2e.emu.calls().writes;
    const second = await apply();
    expect(second.code).toBe(0);
    expect(second.out).toBe('No changes. The live state matches the specs.\n');
    expect(e2e.emu.calls().writes - writes).toBe(0);
  });

  it('apply says where to point a custom domain whose DNS records it does not keep (no `dns:`)', async () => {
    editDomains('    # An edge-optimized domain\'s alias record points at its CloudFront distribution.\n    dns: { hostedZone: petstore.example.com }\n', '');
    editDomains('    # The pet store\'s own zone, delegated from example.com: apigw-sync keeps the alias record there.\n    dns: { hostedZone: petstore.example.com }\n', '');
    const first = await apply();
    expect(first.code, first.err).toBe(0);
    expect(first.out).toContain('\nPoint each custom domain at its API Gateway target (for example with a Route 53 alias record):\n');
    expect(first.out).toMatch(/^ {2}dev-api\.petstore\.example\.com -> d-\w+\.execute-api\.us-east-1\.amazonaws\.com \(hosted zone Z\w+\)$/m);
    expect(first.out).toMatch(/^ {2}dev-www-api\.petstore\.example\.com -> \w+\.cloudfront\.net \(hosted zone Z2FDTNDATAQYW2\)$/m);
    expect(zoneRecords(e2e.emu)).toStrictEqual([]);
  });

  it('plan --detailed-exitcode exits 2 for changes; JSON output is valid against the published schema', async () => {
    const res = await plan('--detailed-exitcode', '--output', 'json');
    expect(res.code).toBe(2);
    const schema = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'schema', 'plan.schema.json'), 'utf8'));
    const validate = new Ajv({ strict: true, validateFormats: false }).compile(schema);
    const json = JSON.parse(res.out);
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(json.target).toMatchObject({ specSet: 'petstore', region: 'us-east-1', environment: 'dev', endpoint: e2e.emu.url });
    expect(e2e.emu.calls().writes).toBe(0);
  });

  it('--output markdown and --summary-file give the PR comment; --stats counts the calls by operation', async () => {
    const summary = join(e2e.cwd, 'summary.md');
    const res = await plan('--output', 'markdown', '--summary-file', summary, '--stats');
    expect(res.code).toBe(0);
    expect(res.out).toContain('### apigw-sync plan: `petstore` (us-east-1, dev, account 123456789012)');
    expect(readFileSync(summary, 'utf8')).toBe(res.out);
    expect(res.err).toContain(`AWS calls: ${e2e.emu.calls().total}\n`);
    expect(res.err).toMatch(/^ {2}GetRestApis +1$/m);
  });
});

// Spec sets only (examples/github-actions holds CI workflows).
const EXAMPLES = readdirSync(join(import.meta.dirname, '..', '..', 'examples'))
  .filter((d) => existsSync(join(import.meta.dirname, '..', '..', 'examples', d, 'apigw-sync.yaml'))).sort();

/** The example's spec set as apply reads it (its default environment). */
function exampleSet(example: string, environment?: string): SpecSet {
  const loaded = loadSpecSet([join(e2e.cwd, 'examples', example)], { env: EMULATOR_ENV, cwd: e2e.cwd, ...(environment ? { environment } : {}) });
  if (!loaded.ok) throw new Error(`examples/${example} does not load: ${JSON.stringify(loaded.diagnostics)}`);
  return loaded.specSet;
}

describe.each(EXAMPLES)('example %s', (example) => {
  it('apply to an empty emulator; then plan shows no changes; a second apply makes zero writes; destroy deletes our DNS records only', async () => {
    // An emulator of the example's region, as AWS's endpoints are per region.
    const root = parse(readFileSync(join(e2e.cwd, 'examples', example, 'apigw-sync.yaml'), 'utf8')) as { region: string };
    // The account has the examples' Route 53 zones (helpers/emulator.ts).
    const regional = await startEmulator({ port: 0, region: root.region });
    try {
      const args = [`examples/${example}`, '--endpoint-url', regional.url];
      const first = await cli(['apply', ...args, '--auto-approve'], { cwd: e2e.cwd });
      expect(first.code, first.out + first.err).toBe(0);
      expect(regional.calls().writes).toBeGreaterThan(0);
      const planned = await cli(['plan', ...args, '--detailed-exitcode'], { cwd: e2e.cwd });
      expect(planned.out).toBe('No changes. The live state matches the specs.\n');
      expect(planned.code).toBe(0);
      const writes = regional.calls().writes;
      expect((await cli(['apply', ...args, '--auto-approve'], { cwd: e2e.cwd })).code).toBe(0);
      expect(regional.calls().writes).toBe(writes);

      // Every public custom domain of an example has its DNS kept by apigw-sync: an alias A record
      // (and AAAA when dualstack), each with its ownership TXT record, in the zone its `dns:` names.
      // A private domain has no alias target (its record, in a private hosted zone, points at the
      // VPC endpoint): validate refuses dns: there.
      const set = exampleSet(example);
      const owner = set.environment ? `${set.name}/${set.environment}` : set.name;
      const domains = Object.entries(set.domains).filter(([, d]) => d.endpointType !== 'PRIVATE');
      for (const [name, d] of domains) expect(d.dns?.hostedZone, `examples/${example}: domain ${name} has no dns:`).toBeDefined();
      const ours = domains.flatMap(([name, d]) => (d.ipAddressType === 'dualstack' ? ['A', 'AAAA'] : ['A'])
        .flatMap((type) => [`${name} ${type} <- ${owner}`, `_apigw-sync-${type.toLowerCase()}.${name} TXT`])).sort();
      expect(zoneRecords(regional)).toStrictEqual(ours);
      if (domains.length === 0) return;

      // destroy deletes them, and leaves a record of the zone nobody here owns.
      const zone = domains[0]![1].dns!.hostedZone;
      const r53 = new Route53Client({ region: root.region, endpoint: regional.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
      const zoneId = (await r53.send(new ListHostedZonesByNameCommand({ DNSName: zone }))).HostedZones![0]!.Id!;
      await r53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: [
        { Action: 'CREATE', ResourceRecordSet: { Name: `www.${zone}`, Type: 'A', TTL: 300, ResourceRecords: [{ Value: '192.0.2.10' }] } }] } }));
      const destroyed = await cli(['destroy', ...args, '--auto-approve'], { cwd: e2e.cwd });
      expect(destroyed.code, destroyed.out + destroyed.err).toBe(0);
      expect(zoneRecords(regional)).toStrictEqual([`www.${zone} A`]);
    } finally {
      await regional.close();
    }
  });
});

it('the tests\' emulators have exactly the Route 53 zones the examples name, in every environment (what --local makes)', () => {
  const named = new Set<string>();
  for (const example of EXAMPLES) {
    const root = parse(readFileSync(join(e2e.cwd, 'examples', example, 'apigw-sync.yaml'), 'utf8')) as { environments?: Record<string, unknown> };
    for (const environment of Object.keys(root.environments ?? { '': 0 })) for (const z of zonesNamed(exampleSet(example, environment))) named.add(z);
  }
  expect([...named].sort()).toStrictEqual([...EXAMPLE_ZONES].sort());
});

describe('refusals', () => {
  it('an invalid spec makes no AWS call and exits 1 with the located diagnostic', async () => {
    editSpec('    endpointType: REGIONAL', '    endpointTyp: REGIONAL');
    for (const args of [['plan', SPECS, ...e2e.url], ['apply', SPECS, '--auto-approve', ...e2e.url], ['destroy', SPECS, '--auto-approve', ...e2e.url]]) {
      const res = await cli(args, { cwd: e2e.cwd });
      expect(res.code).toBe(1);
      expect(res.err).toMatch(/examples\/petstore\/petstore\.yaml:6:5 +error/);
      expect(res.err).toContain('Error: The specs have 1 error (listed above); nothing was sent to AWS.\n');
    }
    expect(e2e.emu.calls().total).toBe(0);
  });

  it.each([
    { args: ['plan', SPECS, '--local', '--endpoint-url', 'http://127.0.0.1:1'], message: 'Error: --local and --endpoint-url cannot be used together.' },
    { args: ['apply', SPECS, '--auto-approve', '--parallelism', '0'], message: 'Error: Invalid --parallelism value "0".' },
    { args: ['apply', SPECS, '--auto-approve', '--parallelism', 'many'], message: 'Error: Invalid --parallelism value "many".' },
    { args: ['plan', SPECS, '--endpoint-url', 'localhost:4566'], message: 'Error: --endpoint-url "localhost:4566" is not an http:// or https:// URL.' },
    { args: ['plan', SPECS, '--output', 'yaml'], message: "error: option '--output <format>' argument 'yaml' is invalid. Allowed choices are text, json, markdown." },
  ])('usage error, exit 1 (2 means changes) before any I/O: $args', async ({ args, message }) => {
    const res = await cli(args, { cwd: e2e.cwd });
    expect(res.err).toContain(message);
    expect(res.code).toBe(1);
    expect(e2e.emu.calls().total).toBe(0);
  });

  it('an unreachable endpoint is a clear error, not a stack trace', async () => {
    const closed = await startEmulator({ port: 0 });
    await closed.close();
    const res = await cli(['plan', SPECS, '--endpoint-url', closed.url], { cwd: e2e.cwd });
    expect(res.code).toBe(1);
    expect(res.err).toBe(
      `Error: Could not reach ${closed.url}: ECONNREFUSED (connect ECONNREFUSED ${closed.url.replace('http://', '')}).\n` +
        '  Fix: Check the endpoint URL and your network, then run the command again.\n',
    );
  });

  it('apply with changes, no terminal and no --auto-approve shows the plan and refuses before any write call', async () => {
    const res = await cli(['apply', SPECS, ...e2e.url], { cwd: e2e.cwd });
    expect(res.out).toContain('Plan: ');
    expect(res.code).toBe(1);
    expect(res.err).toBe(
      'Error: apply needs a confirmation, but there is no terminal to ask on (stdin is not a TTY). Nothing was changed.\n' +
        '  Fix: Review the plan (apigw-sync plan), then run apply with --auto-approve, or apply a saved plan (plan --out FILE, then apply FILE --auto-approve).\n',
    );
    expect(e2e.emu.calls().writes).toBe(0);
  });

  it('a blocked deletion (a stage no longer in the specs) is refused with no write call, and runs with --allow-destroy', async () => {
    expect((await apply()).code).toBe(0);
    const writes = e2e.emu.calls().writes;
    // GIVEN the dev environment's stage renamed to test, so the dev stages are no longer in the specs
    const root = join(e2e.cwd, SPECS, 'apigw-sync.yaml');
    writeFileSync(root, readFileSync(root, 'utf8').replace('    stage: dev\n', '    stage: test\n'));
    const refused = await apply();
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('  - rest-api petstore / stage dev  (blocked: deleting a stage needs --allow-destroy)\n');
    expect(refused.err).toContain(
      'Error: The plan deletes 2 objects that need --allow-destroy:\n' +
        '  - rest-api petstore / stage dev\n  - rest-api petstore-internal / stage dev\n' +
        'Nothing was changed.\n',
    );
    expect(e2e.emu.calls().writes).toBe(writes);
    const allowed = await apply('--allow-destroy');
    expect(allowed.code, allowed.err).toBe(0);
    expect((await plan('--detailed-exitcode')).code).toBe(0);
  });
});

describe('saved plans', () => {
  it('applies exactly the saved plan when the live state is unchanged', async () => {
    expect((await apply()).code).toBe(0);
    editSpec('description: Pet store users and orders (REST API of the guide)', 'description: Pet store v2');
    const made = await plan('--out', 'plan.json');
    // The hint carries the connection flags: following it reaches the same endpoint, not AWS.
    expect(made.err).toContain(`Saved the plan to plan.json. Apply exactly this plan with: apigw-sync apply plan.json --endpoint-url ${e2e.emu.url}\n`);
    const saved = JSON.parse(readFileSync(join(e2e.cwd, 'plan.json'), 'utf8'));
    // The plan records the account the endpoint answered for (STS GetCallerIdentity), and shows it.
    expect(saved.target).toMatchObject({ endpoint: e2e.emu.url, accountId: '123456789012' });
    expect(made.out).toContain(`(us-east-1, environment dev, ${e2e.emu.url}, account 123456789012):`);
    const res = await cli(['apply', 'plan.json', '--auto-approve', ...e2e.url], { cwd: e2e.cwd });
    expect(res.code, res.err).toBe(0);
    expect(res.out).toContain(`Apply complete: 1 created, ${saved.ops.length - 1} updated, 0 replaced, 0 deleted`);
    expect((await plan('--detailed-exitcode')).code).toBe(0);
  });

  it('refuses a saved plan when the live state changed since, naming what changed, with no write call', async () => {
    expect((await apply()).code).toBe(0);
    editSpec('description: Pet store users and orders (REST API of the guide)', 'description: Pet store v2');
    expect((await plan('--out', 'plan.json')).code).toBe(0);
    // someone edits the API in the console
    const client = v1Client(e2e.emu);
    const id = (await client.send(new GetRestApisCommand({}))).items![0]!.id!;
    await client.send(new UpdateRestApiCommand({ restApiId: id, patchOperations: [{ op: 'replace', path: '/minimumCompressionSize', value: '2048' }] }));
    const writes = e2e.emu.calls().writes;
    const res = await cli(['apply', 'plan.json', '--auto-approve', ...e2e.url], { cwd: e2e.cwd });
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/^Error: The live state changed since plan\.json was made \(.+\), so it may no longer do what was reviewed\. Nothing was applied\.\n {2}changed: rest-api petstore\n {2}Fix: Run `apigw-sync plan --out FILE` again, review the new plan, and apply that\.\n$/);
    expect(e2e.emu.calls().writes).toBe(writes);
  });

  it('--env and --target are fixed by a saved plan', async () => {
    expect((await plan('--out', 'plan.json')).code).toBe(0);
    const res = await cli(['apply', 'plan.json', '--auto-approve', '--env', 'prod', ...e2e.url], { cwd: e2e.cwd });
    expect(res.code).toBe(1);
    expect(res.err).toContain('Error: --env cannot be used with a saved plan: the plan already fixes it.');
  });
});

describe('destroy', () => {
  it('deletes everything the spec set owns and nothing else', async () => {
    expect((await apply()).code).toBe(0);
    const client = v1Client(e2e.emu);
    const { CreateRestApiCommand } = await import('@aws-sdk/client-api-gateway');
    await client.send(new CreateRestApiCommand({ name: 'not-ours' }));
    const res = await cli(['destroy', SPECS, '--auto-approve', ...e2e.url], { cwd: e2e.cwd });
    expect(res.code, res.err).toBe(0);
    expect(res.out).toContain(`apigw-sync destroy: deletes everything spec set "petstore" owns (us-east-1, environment dev, ${e2e.emu.url}, account 123456789012):\n`);
    expect(res.out).toContain('  - rest-api petstore');
    // 8 top-level objects, and the 8 invoke permissions the set added to its functions' policies
    expect(res.out).toMatch(/^Destroy complete: 16 deleted in \d+\.\ds \(\d+ AWS calls: \d+ to read the live state, \d+ to destroy\)\.$/m);
    expect(res.out.match(/^ {2}- lambda-permission /gm)).toHaveLength(8);
    const left = (await client.send(new GetRestApisCommand({}))).items?.map((a) => a.name);
    expect(left).toEqual(['not-ours']);
    const again = await cli(['destroy', SPECS, '--auto-approve', ...e2e.url], { cwd: e2e.cwd });
    expect(again.out).toBe('Nothing to destroy: spec set "petstore" owns nothing here.\n');
  });
});

describe('--local', () => {
  it('keeps the emulator state in .apigw-sync/ so a later run sees what an earlier one applied', async () => {
    const applied = await cli(['apply', SPECS, '--local', '--auto-approve'], { cwd: e2e.cwd });
    expect(applied.code, applied.err).toBe(0);
    const planned = await cli(['plan', SPECS, '--local', '--detailed-exitcode'], { cwd: e2e.cwd });
    expect(planned.out).toBe('No changes. The live state matches the specs.\n');
    expect(planned.code).toBe(0);
    expect(readFileSync(join(e2e.cwd, '.apigw-sync', 'local-emulator-state.json'), 'utf8')).toContain('petstore');
  });

  it('has the Route 53 zones the specs name: the custom-domain example applies with its records, then plans no changes, then destroys', async () => {
    const applied = await cli(['apply', 'examples/custom-domain', '--local', '--auto-approve'], { cwd: e2e.cwd });
    expect(applied.code, applied.out + applied.err).toBe(0);
    expect(applied.out + applied.err).toContain('updated dns-zone example.com');
    const planned = await cli(['plan', 'examples/custom-domain', '--local', '--detailed-exitcode'], { cwd: e2e.cwd });
    expect(planned.out).toBe('No changes. The live state matches the specs.\n');
    const destroyed = await cli(['destroy', 'examples/custom-domain', '--local', '--auto-approve'], { cwd: e2e.cwd });
    expect(destroyed.code, destroyed.out + destroyed.err).toBe(0);
    expect(readFileSync(join(e2e.cwd, '.apigw-sync', 'local-emulator-state.json'), 'utf8')).not.toContain('_apigw-sync-a.status.example.com');
  });

  it('a damaged state file is a clear error with a fix', async () => {
    mkdirSync(join(e2e.cwd, '.apigw-sync'));
    writeFileSync(join(e2e.cwd, '.apigw-sync', 'local-emulator-state.json'), '{broken');
    const res = await cli(['plan', SPECS, '--local'], { cwd: e2e.cwd });
    expect(res.code).toBe(1);
    expect(res.err).toContain(`Error: --local cannot keep its state in ${join(e2e.cwd, '.apigw-sync')}: Cannot load the emulator state from `);
    expect(res.err).toContain('  Fix: Run from a directory you can write to, or delete .apigw-sync/local-emulator-state.json if it is damaged');
  });
});
