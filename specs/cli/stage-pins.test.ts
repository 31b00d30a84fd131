import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { emulatorSession } from '../helpers/emulator-session.js';

// The guide's stages, as a spec set: dev takes every change, production is pinned and moves with
// `apigw-sync promote --from dev --to production`; drift reports production moved by hand.

const e2e = emulatorSession({ fresh: 'per-file', examples: false });
const NO_CHANGES = 'No changes. The live state matches the specs.\n';

function write(template: string, production = 'pinned'): void {
  mkdirSync(join(e2e.cwd, 'shop'), { recursive: true });
  writeFileSync(join(e2e.cwd, 'shop', 'apigw-sync.yaml'), 'name: shop\nregion: us-east-1\n');
  writeFileSync(join(e2e.cwd, 'shop', 'shop.yaml'), `restApis:
  shop:
    deploymentDescription: "\${env:GITHUB_SHA:-local}"
    resources:
      /items:
        GET:
          integration:
            type: MOCK
            requestTemplates: { application/json: '${template}' }
            responses: { "200": { responseTemplates: { application/json: "" } } }
          responses: { "200": {} }
    stages:
      dev: {}
      production:
        deployment: ${production}
`);
}

const run = (...args: string[]) => cli([args[0]!, 'shop', ...e2e.url, ...args.slice(1)], { cwd: e2e.cwd, env: { GITHUB_SHA: 'abc1234' } });
type Obj = Record<string, any>;
const stage = (name: string): Obj => {
  const apis = (e2e.emu.state.v1 as { restApis: Record<string, { api: Obj; stages: Record<string, Obj> }> }).restApis;
  return Object.values(apis).find((a) => a.api.name === 'shop')!.stages[name]!;
};

describe('pinned stages from the command line', () => {
  it('apply leaves production where it is, promote moves it, drift reports a move by hand', async () => {
    write('{"statusCode": 200}');
    expect((await run('apply', '--auto-approve')).code).toBe(0);
    expect((await run('plan')).out).toBe(NO_CHANGES);
    const d1 = stage('production').deploymentId;

    write('{"statusCode": 201}');
    const planned = await run('plan');
    expect(planned.out).toContain('stage dev uses the new deployment; it moves to it by this call; pinned stage production stays on its deployment)');
    expect(planned.out).toContain('description = "abc1234 [config:');
    expect((await run('apply', '--auto-approve')).code).toBe(0);
    expect(stage('production').deploymentId).toBe(d1);
    const d2 = stage('dev').deploymentId;
    expect(d2).not.toBe(d1);
    expect((await run('plan')).out).toBe(NO_CHANGES);

    const promoted = await run('promote', '--from', 'dev', '--to', 'production', '--auto-approve');
    expect(promoted.code, promoted.err).toBe(0);
    expect(promoted.out).toContain('~ rest-api shop / stage production  (promote: production takes the deployment dev runs, and stays on it until the next promotion)\n'
      + `      deploymentId: "${d1}" -> "${d2} (dev's deployment)"\n`
      + `      tags["apigw-sync:deployment"]: "${d1}" -> "${d2}"\n`);
    expect(stage('production').deploymentId).toBe(d2);
    expect((await run('plan')).out).toBe(NO_CHANGES);

    // Moved by hand: drift exits 2 with the stage; apply moves it back.
    stage('production').deploymentId = d1;
    const drift = await run('drift');
    expect(drift.code).toBe(2);
    expect(drift.out).toContain('rest-api shop / stage production');
    expect(drift.out).toContain(d1);
    expect((await run('apply', '--auto-approve')).code).toBe(0);
    expect(stage('production').deploymentId).toBe(d2);
  });

  it('a stage pinned to a hash no deployment carries: plan exits 1, saying which hashes exist', async () => {
    write('{"statusCode": 201}', '"0123456789ab"');
    const planned = await run('plan');
    expect(planned.code).toBe(1);
    expect(planned.err).toContain('rest-api shop / stage production: no deployment of rest-api shop carries [config:0123456789ab] (known: ');
    expect(planned.err).toContain('Pin the stage to the hash of an existing deployment');
    expect(planned.err).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('promote refuses unclear flags before reading anything', async () => {
    write('{"statusCode": 200}');
    const both = await run('promote', '--stage', 'prod', '--from', 'dev', '--to', 'production');
    expect(both.code).toBe(1);
    expect(both.err).toContain('promote takes either --stage NAME or --from A --to B, not both.');
    const half = await run('promote', '--from', 'dev');
    expect(half.code).toBe(1);
    expect(half.err).toContain('promote needs both --from and --to (got only --from).');
    const none = await run('promote');
    expect(none.code).toBe(1);
    expect(none.err).toContain('promote needs --stage NAME, or --from A --to B.');
    expect(readFileSync(join(e2e.cwd, 'shop', 'shop.yaml'), 'utf8')).toContain('deployment: pinned');
  });
});

describe('pinned HTTP API stages from the command line', () => {
  function writeHttp(fn: string, production: string): void {
    mkdirSync(join(e2e.cwd, 'orders'), { recursive: true });
    writeFileSync(join(e2e.cwd, 'orders', 'apigw-sync.yaml'), 'name: orders\nregion: us-east-1\n');
    writeFileSync(join(e2e.cwd, 'orders', 'orders.yaml'), `httpApis:
  orders:
    integrations: { fn: { lambda: "arn:aws:lambda:us-east-1:123456789012:function:${fn}", payloadFormatVersion: "2.0" } }
    routes: { "GET /orders": { integration: fn } }
    stages:
      dev: {}
      production: { ${production} }
`);
  }
  const runHttp = (...args: string[]) => cli([args[0]!, 'orders', ...e2e.url, ...args.slice(1)], { cwd: e2e.cwd });
  const v2stage = (name: string): Obj => {
    const apis = (e2e.emu.state.v2 as { apis: { api: Obj; stages: Obj[] }[] }).apis;
    return apis.find((a) => a.api.name === 'orders')!.stages.find((s) => s.stageName === name)!;
  };

  it('apply leaves production where it is, promote moves it, drift reports a move by hand', async () => {
    writeHttp('v1', 'deployment: pinned');
    expect((await runHttp('apply', '--auto-approve')).code).toBe(0);
    expect((await runHttp('plan')).out).toBe(NO_CHANGES);
    const d1 = v2stage('production').deploymentId;
    writeHttp('v2', 'deployment: pinned');
    expect((await runHttp('plan')).out).toContain('pinned stage production stays on its deployment');
    expect((await runHttp('apply', '--auto-approve')).code).toBe(0);
    expect(v2stage('production').deploymentId).toBe(d1);
    const d2 = v2stage('dev').deploymentId;
    expect(d2).not.toBe(d1);
    const promoted = await runHttp('promote', '--from', 'dev', '--to', 'production', '--auto-approve');
    expect(promoted.code, promoted.err).toBe(0);
    expect(promoted.out).toContain('~ http-api orders / stage production  (promote: production takes the deployment dev runs');
    expect(v2stage('production').deploymentId).toBe(d2);
    expect((await runHttp('plan')).out).toBe(NO_CHANGES);
    v2stage('production').deploymentId = d1;
    const drift = await runHttp('drift');
    expect(drift.code).toBe(2);
    expect(drift.out).toContain('http-api orders / stage production');
    expect((await runHttp('apply', '--auto-approve')).code).toBe(0);
    expect(v2stage('production').deploymentId).toBe(d2);
  });

  it('validate and plan refuse a pin on a stage that deploys automatically, at file:line:column', async () => {
    writeHttp('v1', 'autoDeploy: true, deployment: pinned');
    const planned = await runHttp('plan');
    expect(planned.code).toBe(1);
    expect(planned.err).toMatch(/orders\.yaml:7:51/);
    const r = await cli(['validate', 'orders'], { cwd: e2e.cwd });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/orders\.yaml:7:51/);
    expect(r.err).toContain('cannot be pinned');
    expect(r.err).toContain('remove autoDeploy');
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});
