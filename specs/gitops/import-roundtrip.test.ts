import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { findAwsCli, runAws, type AwsCli } from '../emulator/aws-cli.js';
import { cli, scratchWithExamples } from '../helpers/cli.js';

/**
 * import round trips: each example is applied, its ownership tags are stripped with the real AWS
 * CLI (so it is a set of APIs nobody manages), then imported. The written spec validates, plan
 * --adopt shows nothing but the tags to add, apply --adopt adds them, and plan then shows nothing.
 */
let emu: RunningEmulator;
let awsCli: AwsCli;
let cwd: string;

async function aws(...args: string[]): Promise<any> {
  const r = await runAws(awsCli, emu.url, args);
  if (r.code !== 0) throw new Error(`aws ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.json;
}
async function aws2(...args: string[]): Promise<any> {
  const r = await runAws(awsCli, emu.url, args, undefined, 'apigatewayv2');
  if (r.code !== 0) throw new Error(`aws ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.json;
}

beforeAll(() => {
  const found = findAwsCli();
  if (!found) throw new Error('The AWS CLI (`aws`) is not on PATH: install it (pip install awscli) to run these tests.');
  awsCli = found;
});
afterEach(() => emu?.close());
beforeEach(() => {
  cwd = scratchWithExamples();
});

/**
 * Removes apigw-sync:managed-by from every API, API key, usage plan and domain, with the AWS CLI.
 * The CLI calls are independent of each other, so they run a few at a time (each is a process).
 */
async function stripOwnership(region = 'us-east-1'): Promise<number> {
  const [apis, keys, plans, v2DomainList, domains, v2Apis, links, v2Links] = await Promise.all([
    aws('get-rest-apis'), aws('get-api-keys'), aws('get-usage-plans'), aws2('get-domain-names'), aws('get-domain-names'), aws2('get-apis'),
    aws('get-vpc-links'), aws2('get-vpc-links'),
  ]);
  const arns: string[] = [];
  for (const a of apis.items ?? []) arns.push(`arn:aws:apigateway:${region}::/restapis/${a.id}`);
  for (const k of keys.items ?? []) arns.push(`arn:aws:apigateway:${region}::/apikeys/${k.id}`);
  for (const p of plans.items ?? []) arns.push(`arn:aws:apigateway:${region}::/usageplans/${p.id}`);
  for (const l of links.items ?? []) arns.push(`arn:aws:apigateway:${region}::/vpclinks/${l.id}`);
  const v2Domains = new Set<string>();
  for (const d of v2DomainList.Items ?? []) if (d.Tags?.['apigw-sync:managed-by']) v2Domains.add(d.DomainName);
  // A private domain is tagged by its own ARN (`.../domainnames/<name>+<domainNameId>`).
  for (const d of domains.items ?? []) {
    if (d.domainNameId) arns.push(d.domainNameArn);
    else if (!v2Domains.has(d.domainName)) arns.push(`arn:aws:apigateway:${region}::/domainnames/${d.domainName}`);
  }
  const v2Arns = [
    ...(v2Apis.Items ?? []).map((a: any) => `arn:aws:apigateway:${region}::/apis/${a.ApiId}`),
    ...[...v2Domains].map((d) => `arn:aws:apigateway:${region}::/domainnames/${d}`),
    ...(v2Links.Items ?? []).map((l: any) => `arn:aws:apigateway:${region}::/vpclinks/${l.VpcLinkId}`),
  ];
  const untags = [
    ...arns.map((arn) => () => aws('untag-resource', '--resource-arn', arn, '--tag-keys', 'apigw-sync:managed-by')),
    ...v2Arns.map((arn) => () => aws2('untag-resource', '--resource-arn', arn, '--tag-keys', 'apigw-sync:managed-by')),
  ];
  for (let i = 0; i < untags.length; i += 4) await Promise.all(untags.slice(i, i + 4).map((f) => f()));
  return arns.length + v2Arns.length;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? filesUnder(join(dir, f)) : [join(dir, f)]));
}

/** Values of every API key, read as a person would to set the variables import names. */
async function keyValues(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const k of (await aws('get-api-keys', '--include-values')).items ?? []) out[k.name] = k.value;
  return out;
}

const url = () => ['--endpoint-url', emu.url];

/** apply --adopt tags them; then plan finds nothing to do and drift nothing to report. */
async function adoptThenNoChanges(dir: string, env: Record<string, string> = {}): Promise<void> {
  const adopted = await cli(['apply', dir, '--adopt', '--auto-approve', ...url()], { cwd, env });
  expect(adopted.err).not.toMatch(/Error/);
  expect(adopted.code).toBe(0);
  const again = await cli(['plan', dir, '--detailed-exitcode', ...url()], { cwd, env });
  expect(again.out).toBe('No changes. The live state matches the specs.\n');
  expect(again.code).toBe(0);
  const drift = await cli(['drift', dir, ...url()], { cwd, env });
  expect(drift.out).toBe('No drift. AWS matches the specs in git.\n');
  expect(drift.code).toBe(0);
}

describe('import, then adopt: the petstore example', () => {
  it('imports what apply made, validates, adopts with tag additions only, and plans to nothing', async () => {
    emu = await startEmulator({ port: 0 });
    const applied = await cli(['apply', 'examples/petstore', '--auto-approve', ...url()], { cwd });
    expect(applied.code).toBe(0);
    expect(await stripOwnership()).toBe(8);

    const imported = await cli(['import', '--all', '--out', 'imported', '--region', 'us-east-1', ...url()], { cwd });
    expect(imported.err).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/^Imported 2 REST APIs, 0 HTTP APIs, 0 WebSocket APIs, 2 API keys, 1 usage plan, 2 domains and 1 VPC link into imported as spec set "imported":\n/);
    const values = await keyValues();
    const env = { APIGW_KEY_PARTNER: values.partner!, APIGW_KEY_MOBILE_APP: values['mobile-app']! };
    // The secrets are nowhere in what import wrote or printed.
    for (const f of filesUnder(join(cwd, 'imported'))) {
      for (const v of Object.values(values)) expect(readFileSync(f, 'utf8')).not.toContain(v);
    }
    for (const v of Object.values(values)) expect(imported.out).not.toContain(v);

    const valid = await cli(['validate', 'imported'], { cwd, env });
    expect(valid.err).toBe('');
    expect(valid.code).toBe(0);

    const plan = await cli(['plan', 'imported', '--adopt', '--output', 'json', ...url()], { cwd, env });
    expect(plan.code).toBe(0);
    const ops = JSON.parse(plan.out).ops as any[];
    expect(ops.map((o) => [o.action, o.address, o.changes, o.calls.map((c: any) => c.operation)])).toEqual(
      ['rest-api petstore', 'rest-api petstore-internal', 'v2-vpc-link inventory-alb', 'api-key mobile-app', 'api-key partner',
        'domain-name dev-api.petstore.example.com', 'domain-name dev-www-api.petstore.example.com', 'usage-plan basic']
        .map((a) => ['adopt', a, [{ path: '/tags/apigw-sync:managed-by', to: 'imported' }], ['TagResource']]),
    );
    await adoptThenNoChanges('imported', env);
  });
});

describe.each([
  ['orders-http', 'eu-west-1', ['http-api orders', 'domain-name orders.dev.example.com', 'v2-vpc-link inventory-vpc']],
  ['chat-websocket', 'us-west-2', ['websocket-api chat', 'api-key chat-client', 'domain-name chat.dev.example.com', 'usage-plan chat-clients', 'vpc-link moderation-nlb']],
  // Routing rules come back keyed by priority, the routing mode in the guide's words.
  ['routing-rules', 'us-east-1', ['rest-api orders', 'rest-api users', 'domain-name shop.example.com']],
  // A private domain comes back with its policies and access associations, without its id.
  ['private-api', 'us-east-1', ['rest-api ledger', 'domain-name ledger.internal.example.com']],
])('import, then adopt: the %s example', (example, region, adopted) => {
  it('imports what apply made, validates, adopts with tag additions only, and plans to nothing', async () => {
    emu = await startEmulator({ port: 0, region });
    const env = { CHAT_PARTNER_KEY: 'Chat-Partner-Key-Value-0123456789' };
    const applied = await cli(['apply', `examples/${example}`, '--auto-approve', ...url()], { cwd, env });
    expect(applied.err).not.toMatch(/Error/);
    expect(applied.code).toBe(0);
    expect(await stripOwnership(region)).toBe(adopted.length);

    const imported = await cli(['import', '--all', '--out', 'imported', '--region', region, ...url()], { cwd });
    expect(imported.err).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/ 1 domain( and 1 VPC link)? into imported as spec set "imported":\n/);
    const values = await keyValues();
    const keyEnv = Object.fromEntries(Object.entries(values).map(([k, v]) => [`APIGW_KEY_${k.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`, v]));
    for (const f of filesUnder(join(cwd, 'imported'))) for (const v of Object.values(values)) expect(readFileSync(f, 'utf8')).not.toContain(v);
    const valid = await cli(['validate', 'imported'], { cwd, env: keyEnv });
    expect(valid.err).toBe('');
    expect(valid.code).toBe(0);
    const plan = await cli(['plan', 'imported', '--adopt', '--output', 'json', ...url()], { cwd, env: keyEnv });
    expect(plan.err).toBe('');
    const ops = JSON.parse(plan.out).ops as any[];
    expect(ops.map((o) => [o.action, o.address, o.changes, o.calls.map((c: any) => c.operation)]).sort()).toEqual(
      adopted.map((a) => ['adopt', a, [{ path: '/tags/apigw-sync:managed-by', to: 'imported' }], ['TagResource']]).sort(),
    );
    await adoptThenNoChanges('imported', keyEnv);
  });
});
