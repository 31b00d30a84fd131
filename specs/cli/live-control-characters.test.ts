import { CreateRestApiCommand, GetRestApisCommand, PutIntegrationCommand, PutMethodCommand } from '@aws-sdk/client-api-gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { OWNERSHIP_TAG } from '../../src/reconcile/model.js';
import { v1Client } from '../emulator/helpers.js';
import { writeSet } from '../schema/helpers.js';
import { cli } from '../helpers/cli.js';

/**
 * Names and templates in AWS can hold control characters (anyone with write access to the account
 * can create them out of band); the loader refuses them in specs, but the live state reaches the
 * plan too. The plan, in text and Markdown, shows each as `\u001b`, never raw: a raw ESC would
 * drive the reviewer's terminal, and a raw CR or line feed could forge lines of the plan.
 */
const RAW_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const EVIL_NAME = 'legacy\x1b[2J\x1b[32m  + nothing to see\x1b[0m\r\n  ~ rest-api shop';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  const aws = v1Client(emu);
  // GIVEN an API of the spec set, made out of band with control characters in its name, and
  // the set's own API with an ESC in its description and a request template
  await aws.send(new CreateRestApiCommand({ name: EVIL_NAME, tags: { [OWNERSHIP_TAG]: 'shop' } }));
  const shop = await aws.send(new CreateRestApiCommand({ name: 'shop', description: 'fine\x9b31m \u202eevil\u202c', tags: { [OWNERSHIP_TAG]: 'shop' } }));
  const apis = await aws.send(new GetRestApisCommand({}));
  const root = apis.items!.find((a) => a.id === shop.id)!.rootResourceId!;
  await aws.send(new PutMethodCommand({ restApiId: shop.id, resourceId: root, httpMethod: 'GET', authorizationType: 'NONE' }));
  await aws.send(new PutIntegrationCommand({
    restApiId: shop.id, resourceId: root, httpMethod: 'GET', type: 'MOCK',
    requestTemplates: { 'application/json': '{\n  "statusCode": 200\x07\n}' },
  }));
});
afterAll(() => emu.close());

const SPEC = {
  'apigw-sync.yaml': 'name: shop\nregion: us-east-1\n',
  'api.yaml': [
    'restApis:', '  shop:', '    description: fine', '    resources:', '      /:', '        GET:', '          integration:',
    '            type: MOCK', '            requestTemplates:', '              application/json: |', '                {', '                  "statusCode": 200', '                }', '',
  ].join('\n'),
};

describe('control characters from the live state in the plan', () => {
  it.each(['text', 'markdown'])('%s: shown as \\u001b, never raw', async (output) => {
    const cwd = writeSet(SPEC);
    // WHEN planning
    const r = await cli(['plan', '.', '--endpoint-url', emu.url, '--output', output], { cwd });
    // THEN every change is there, its control characters escaped
    expect(r.code, r.err).toBe(0);
    expect(r.out).not.toMatch(RAW_CONTROL);
    expect(r.out).toContain('legacy\\u001b[2J\\u001b[32m  + nothing to see\\u001b[0m\\u000d\\u000a  ~ rest-api shop');
    // a bidi override (Trojan Source) would reorder what the reviewer reads
    expect(r.out).toContain('"fine\\u009b31m \\u202eevil\\u202c"');
    expect(r.out).toContain('  "statusCode": 200\\u0007');
  });
});
