import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { awsCliSession } from '../helpers/emulator-session.js';
import { cli } from '../helpers/cli.js';

/**
 * A REST API built by hand with the guide's AWS CLI commands (resources, Lambda, DynamoDB and mock
 * integrations with VTL templates, a validator, a model, a Lambda authorizer, a stage with
 * variables and throttling, an API key with a value, a usage plan) is imported, validates, and
 * is taken over by apply --adopt with nothing but the ownership tags.
 */
const KEY_VALUE = 'Guide-Key-Value-0123456789abcdef';
const LAMBDA = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:my-function/invocations';
const RESPONSE_TEMPLATE = "#set($items = $input.path('$.Items'))\n[\n#foreach($item in $items)\n  {\n    \"id\": \"$item.id.S\",\n    \"name\": \"$item.name.S\"\n  }#if($foreach.hasNext),#end\n#end\n]";

const e2e = awsCliSession({ fresh: 'per-file', examples: false });

async function buildWithTheGuide(): Promise<void> {
  const api = await e2e.aws('create-rest-api', '--name', 'my-rest-api', '--description', 'My REST API', '--endpoint-configuration', 'types=REGIONAL');
  const id = api.id as string;
  const users = await e2e.aws('create-resource', '--rest-api-id', id, '--parent-id', api.rootResourceId, '--path-part', 'users');
  const user = await e2e.aws('create-resource', '--rest-api-id', id, '--parent-id', users.id, '--path-part', '{id}');
  const validator = await e2e.aws('create-request-validator', '--rest-api-id', id, '--name', 'my-validator', '--validate-request-body', '--validate-request-parameters');
  writeFileSync(join(e2e.cwd, 'user-schema.json'), JSON.stringify({ $schema: 'http://json-schema.org/draft-04/schema#', title: 'User', type: 'object',
    properties: { userId: { type: 'string' }, userName: { type: 'string' }, email: { type: 'string', format: 'email' } }, required: ['userId', 'userName'] }, null, 4));
  await e2e.aws('create-model', '--rest-api-id', id, '--name', 'UserModel', '--content-type', 'application/json', '--schema', 'file://user-schema.json');
  const auth = await e2e.aws('create-authorizer', '--rest-api-id', id, '--name', 'my-authorizer', '--type', 'TOKEN', '--authorizer-uri',
    LAMBDA.replace('my-function', 'my-auth-function'), '--identity-source', 'method.request.header.Authorization', '--authorizer-result-ttl-in-seconds', '300');

  // GET /users: Lambda proxy, with the authorizer
  await e2e.aws('put-method', '--rest-api-id', id, '--resource-id', users.id, '--http-method', 'GET', '--authorization-type', 'NONE', '--request-parameters', 'method.request.querystring.limit=false');
  await e2e.aws('put-integration', '--rest-api-id', id, '--resource-id', users.id, '--http-method', 'GET', '--type', 'AWS_PROXY', '--integration-http-method', 'POST', '--uri', LAMBDA);
  await e2e.aws('update-method', '--rest-api-id', id, '--resource-id', users.id, '--http-method', 'GET', '--patch-operations',
    'op=replace,path=/authorizationType,value=CUSTOM', `op=replace,path=/authorizerId,value=${auth.id}`);
  // POST /users: DynamoDB with a request template, validated against the model
  writeFileSync(join(e2e.cwd, 'request-template.json'), JSON.stringify({ 'application/json': "{\"TableName\": \"Users\", \"Item\": {\"id\": {\"S\": \"$input.path('$.userId')\"}, \"name\": {\"S\": \"$input.path('$.userName')\"}}}" }));
  await e2e.aws('put-method', '--rest-api-id', id, '--resource-id', users.id, '--http-method', 'POST', '--authorization-type', 'NONE', '--request-models', 'application/json=UserModel');
  await e2e.aws('put-integration', '--rest-api-id', id, '--resource-id', users.id, '--http-method', 'POST', '--type', 'AWS', '--integration-http-method', 'POST',
    '--uri', 'arn:aws:apigateway:us-east-1:dynamodb:action/PutItem', '--credentials', 'arn:aws:iam::123456789012:role/apigw-dynamodb', '--request-templates', 'file://request-template.json');
  await e2e.aws('update-method', '--rest-api-id', id, '--resource-id', users.id, '--http-method', 'POST', '--patch-operations', `op=replace,path=/requestValidatorId,value=${validator.id}`);
  await e2e.aws('put-method-response', '--rest-api-id', id, '--resource-id', users.id, '--http-method', 'POST', '--status-code', '200', '--response-models', '{"application/json": "Empty"}');
  writeFileSync(join(e2e.cwd, 'response-template.json'), JSON.stringify({ 'application/json': RESPONSE_TEMPLATE }));
  await e2e.aws('put-integration-response', '--rest-api-id', id, '--resource-id', users.id, '--http-method', 'POST', '--status-code', '200', '--response-templates', 'file://response-template.json');
  // GET /users/{id}: a mock
  await e2e.aws('put-method', '--rest-api-id', id, '--resource-id', user.id, '--http-method', 'GET', '--authorization-type', 'NONE', '--api-key-required');
  await e2e.aws('put-integration', '--rest-api-id', id, '--resource-id', user.id, '--http-method', 'GET', '--type', 'MOCK', '--request-templates', '{"application/json": "{\\"statusCode\\": 200}"}');
  await e2e.aws('put-method-response', '--rest-api-id', id, '--resource-id', user.id, '--http-method', 'GET', '--status-code', '200', '--response-models', '{"application/json": "Empty"}');
  await e2e.aws('put-integration-response', '--rest-api-id', id, '--resource-id', user.id, '--http-method', 'GET', '--status-code', '200', '--response-templates', '{"application/json": ""}');

  const dep = await e2e.aws('create-deployment', '--rest-api-id', id, '--description', 'Initial deployment');
  await e2e.aws('create-stage', '--rest-api-id', id, '--stage-name', 'prod', '--deployment-id', dep.id, '--variables', 'lambdaAlias=live');
  await e2e.aws('update-stage', '--rest-api-id', id, '--stage-name', 'prod', '--patch-operations',
    'op=replace,path=/*/*/throttling/rateLimit,value=1000', 'op=replace,path=/*/*/throttling/burstLimit,value=2000', 'op=replace,path=/*/*/logging/loglevel,value=INFO');
  const key = await e2e.aws('create-api-key', '--name', 'my-api-key', '--description', 'API key for partner', '--enabled', '--value', KEY_VALUE);
  const plan = await e2e.aws('create-usage-plan', '--name', 'my-usage-plan', '--description', 'Basic plan', '--throttle', 'burstLimit=200,rateLimit=100',
    '--quota', 'limit=10000,period=MONTH', '--api-stages', `apiId=${id},stage=prod`);
  await e2e.aws('create-usage-plan-key', '--usage-plan-id', plan.id, '--key-id', key.id, '--key-type', 'API_KEY');
}

// Dozens of AWS CLI processes (a Python start each): a loaded machine needs more than the default minute.
describe('import, then adopt: an API built with the guide\'s AWS CLI commands', { timeout: 240_000 }, () => {
  it('imports it, validates, adopts with tag additions only, plans to nothing, and never writes the key value', async () => {
    await buildWithTheGuide();
    const imported = await cli(['import', '--all', '--out', 'guide', '--region', 'us-east-1', '--endpoint-url', e2e.emu.url], { cwd: e2e.cwd });
    expect(imported.err).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.out).toContain('\nAPI key values are secrets and were not written. Before planning, set:\n  APIGW_KEY_MY_API_KEY  (the value of API key "my-api-key")\n');
    const spec = readFileSync(join(e2e.cwd, 'guide', 'my-rest-api.yaml'), 'utf8');
    // Templates are block scalars; the Lambda URI is the shorthand; references are by name.
    expect(spec).toContain(`                  application/json: |-\n${RESPONSE_TEMPLATE.split('\n').map((l) => `                    ${l}`).join('\n')}\n`);
    expect(spec).toContain('lambda: arn:aws:lambda:us-east-1:123456789012:function:my-function\n');
    expect(spec).toContain('authorizer: my-authorizer\n');
    expect(spec).toContain('requestValidator: my-validator\n');
    const access = readFileSync(join(e2e.cwd, 'guide', 'access.yaml'), 'utf8');
    expect(access).toContain('    value: ${env:APIGW_KEY_MY_API_KEY}\n');
    expect(access + spec + imported.out).not.toContain(KEY_VALUE);

    const env = { APIGW_KEY_MY_API_KEY: KEY_VALUE };
    const valid = await cli(['validate', 'guide'], { cwd: e2e.cwd, env });
    expect(valid.code).toBe(0);
    const plan = await cli(['plan', 'guide', '--adopt', '--output', 'json', '--endpoint-url', e2e.emu.url], { cwd: e2e.cwd, env });
    expect(plan.code).toBe(0);
    expect(plan.out).not.toContain(KEY_VALUE);
    expect(JSON.parse(plan.out).ops.map((o: any) => [o.action, o.address, o.calls.map((c: any) => c.operation)])).toEqual([
      ['adopt', 'rest-api my-rest-api', ['TagResource']],
      ['adopt', 'api-key my-api-key', ['TagResource']],
      ['adopt', 'usage-plan my-usage-plan', ['TagResource']],
    ]);
    const adopted = await cli(['apply', 'guide', '--adopt', '--auto-approve', '--endpoint-url', e2e.emu.url], { cwd: e2e.cwd, env });
    expect(adopted.code).toBe(0);
    const again = await cli(['plan', 'guide', '--detailed-exitcode', '--endpoint-url', e2e.emu.url], { cwd: e2e.cwd, env });
    expect(again.out).toBe('No changes. The live state matches the specs.\n');
    expect(again.code).toBe(0);
  });

  it('refuses to write over a spec set, and names a missing API', async () => {
    const again = await cli(['import', '--rest-api', 'my-rest-api', '--out', 'guide', '--region', 'us-east-1', '--endpoint-url', e2e.emu.url], { cwd: e2e.cwd });
    expect(again.code).toBe(1);
    expect(again.err).toBe('Error: Not importing into guide: apigw-sync.yaml, models/my-rest-api/UserModel.schema.json, my-rest-api.yaml, settings.yaml already exist.\n  Fix: Import into a new or empty directory with --out DIR.\n');
    const missing = await cli(['import', '--rest-api', 'nope', '--out', 'x', '--region', 'us-east-1', '--endpoint-url', e2e.emu.url], { cwd: e2e.cwd });
    expect(missing.code).toBe(1);
    expect(missing.err).toBe('Error: No REST API has the name or id "nope".\n  Fix: List them with: aws apigateway get-rest-apis\n');
    const nothing = await cli(['import', '--out', 'x'], { cwd: e2e.cwd });
    expect(nothing.code).toBe(1);
    expect(nothing.err).toContain('Error: Nothing to import.\n');
  });
});
