import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../helpers/emulator.js';
import { findAwsCli, runAws, type AwsCli } from '../emulator/aws-cli.js';
import { cli, scratchWithExamples } from '../helpers/cli.js';

/**
 * import round trips: each example is applied, its ownership tags (and the ownership TXT records of
 * its domains' alias records) are stripped with the real AWS CLI (so it is a set of APIs nobody
 * manages), then imported. The written spec validates and has each domain's `dns:` back, plan
 * --adopt shows nothing but the tags and TXT records to add, apply --adopt adds them, and plan
 * then shows nothing.
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
 * Removes apigw-sync:managed-by from every API, API key, usage plan and domain (and a domain's
 * apigw-sync:dns-zone), and the ownership TXT records beside the domains' alias records, with the
 * AWS CLI. The CLI calls are independent of each other, so they run a few at a time (each is a process).
 */
async function stripOwnership(region = 'us-east-1'): Promise<number> {
  const [apis, keys, plans, v2DomainList, domains, v2Apis, links, v2Links, owned] = await Promise.all([
    aws('get-rest-apis'), aws('get-api-keys'), aws('get-usage-plans'), aws2('get-domain-names'), aws('get-domain-names'), aws2('get-apis'),
    aws('get-vpc-links'), aws2('get-vpc-links'), ownershipRecords(),
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
  const TAGS = ['apigw-sync:managed-by', 'apigw-sync:dns-zone'];
  const untags = [
    ...arns.map((arn) => () => aws('untag-resource', '--resource-arn', arn, '--tag-keys', ...TAGS)),
    ...v2Arns.map((arn) => () => aws2('untag-resource', '--resource-arn', arn, '--tag-keys', ...TAGS)),
    ...owned.map(({ zone, sets }) => () => route53('change-resource-record-sets', '--hosted-zone-id', zone,
      '--change-batch', JSON.stringify({ Changes: sets.map((s) => ({ Action: 'DELETE', ResourceRecordSet: s })) }))),
  ];
  for (let i = 0; i < untags.length; i += 4) await Promise.all(untags.slice(i, i + 4).map((f) => f()));
  return arns.length + v2Arns.length;
}

async function route53(...args: string[]): Promise<any> {
  const r = await runAws(awsCli, emu.url, args, undefined, 'route53');
  if (r.code !== 0) throw new Error(`aws route53 ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.json;
}

/** The TXT records by which apigw-sync owns an alias record (`_apigw-sync-<type>.<name>`), by zone. */
async function ownershipRecords(): Promise<{ zone: string; sets: any[] }[]> {
  const zones = (await route53('list-hosted-zones')).HostedZones as any[];
  const listed = await Promise.all(zones.map(async (z) => ({ zone: z.Id as string,
    sets: ((await route53('list-resource-record-sets', '--hosted-zone-id', z.Id)).ResourceRecordSets as any[])
      .filter((s) => s.Type === 'TXT' && s.Name.startsWith('_apigw-sync-')) })));
  return listed.filter((z) => z.sets.length > 0);
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
// Each round trip runs the AWS CLI a dozen times (a Python process each) besides six apigw-sync
// runs: a minute or more on a loaded machine, hence the tests' 120 s timeout.

/** An op as the adoption checks compare it; a zone's changes by path (their values hold the zone's id). */
const shown = (o: any) => [o.action, o.address, o.kind === 'dns-zone' ? o.changes.map((c: any) => c.path) : o.changes, o.calls.map((c: any) => c.operation)];

/**
 * What plan --adopt does for the alias records of `domains` in `zone`, whose ownership was stripped:
 * the zone tag back on each domain and our TXT record beside each record, one change batch; the
 * records themselves are left as they are.
 */
const dnsAdopted = (zone: string, domains: string[]) => ['adopt', `dns-zone ${zone}`,
  [...domains.map((d) => `/${d} tag apigw-sync:dns-zone`), ...domains.map((d) => `/_apigw-sync-a.${d} TXT`)],
  [...domains.map(() => 'TagResource'), 'ChangeResourceRecordSets', 'GetChange']];

/** import wrote each domain's `dns:` back, naming the zone its alias record is in. */
function expectDnsWrittenBack(domains: string[], zone: string): void {
  const text = filesUnder(join(cwd, 'imported')).map((f) => readFileSync(f, 'utf8')).join('\n');
  for (const d of domains) expect(text).toMatch(new RegExp(`\\n {2}${d.replaceAll('.', '\\.')}:\\n(?: {4}.*\\n)*? {4}dns:\\n {6}hostedZone: ${zone.replaceAll('.', '\\.')}\\n`));
}

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

    expectDnsWrittenBack(['dev-api.petstore.example.com', 'dev-www-api.petstore.example.com'], 'petstore.example.com');
    const plan = await cli(['plan', 'imported', '--adopt', '--output', 'json', ...url()], { cwd, env });
    expect(plan.code).toBe(0);
    const ops = JSON.parse(plan.out).ops as any[];
    const tagged = (a: string) => ['adopt', a, [{ path: '/tags/apigw-sync:managed-by', to: 'imported' }], ['TagResource']];
    expect(ops.map(shown)).toEqual([
      ...['rest-api petstore', 'rest-api petstore-internal', 'v2-vpc-link inventory-alb', 'api-key mobile-app', 'api-key partner',
        'domain-name dev-api.petstore.example.com', 'domain-name dev-www-api.petstore.example.com'].map(tagged),
      dnsAdopted('petstore.example.com', ['dev-api.petstore.example.com', 'dev-www-api.petstore.example.com']),
      tagged('usage-plan basic'),
    ]);
    await adoptThenNoChanges('imported', env);
  }, 120_000);
});

describe.each([
  ['orders-http', 'eu-west-1', ['http-api orders', 'domain-name orders.dev.example.com', 'v2-vpc-link inventory-vpc']],
  ['chat-websocket', 'us-west-2', ['websocket-api chat', 'api-key chat-client', 'domain-name chat.dev.example.com', 'usage-plan chat-clients', 'vpc-link moderation-nlb']],
  // Routing rules come back keyed by priority, the routing mode in the guide's words.
  ['routing-rules', 'us-east-1', ['rest-api orders', 'rest-api users', 'domain-name shop.example.com']],
  // A private domain comes back with its policies and access associations, without its id.
  ['private-api', 'us-east-1', ['rest-api ledger', 'domain-name ledger.internal.example.com']],
])('import, then adopt: the %s example', (example, region, adopted) => {
  // Each of these examples has one domain, its alias record in example.com; a private domain has
  // no alias record (validate refuses dns: on it).
  const domain = adopted.find((a) => a.startsWith('domain-name '))!.slice('domain-name '.length);
  const zone = example === 'private-api' ? undefined : 'example.com';
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
    if (zone) expectDnsWrittenBack([domain], zone);
    const plan = await cli(['plan', 'imported', '--adopt', '--output', 'json', ...url()], { cwd, env: keyEnv });
    expect(plan.err).toBe('');
    const ops = JSON.parse(plan.out).ops as any[];
    expect(ops.map(shown).sort()).toEqual([
      ...adopted.map((a) => ['adopt', a, [{ path: '/tags/apigw-sync:managed-by', to: 'imported' }], ['TagResource']]),
      ...(zone ? [dnsAdopted(zone, [domain])] : []),
    ].sort());
    await adoptThenNoChanges('imported', keyEnv);
  }, 120_000);
});
