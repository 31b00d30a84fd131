import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { awsCliSession } from '../helpers/emulator-session.js';

// The guide's "Stages & Deployments", done with the AWS CLI as the guide does it: deploy to dev,
// create production on that deployment, later redeploy only production (dev keeps its
// deployment). Then the API is put under apigw-sync (import, adopt) and managed with the built
// CLI: the stages stay on their own deployments, a change moves only the stage that follows,
// drift reports dev moved by hand with `aws apigateway update-stage`, promote moves it on purpose.

const s = awsCliSession({ fresh: 'per-file', examples: false });
const NO_CHANGES = 'No changes. The live state matches the specs.\n';
const SHA = '3c1f0d2e9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d';
const run = (...args: string[]) => cli([args[0]!, 'guide', ...s.url, ...args.slice(1)], { cwd: s.cwd, env: { GITHUB_SHA: SHA } });
type Obj = Record<string, any>;

describe("the guide's stages on different deployments", () => {
  let api = '';
  let resource = '';
  let d1 = '';
  let d2 = '';
  const stageOf = async (name: string): Promise<Obj> => s.aws('get-stage', '--rest-api-id', api, '--stage-name', name);

  it('with the AWS CLI: dev on the initial deployment, production redeployed alone', async () => {
    api = (await s.aws('create-rest-api', '--name', 'guide')).id;
    const root = (await s.aws('get-resources', '--rest-api-id', api)).items[0].id;
    resource = (await s.aws('create-resource', '--rest-api-id', api, '--parent-id', root, '--path-part', 'users')).id;
    const m = ['--rest-api-id', api, '--resource-id', resource, '--http-method', 'GET'];
    await s.aws('put-method', ...m, '--authorization-type', 'NONE');
    await s.aws('put-integration', ...m, '--type', 'MOCK', '--request-templates', '{"application/json": "{\\"statusCode\\": 200}"}');
    await s.aws('put-method-response', ...m, '--status-code', '200', '--response-models', '{"application/json": "Empty"}');
    await s.aws('put-integration-response', ...m, '--status-code', '200', '--response-templates', '{"application/json": ""}');
    d1 = (await s.aws('create-deployment', '--rest-api-id', api, '--stage-name', 'dev', '--stage-description', 'Development stage', '--description', 'Initial deployment')).id;
    await s.aws('create-stage', '--rest-api-id', api, '--stage-name', 'production', '--deployment-id', d1, '--description', 'Production stage');
    // AWS dates deployments to the second; the guide's second deployment comes later.
    (s.emu.state.v1 as { restApis: Record<string, { deployments: Record<string, Obj> }> }).restApis[api]!.deployments[d1]!.createdDate -= 3600;
    await s.aws('update-integration', ...m, '--patch-operations', '[{"op":"replace","path":"/requestTemplates/application~1json","value":"{\\"statusCode\\": 201}"}]');
    d2 = (await s.aws('create-deployment', '--rest-api-id', api, '--stage-name', 'production', '--description', 'Bug fixes and new features')).id;
    expect((await stageOf('dev')).deploymentId).toBe(d1);
    expect((await stageOf('production')).deploymentId).toBe(d2);
  }, 240_000); // twelve AWS CLI runs: the CLI's start-up is most of it

  it('import pins the stage left behind; adopt records the pin; then plan is empty', async () => {
    const imported = await cli(['import', '--rest-api', 'guide', '--out', 'guide', '--region', 'us-east-1', ...s.url], { cwd: s.cwd });
    expect(imported.code, imported.err).toBe(0);
    const spec = readFileSync(join(s.cwd, 'guide', 'guide.yaml'), 'utf8');
    expect(spec).toContain('    stages:\n      dev:\n        description: Development stage\n        deployment: pinned\n      production:\n        description: Production stage\n');
    expect(spec).toContain('responseTemplates:\n                  application/json: ""\n');

    const adopt = await run('plan', '--adopt');
    expect(adopt.out).toContain('~ rest-api guide  (adopt: an API of this name exists without the ownership tag; --adopt takes it over)\n'
      + '      tags["apigw-sync:managed-by"]: (unset) -> "guide"\n'
      + '  ~ rest-api guide / stage dev\n'
      + `      tags["apigw-sync:deployment"]: (unset) -> "${d1}"\n\n`);
    expect((await run('apply', '--adopt', '--auto-approve')).code).toBe(0);
    expect((await run('plan')).out).toBe(NO_CHANGES);
    expect((await stageOf('dev')).deploymentId).toBe(d1);
    expect((await stageOf('production')).deploymentId).toBe(d2);
  });

  it('a change moves production only; the deployment names the commit; the second apply writes nothing', async () => {
    const file = join(s.cwd, 'guide', 'guide.yaml');
    writeFileSync(file, readFileSync(file, 'utf8')
      .replace('restApis:\n  guide:\n', 'restApis:\n  guide:\n    deploymentDescription: "${env:GITHUB_SHA:-local}"\n')
      .replace('"statusCode": 201', '"statusCode": 202'));
    const planned = await run('plan');
    expect(planned.out).toContain('(deploy, because of 1 configuration change; stage production uses the new deployment; it moves to it by this call; pinned stage dev stays on its deployment)');
    expect(planned.out).toMatch(new RegExp(`description = "${SHA} \\[config:[0-9a-f]{12}\\]"`));
    expect((await run('apply', '--auto-approve')).code).toBe(0);
    const d3 = (await stageOf('production')).deploymentId;
    expect([d1, d2]).not.toContain(d3);
    expect((await stageOf('dev')).deploymentId).toBe(d1);
    // The console's deployment history: the guide's own descriptions, then the commit.
    const history = (await s.aws('get-deployments', '--rest-api-id', api)).items as Obj[];
    expect(Object.fromEntries(history.map((d) => [d.id, d.description]))).toStrictEqual({
      [d1]: 'Initial deployment', [d2]: 'Bug fixes and new features', [d3]: expect.stringMatching(new RegExp(`^${SHA} \\[config:[0-9a-f]{12}\\]$`)),
    });
    expect((await run('plan')).out).toBe(NO_CHANGES);
    s.emu.resetCalls();
    expect((await run('apply', '--auto-approve')).code).toBe(0);
    expect(s.emu.calls().writes).toBe(0);
  });

  it('drift reports dev moved by hand with update-stage; apply moves it back; promote moves it on purpose', async () => {
    const d3 = (await stageOf('production')).deploymentId;
    await s.aws('update-stage', '--rest-api-id', api, '--stage-name', 'dev', '--patch-operations', `op=replace,path=/deploymentId,value=${d3}`);
    const drift = await run('drift');
    expect(drift.code).toBe(2);
    expect(drift.out).toContain('rest-api guide / stage dev  (changed in AWS; pinned stage moved to another deployment outside apigw-sync; '
      + `apply moves it back, apigw-sync promote --from STAGE --to dev moves it on purpose)\n    deploymentId: git "${d1}", AWS "${d3}"`);
    expect((await run('apply', '--auto-approve')).code).toBe(0);
    expect((await stageOf('dev')).deploymentId).toBe(d1);

    const promoted = await run('promote', '--from', 'production', '--to', 'dev', '--auto-approve');
    expect(promoted.code, promoted.err).toBe(0);
    expect((await stageOf('dev')).deploymentId).toBe(d3);
    expect((await stageOf('dev')).tags).toStrictEqual({ 'apigw-sync:deployment': d3 });
    expect((await run('plan')).out).toBe(NO_CHANGES);
    expect((await run('drift')).code).toBe(0);
  });
});

describe('a canary stage beside a following and a pinned stage', () => {
  const write = (status: number) => {
    mkdirSync(join(s.cwd, 'shop'), { recursive: true });
    writeFileSync(join(s.cwd, 'shop', 'apigw-sync.yaml'), 'name: shop\nregion: us-east-1\n');
    writeFileSync(join(s.cwd, 'shop', 'shop.yaml'), `restApis:
  shop:
    resources:
      /x:
        GET:
          integration:
            type: MOCK
            requestTemplates: { application/json: '{"statusCode": ${status}}' }
          responses: { "200": {} }
    stages:
      dev: {}
      staging: { deployment: pinned }
      prod: { canary: { percentTraffic: 10 } }
`);
  };
  const shop = (...args: string[]) => cli([args[0]!, 'shop', ...s.url, ...args.slice(1)], { cwd: s.cwd });
  const stages = async (): Promise<Record<string, [string, string | undefined]>> => {
    const api = ((await s.aws('get-rest-apis')).items as Obj[]).find((a) => a.name === 'shop')!.id;
    const items = (await s.aws('get-stages', '--rest-api-id', api)).item as Obj[];
    return Object.fromEntries(items.map((x) => [x.stageName, [x.deploymentId, x.canarySettings?.deploymentId]]));
  };

  it('a change reaches dev and the canary, not staging; both promotions work; each apply converges', async () => {
    write(200);
    expect((await shop('apply', '--auto-approve')).code).toBe(0);
    // AWS fills in the canary's useStageCache (false): not a change from a spec that leaves it out.
    expect((await shop('plan')).out).toBe(NO_CHANGES);
    const before = await stages();
    const d1 = before.dev![0];
    expect(before).toStrictEqual({ dev: [d1, undefined], staging: [d1, undefined], prod: [d1, d1] });

    write(201);
    expect((await shop('plan')).out).toContain('stages dev, prod use the new deployment; dev moves to it by this call, the others by UpdateStage; pinned stage staging stays on its deployment)');
    expect((await shop('apply', '--auto-approve')).code).toBe(0);
    const d2 = (await stages()).dev![0];
    expect(await stages()).toStrictEqual({ dev: [d2, undefined], staging: [d1, undefined], prod: [d1, d2] });
    expect((await shop('plan')).out).toBe(NO_CHANGES);

    expect((await shop('promote', '--stage', 'prod', '--auto-approve')).code).toBe(0);
    expect((await shop('promote', '--from', 'dev', '--to', 'staging', '--auto-approve')).code).toBe(0);
    expect(await stages()).toStrictEqual({ dev: [d2, undefined], staging: [d2, undefined], prod: [d2, d2] });
    expect((await shop('plan')).out).toBe(NO_CHANGES);
    s.emu.resetCalls();
    expect((await shop('apply', '--auto-approve')).code).toBe(0);
    expect(s.emu.calls().writes).toBe(0);
  });
});
