import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { awsCliSession } from '../helpers/emulator-session.js';
import { cli, EXAMPLE_KEY_VALUE } from '../helpers/cli.js';

/**
 * drift end to end: the example applied by apigw-sync, then changed behind its back with the real
 * AWS CLI (a template edited, a method added, a stage variable deleted); drift reports exactly
 * those changes in text, JSON and Markdown with exit 2, and nothing after apply puts AWS back.
 */
const SPECS = 'examples/petstore';

const e2e = awsCliSession({ fresh: 'per-file' });

const drift = (...extra: string[]) => cli(['drift', SPECS, '--endpoint-url', e2e.emu.url, ...extra], { cwd: e2e.cwd });

describe.sequential('drift after changes made with the AWS CLI', () => {
  it('reports no drift right after apply (exit 0)', async () => {
    const applied = await cli(['apply', SPECS, '--auto-approve', '--endpoint-url', e2e.emu.url], { cwd: e2e.cwd });
    expect(applied.code).toBe(0);
    const res = await drift();
    expect(res.out).toBe('No drift. AWS matches the specs in git.\n');
    expect(res.code).toBe(0);
  });

  it('reports an edited template, an added method and a deleted stage variable, in all three outputs (exit 2)', async () => {
    const api = (await e2e.aws('get-rest-apis')).items.find((a: any) => a.name === 'petstore');
    const resources = (await e2e.aws('get-resources', '--rest-api-id', api.id)).items as any[];
    const idOf = (path: string) => resources.find((r) => r.path === path).id as string;
    const template = readFileSync(join(e2e.cwd, SPECS, 'templates/put-order.vtl'), 'utf8');
    await e2e.aws('update-integration', '--rest-api-id', api.id, '--resource-id', idOf('/orders'), '--http-method', 'POST', '--patch-operations',
      JSON.stringify([{ op: 'replace', path: '/requestTemplates/application~1json', value: template.replace('"Orders"', '"OrdersCopy"') }]));
    await e2e.aws('put-method', '--rest-api-id', api.id, '--resource-id', idOf('/health'), '--http-method', 'DELETE', '--authorization-type', 'NONE');
    await e2e.aws('put-integration', '--rest-api-id', api.id, '--resource-id', idOf('/health'), '--http-method', 'DELETE', '--type', 'MOCK');
    await e2e.aws('update-stage', '--rest-api-id', api.id, '--stage-name', 'dev', '--patch-operations', 'op=remove,path=/variables/vpcLinkId');

    const text = await drift();
    expect(text.code).toBe(2);
    expect(text.out).toBe(
      `apigw-sync drift for spec set "petstore" (us-east-1, environment dev, ${e2e.emu.url}, account 123456789012):\n\n` +
        'rest-api petstore / resource /health / method DELETE  (in AWS, not in git; made outside apigw-sync; apply deletes it; with integration)\n' +
        'rest-api petstore / resource /orders / method POST / integration  (changed in AWS)\n' +
        '    requestTemplates["application/json"] (- git, + AWS):\n' +
        '      @@ -1,6 +1,6 @@\n' +
        '       #set($body = $input.path(\'$\'))\n' +
        '       {\n' +
        '      -  "TableName": "Orders",\n' +
        '      +  "TableName": "OrdersCopy",\n' +
        '         "Item": {\n' +
        '           "orderId": { "S": "$context.requestId" },\n' +
        '           "petId": { "S": "$util.escapeJavaScript($body.petId)" },\n' +
        'rest-api petstore / stage dev  (changed in AWS)\n' +
        '    variables.vpcLinkId: git "a1b2c3", AWS (unset)\n' +
        '\n' +
        'Drift: 3 objects differ from git (2 changed in AWS, 1 in AWS but not in git, 0 missing in AWS).\n',
    );

    const json = await drift('--output', 'json');
    expect(json.code).toBe(2);
    const report = JSON.parse(json.out);
    expect(report.drifted).toBe(true);
    expect(report.items.map((i: any) => [i.status, i.address])).toEqual([
      ['unmanaged', 'rest-api petstore / resource /health / method DELETE'],
      ['changed', 'rest-api petstore / resource /orders / method POST / integration'],
      ['changed', 'rest-api petstore / stage dev'],
    ]);
    expect(report.items[0].includes).toEqual(['integration']);
    expect(report.items[1].fields).toEqual([{
      path: '/requestTemplates/application~1json',
      git: template,
      aws: template.replace('"Orders"', '"OrdersCopy"'),
    }]);
    expect(report.items[2].fields).toEqual([{ path: '/variables/vpcLinkId', git: 'a1b2c3' }]);

    const md = await drift('--output', 'markdown', '--summary-file', 'summary.md');
    expect(md.code).toBe(2);
    expect(md.out).toContain('### apigw-sync drift: `petstore` (us-east-1, dev, account 123456789012)\n');
    expect(md.out).toContain('| changed in AWS | 2 |\n| in AWS, not in git | 1 |\n| in git, missing in AWS | 0 |\n');
    expect(md.out).toContain('<details><summary><code>rest-api petstore / resource /health / method DELETE</code> (in AWS, not in git; made outside apigw-sync; apply deletes it; with integration)</summary>\n');
    expect(md.out).toContain('<details><summary><code>rest-api petstore / stage dev</code> (changed in AWS)</summary>\n\n```diff\nvariables.vpcLinkId: git "a1b2c3", AWS (unset)\n```\n');
    expect(md.out).toContain('-  "TableName": "Orders",\n  +  "TableName": "OrdersCopy",\n');
    expect(readFileSync(join(e2e.cwd, 'summary.md'), 'utf8')).toBe(md.out);
    // The API key's value is read from AWS to compare it; it appears in no output.
    for (const out of [text.out, json.out, md.out, text.err]) expect(out).not.toContain(EXAMPLE_KEY_VALUE);
  });

  it('reports a deleted owned object as missing, and nothing once apply has put AWS back', async () => {
    const api = (await e2e.aws('get-rest-apis')).items.find((a: any) => a.name === 'petstore');
    const validators = (await e2e.aws('get-request-validators', '--rest-api-id', api.id)).items as any[];
    // A validator still in use cannot be deleted; a gateway response can.
    await e2e.aws('delete-gateway-response', '--rest-api-id', api.id, '--response-type', 'THROTTLED');
    expect(validators.length).toBe(2);
    const res = await drift('--output', 'json');
    expect(JSON.parse(res.out).items.filter((i: any) => i.status === 'missing').map((i: any) => i.address))
      .toEqual(['rest-api petstore / gateway-response THROTTLED']);

    const applied = await cli(['apply', SPECS, '--auto-approve', '--endpoint-url', e2e.emu.url], { cwd: e2e.cwd });
    expect(applied.code).toBe(0);
    const after = await drift();
    expect(after.out).toBe('No drift. AWS matches the specs in git.\n');
    expect(after.code).toBe(0);
  });

  it('exits 1 with a located message for an invalid spec, before any AWS call', async () => {
    mkdirSync(join(e2e.cwd, 'bad'));
    writeFileSync(join(e2e.cwd, 'bad', 'apigw-sync.yaml'), 'name: bad\nregion: us-east-1\n');
    writeFileSync(join(e2e.cwd, 'bad', 'shop.yaml'), 'restApis:\n  shop:\n    descripton: typo\n');
    const before = e2e.emu.calls().total;
    const res = await cli(['drift', 'bad', '--endpoint-url', e2e.emu.url], { cwd: e2e.cwd });
    expect(res.code).toBe(1);
    expect(res.out).toBe('');
    expect(res.err).toContain('bad/shop.yaml:3:5  error  spec/unknown-field\n  REST API shop has an unknown field "descripton". Did you mean "description"?\n');
    expect(res.err).toContain('Error: The specs have 1 error (listed above); nothing was sent to AWS.\n');
    expect(e2e.emu.calls().total).toBe(before);
  });
});
