import { GetIntegrationCommand, GetIntegrationResponseCommand, GetResourcesCommand, GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import fc from 'fast-check';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { computePlan } from '../../../src/reconcile/index.js';
import { renderPlanText } from '../../../src/render/plan-text.js';
import type { SpecSet } from '../../../src/schema/index.js';
import { TEST_CREDENTIALS, withEmulator } from '../../emulator/helpers.js';
import { expectGolden } from '../../helpers/golden.js';
import { errorsOf, load, ROOT } from '../../schema/helpers.js';
import { runPlan } from '../helpers/run-plan.js';
import { findAwsCli, runAws } from '../../emulator/aws-cli.js';
import type { APIGatewayClient } from '@aws-sdk/client-api-gateway';

/**
 * Empty strings in maps. Where AWS keeps `""` (a REST passthrough template, which it stores and
 * returns as null; a tag value) a spec may write it, and it must reach AWS: the SDK's JSON
 * serialiser drops null map values, so the planner sends `""` as the AWS CLI does. Where AWS
 * refuses `""` or takes it as "remove this entry" (parameter mappings, model names, stage
 * variables, v2 templates, gateway responses), validate refuses it at file:line:column.
 */
let emu: RunningEmulator;
let client: APIGatewayClient;
let v2: ApiGatewayV2Client;

beforeAll(async () => {
  ({ emu, client } = await withEmulator());
  v2 = new ApiGatewayV2Client({ region: 'us-east-1', endpoint: emu.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
});
afterAll(() => emu?.close());

function loaded(yaml: string): SpecSet {
  const { result } = load({ 'apigw-sync.yaml': ROOT, 'specs.yaml': yaml });
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  return result.specSet;
}

const plan = async (s: SpecSet) => (await computePlan({ specSet: s, clients: { apigateway: client, apigatewayv2: v2 } })).plan;

/** Every map field whose values may be "": applied, planned empty, re-applied with zero writes. */
interface Empties {
  requestTemplates: string[];
  responseTemplates: string[];
  apiTags: string[];
  stageTags: string[];
  keyTags: string[];
  planTags: string[];
  httpApiTags: string[];
  httpStageTags: string[];
  domainTags: string[];
  linkTags: string[];
  wsApiTags: string[];
  wsStageTags: string[];
  certTags: string[];
  /** Method request parameters and method response parameters: booleans, whose "empty" is false. */
  requestParams: string[];
  responseParams: string[];
}

const TYPES = ['application/json', 'application/xml', 'text/plain'];
const TAGS = ['team', 'cost-centre', 'note'];
const REQUEST_PARAMS = ['method.request.querystring.q', 'method.request.header.x-trace'];
const RESPONSE_PARAMS = ['method.response.header.x-a', 'method.response.header.x-b'];
const entries = (keys: string[], value: (k: string) => string) => `{ ${keys.map((k) => `"${k}": ${JSON.stringify(value(k))}`).join(', ')} }`;

function specYaml(e: Empties, filled: boolean): string {
  // `filled` keeps the keys but gives each one a value: the other half of the property (a value
  // that becomes "" and back is an update, not only a create).
  const v = (k: string) => (filled ? `x-${k}` : '');
  const tpl = (k: string) => (filled ? `{"type": "${k}"}` : '');
  const opt = (field: string, keys: string[], value: (k: string) => string) => (keys.length ? `${field}: ${entries(keys, value)}` : '');
  const flags = (field: string, keys: string[]) => (keys.length ? `${field}: { ${keys.map((k) => `"${k}": ${filled}`).join(', ')} }` : '');
  return `
restApis:
  shop:
    ${opt('tags', e.apiTags, v)}
    resources:
      /items:
        GET:
          ${flags('requestParameters', e.requestParams)}
          integration:
            type: MOCK
            ${opt('requestTemplates', e.requestTemplates, tpl)}
            responses:
              "200": { ${opt('responseTemplates', e.responseTemplates, tpl)} }
          responses: { "200": { ${flags('responseParameters', e.responseParams)} } }
    stages:
      dev: { ${opt('tags', e.stageTags, v)} }
apiKeys:
  partner: { ${opt('tags', e.keyTags, v)} }
usagePlans:
  basic: { apiStages: [{ api: shop, stage: dev }], keys: [partner], ${opt('tags', e.planTags, v)} }
httpApis:
  orders:
    ${opt('tags', e.httpApiTags, v)}
    integrations: { fn: { lambda: "arn:aws:lambda:us-east-1:123456789012:function:orders", payloadFormatVersion: "2.0" } }
    routes: { "GET /orders": { integration: fn } }
    stages:
      $default: { autoDeploy: true, ${opt('tags', e.httpStageTags, v)} }
webSocketApis:
  chat:
    routeSelectionExpression: $request.body.action
    ${opt('tags', e.wsApiTags, v)}
    integrations: { echo: { type: MOCK, requestTemplates: { "$default": '{"statusCode": 200}' } } }
    routes: { "$default": { integration: echo } }
    stages:
      live: { ${opt('tags', e.wsStageTags, v)} }
clientCertificates:
  backend: { description: "to the backend", ${opt('tags', e.certTags, v)} }
domains:
  api.example.com: { regionalCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/c1", ${opt('tags', e.domainTags, v)} }
vpcLinks:
  internal: { targetArns: ["arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/internal/50dc6c495c0c9188"], ${opt('tags', e.linkTags, v)} }
`;
}

const keys = (from: string[]) => fc.subarray(from);
const arbEmpties: fc.Arbitrary<Empties> = fc.record({
  requestTemplates: keys(TYPES), responseTemplates: keys(TYPES), apiTags: keys(TAGS), stageTags: keys(TAGS),
  keyTags: keys(TAGS), planTags: keys(TAGS), httpApiTags: keys(TAGS), httpStageTags: keys(TAGS),
  domainTags: keys(TAGS), linkTags: keys(TAGS), wsApiTags: keys(TAGS), wsStageTags: keys(TAGS), certTags: keys(TAGS),
  requestParams: keys(REQUEST_PARAMS), responseParams: keys(RESPONSE_PARAMS),
});

async function converges(s: SpecSet): Promise<void> {
  await runPlan(client, await plan(s), {}, v2);
  const again = await plan(s);
  expect(again.ops.map((o) => `${o.address} ${JSON.stringify(o.changes)}`)).toStrictEqual([]);
  emu.resetCalls();
  await runPlan(client, again, {}, v2);
  expect(emu.calls().writes).toBe(0);
}

describe('empty strings in maps where AWS keeps them', () => {
  it('property: a spec with "" in any of these maps applies, plans empty and re-applies with zero writes; so does a change to and from ""', async () => {
    await fc.assert(
      fc.asyncProperty(arbEmpties, async (e) => {
        emu.reset();
        await converges(loaded(specYaml(e, false)));
        await converges(loaded(specYaml(e, true)));
        await converges(loaded(specYaml(e, false)));
      }),
      { numRuns: 10 },
    );
  }, 300_000);

  it('no planned call holds a null inside a map: the SDK would drop it', async () => {
    emu.reset();
    const all: Empties = { requestTemplates: TYPES, responseTemplates: TYPES, apiTags: TAGS, stageTags: TAGS, keyTags: TAGS, planTags: TAGS, httpApiTags: TAGS, httpStageTags: TAGS, domainTags: TAGS, linkTags: TAGS, wsApiTags: TAGS, wsStageTags: TAGS, certTags: TAGS, requestParams: REQUEST_PARAMS, responseParams: RESPONSE_PARAMS };
    const p = await plan(loaded(specYaml(all, false)));
    const nulls: string[] = [];
    const walk = (v: unknown, at: string) => {
      if (v === null) nulls.push(at);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${at}.${k}`);
    };
    for (const op of p.ops) for (const c of op.calls) walk(c.input, `${op.address} ${c.operation}`);
    expect(nulls).toStrictEqual([]);
    const put = p.ops.flatMap((o) => o.calls).find((c) => c.operation === 'PutIntegrationResponse');
    expect(put?.input.responseTemplates).toStrictEqual({ 'application/json': '', 'application/xml': '', 'text/plain': '' });
  });
});

describe("the guide's `put-integration-response --response-templates '{\"application/json\": \"\"}'`", () => {
  const GUIDE = `
restApis:
  guide:
    resources:
      /users:
        GET:
          integration:
            type: MOCK
            requestTemplates: { application/json: '{"statusCode": 200}' }
            responses:
              "200": { responseTemplates: { application/json: "" } }
          responses:
            "200": { responseModels: { application/json: Empty } }
    stages:
      dev: {}
`;

  it('plans the call the AWS CLI makes (golden), and AWS keeps the passthrough template', async () => {
    emu.reset();
    const s = loaded(GUIDE);
    const first = await plan(s);
    const put = first.ops.find((o) => o.kind === 'integration-response')!;
    const dir = join(import.meta.dirname, '..', '..', 'golden', '016-plan-empty-response-template');
    expectGolden(join(dir, 'integration-response-op.json'), `${JSON.stringify({ ...put, calls: put.calls.map((c) => ({ ...c, input: { ...c.input, restApiId: '[restApiId]', resourceId: '[resourceId]' } })) }, null, 2)}\n`);
    expectGolden(join(dir, 'plan.txt'), renderPlanText(first).split(emu.url).join('[endpoint]'));
    await runPlan(client, first, {}, v2);
    const api = (await client.send(new GetRestApisCommand({}))).items!.find((a) => a.name === 'guide')!;
    const users = (await client.send(new GetResourcesCommand({ restApiId: api.id! }))).items!.find((r) => r.path === '/users')!;
    const ids = { restApiId: api.id!, resourceId: users.id!, httpMethod: 'GET' };
    // What get-integration-response shows after the guide's own command (recorded from AWS): null.
    expect((await client.send(new GetIntegrationResponseCommand({ ...ids, statusCode: '200' }))).responseTemplates).toStrictEqual({ 'application/json': null });
    expect((await client.send(new GetIntegrationCommand(ids))).requestTemplates).toStrictEqual({ 'application/json': '{"statusCode": 200}' });
    expect((await plan(s)).ops).toStrictEqual([]);
    // The guide's exact command, run with the real AWS CLI on the same method, leaves what apigw-sync made.
    const awsCli = findAwsCli();
    if (!awsCli) throw new Error('The AWS CLI (`aws`) is not on PATH: install it (pip install awscli) to run these tests.');
    const r = await runAws(awsCli, emu.url, ['put-integration-response', '--rest-api-id', ids.restApiId, '--resource-id', ids.resourceId,
      '--http-method', 'GET', '--status-code', '200', '--response-templates', '{"application/json": ""}']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toStrictEqual({ statusCode: '200', responseTemplates: { 'application/json': null } });
    expect((await plan(s)).ops).toStrictEqual([]);
  });

  it('a passthrough request template too, written as `application/json:` (YAML null) or ""', async () => {
    emu.reset();
    const s = loaded(GUIDE.replace(`requestTemplates: { application/json: '{"statusCode": 200}' }`, 'requestTemplates:\n              application/json:\n              text/plain: ""'));
    await converges(s);
  });
});

describe('validate refuses "" where AWS cannot keep it', () => {
  const rest = (body: string) => `restApis:\n  shop:\n${body}`;
  const method = (m: string, i = '') => rest(`    resources:\n      /a:\n        GET:\n${m}          integration:\n            type: MOCK\n${i}`);
  const cases: [string, string][] = [
    ['REST integration requestParameters', method('', '            requestParameters: { integration.request.header.x: "" }\n')],
    ['REST integration response responseParameters', method('          responses: { "200": { responseParameters: { method.response.header.x: true } } }\n', '            responses: { "200": { responseParameters: { method.response.header.x: "" } } }\n')],
    ['REST method requestModels', method('          requestModels: { application/json: "" }\n')],
    ['REST method responseModels', method('          responses: { "200": { responseModels: { application/json: "" } } }\n')],
    ['REST stage variables', rest('    stages:\n      dev: { variables: { alias: "" } }\n')],
    ['REST canary stageVariableOverrides', rest('    stages:\n      dev: { canary: { stageVariableOverrides: { alias: "" } } }\n')],
    ['REST gateway response responseTemplates', rest('    gatewayResponses:\n      DEFAULT_4XX: { responseTemplates: { application/json: "" } }\n')],
    ['REST gateway response responseParameters', rest('    gatewayResponses:\n      DEFAULT_4XX: { responseParameters: { gatewayresponse.header.x: "" } }\n')],
    ['HTTP stage variables', 'httpApis:\n  orders:\n    stages:\n      $default: { variables: { alias: "" } }\n'],
    ['HTTP integration requestParameters', 'httpApis:\n  orders:\n    integrations:\n      fn: { type: HTTP_PROXY, uri: "https://example.com", httpMethod: ANY, requestParameters: { "append:header.x": "" } }\n'],
    ['WebSocket integration requestTemplates', 'webSocketApis:\n  chat:\n    integrations:\n      mock: { type: MOCK, requestTemplates: { "$default": "" } }\n'],
  ];
  /** Where the `""` is: the error points at the value. */
  const at = (yaml: string) => {
    const lines = yaml.split('\n');
    const line = lines.findIndex((l) => l.includes('""'));
    return `specs.yaml:${line + 1}:${lines[line]!.indexOf('""') + 1}`;
  };
  it.each(cases)('%s', (_name, yaml) => {
    const errors = errorsOf({ 'apigw-sync.yaml': ROOT, 'specs.yaml': yaml }).filter((e) => e.includes('spec/empty-value'));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.startsWith(`${at(yaml)} spec/empty-value `)).toBe(true);
    expect(errors[0]).toMatch(/" must not be empty\.$/);
  });
});
