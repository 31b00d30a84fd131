import * as A from '@aws-sdk/client-api-gateway';
import { GetAccountCommand, UpdateAccountCommand } from '@aws-sdk/client-api-gateway';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emulatorSession } from '../helpers/emulator-session.js';
import { v1Client } from '../emulator/helpers.js';
import { cli } from '../helpers/cli.js';

/**
 * The account's CloudWatch role (`account: { cloudwatchRoleArn }`) end to end: set by apply on an
 * empty emulator before the stages whose logging needs it, no changes after, a second apply that
 * writes nothing, never cleared (removed from the spec, or destroy), and validate's warning and
 * conflict rules.
 */
const e2e = emulatorSession({ example: 'examples/petstore' });
const SPECS = 'examples/petstore';
const ROLE = 'arn:aws:iam::123456789012:role/apigateway-cloudwatch-logs';
const apply = (...extra: string[]) => cli(['apply', SPECS, '--auto-approve', ...e2e.url, ...extra], { cwd: e2e.cwd });
const plan = (...extra: string[]) => cli(['plan', SPECS, ...e2e.url, ...extra], { cwd: e2e.cwd });
const role = async () => (await v1Client(e2e.emu).send(new GetAccountCommand({}))).cloudwatchRoleArn;

describe('account settings', () => {
  it('apply sets the role before the stages; then no changes, and a second apply writes nothing', async () => {
    const planned = await plan('--output', 'json');
    const ops = JSON.parse(planned.out).ops as Array<{ id: string; kind: string; key: string; dependsOn: string[]; calls: Array<{ operation: string; input: unknown }> }>;
    const account = ops.find((o) => o.kind === 'account')!;
    expect(account.calls).toEqual([{ service: 'apigateway', operation: 'UpdateAccount', input: { patchOperations: [{ op: 'replace', path: '/cloudwatchRoleArn', value: ROLE }] } }]);
    for (const stage of ops.filter((o) => o.kind === 'stage' || o.kind === 'deployment')) expect(stage.dependsOn).toContain(account.id);

    expect((await apply()).code).toBe(0);
    expect(await role()).toBe(ROLE);
    expect((await plan('--detailed-exitcode')).code).toBe(0);
    const writes = e2e.emu.calls().writes;
    expect((await apply()).code).toBe(0);
    expect(e2e.emu.calls().writes).toBe(writes);
  });

  it('a role changed outside is put back; removing `account` from the spec, or destroy, never clears it', async () => {
    expect((await apply()).code).toBe(0);
    await v1Client(e2e.emu).send(new UpdateAccountCommand({ patchOperations: [{ op: 'replace', path: '/cloudwatchRoleArn', value: 'arn:aws:iam::123456789012:role/other' }] }));
    const drift = await plan('--detailed-exitcode');
    expect(drift.code).toBe(2);
    expect(drift.out).toContain(`  ~ account\n      cloudwatchRoleArn: "arn:aws:iam::123456789012:role/other" -> "${ROLE}"\n`);
    expect((await apply('--target', 'account')).code).toBe(0);
    expect(await role()).toBe(ROLE);

    e2e.edit('petstore.yaml', `account:\n  cloudwatchRoleArn: ${ROLE}\n`, '');
    const without = await plan('--detailed-exitcode');
    expect(without.out).not.toContain('account');
    expect(without.code).toBe(0);
    expect((await cli(['destroy', SPECS, '--auto-approve', ...e2e.url], { cwd: e2e.cwd })).code).toBe(0);
    expect(await role()).toBe(ROLE);
  });

  it('validate: an invalid role ARN is an error at file:line:column; logging without a role is a warning', async () => {
    e2e.edit('petstore.yaml', `cloudwatchRoleArn: ${ROLE}`, 'cloudwatchRoleArn: apigateway-cloudwatch-logs');
    const bad = await cli(['validate', SPECS], { cwd: e2e.cwd });
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/examples\/petstore\/petstore\.yaml:\d+:22 +error/);
    expect(bad.err).toContain('cloudwatchRoleArn');

    e2e.edit('petstore.yaml', 'cloudwatchRoleArn: apigateway-cloudwatch-logs\n', '');
    e2e.edit('petstore.yaml', 'account:\n', '');
    const warned = await cli(['validate', SPECS], { cwd: e2e.cwd });
    expect(warned.code).toBe(0);
    expect(warned.err).toMatch(/examples\/petstore\/internal\.yaml:\d+:\d+ +warning +spec\/no-logging-role\n {2}Stage dev of petstore-internal turns on execution logging, and the spec set declares no CloudWatch role for the account \(2 more settings too\)/);
  });

  it('validate: two spec sets of one repository declaring the account of one region conflict', async () => {
    const repo = join(e2e.cwd, 'repo');
    mkdirSync(repo);
    cpSync(join(e2e.cwd, 'examples', 'petstore'), join(repo, 'petstore'), { recursive: true });
    mkdirSync(join(repo, 'billing'));
    writeFileSync(join(repo, 'billing', 'apigw-sync.yaml'), 'name: billing\nregion: us-east-1\n');
    writeFileSync(join(repo, 'billing', 'billing.yaml'), `account:\n  cloudwatchRoleArn: ${ROLE}\n`);
    const res = await cli(['validate', 'repo'], { cwd: e2e.cwd });
    expect(res.code).toBe(1);
    expect(res.err).toContain('repo/billing/billing.yaml:1:1  error  spec/account-conflict\n  Spec set billing declares the account settings of us-east-1, and so does spec set petstore (repo/petstore/petstore.yaml:');
    expect(res.err).toMatch(/repo\/petstore\/petstore\.yaml:\d+:1 {2}error {2}spec\/account-conflict\n {2}Spec set petstore declares the account settings of us-east-1, and so does spec set billing \(repo\/billing\/billing\.yaml:1:1\)/);
  });
});

describe('account features', () => {
  const withFeatures = () => e2e.edit('petstore.yaml', `account:\n  cloudwatchRoleArn: ${ROLE}\n`, `account:\n  cloudwatchRoleArn: ${ROLE}\n  features: [UsagePlans]\n`);
  const features = async () => (await v1Client(e2e.emu).send(new GetAccountCommand({}))).features;

  it('an account from before usage plans gets UsagePlans in the same UpdateAccount as the role, before the usage plans; then no changes', async () => {
    e2e.emu.state.v1.account = { features: [] };
    expect(await features()).toEqual([]);
    withFeatures();
    const planned = await plan('--output', 'json');
    const ops = JSON.parse(planned.out).ops as Array<{ id: string; kind: string; dependsOn: string[]; calls: Array<{ operation: string; input: unknown }> }>;
    const account = ops.find((o) => o.kind === 'account')!;
    expect(account.calls).toEqual([{ service: 'apigateway', operation: 'UpdateAccount', input: { patchOperations: [
      { op: 'replace', path: '/cloudwatchRoleArn', value: ROLE },
      { op: 'add', path: '/features', value: 'UsagePlans' },
    ] } }]);
    const plans = ops.filter((o) => o.kind === 'usage-plan' || o.kind === 'usage-plan-key');
    expect(plans.length).toBeGreaterThan(0);
    for (const p of plans) expect(p.dependsOn).toContain(account.id);
    expect((await plan()).out).toContain('  ~ account  (adds UsagePlans to an account from before usage plans: AWS also makes a default usage plan for each API stage its API keys are tied to, untagged and so left alone)\n' +
      `      cloudwatchRoleArn: (unset) -> "${ROLE}"\n      features: [] -> ["UsagePlans"]\n`);

    expect((await apply()).code).toBe(0);
    expect(e2e.emu.callCount('UpdateAccount')).toBe(1);
    expect(await features()).toEqual(['UsagePlans']);
    expect(await role()).toBe(ROLE);
    expect((await plan('--detailed-exitcode')).code).toBe(0);
    const writes = e2e.emu.calls().writes;
    expect((await apply()).code).toBe(0);
    expect(e2e.emu.calls().writes).toBe(writes);
  });

  it('a feature the account has is not sent again: a role change alone is the UpdateAccount; leaving features out removes nothing', async () => {
    withFeatures();
    expect(await features()).toEqual(['UsagePlans']);
    const planned = JSON.parse((await plan('--output', 'json')).out).ops as Array<{ kind: string; calls: unknown[] }>;
    expect(planned.find((o) => o.kind === 'account')!.calls).toEqual([{ service: 'apigateway', operation: 'UpdateAccount', input: { patchOperations: [{ op: 'replace', path: '/cloudwatchRoleArn', value: ROLE }] } }]);
    expect((await apply()).code).toBe(0);
    expect((await plan('--detailed-exitcode')).code).toBe(0);

    // Features only, no role: the live role is none of the set's business.
    e2e.edit('petstore.yaml', `  cloudwatchRoleArn: ${ROLE}\n`, '');
    await v1Client(e2e.emu).send(new UpdateAccountCommand({ patchOperations: [{ op: 'replace', path: '/cloudwatchRoleArn', value: 'arn:aws:iam::123456789012:role/other' }] }));
    expect((await plan('--detailed-exitcode')).code).toBe(0);
    e2e.edit('petstore.yaml', 'account:\n  features: [UsagePlans]\n', '');
    expect((await plan('--detailed-exitcode')).code).toBe(0);
    expect((await cli(['destroy', SPECS, '--auto-approve', ...e2e.url], { cwd: e2e.cwd })).code).toBe(0);
    expect(await features()).toEqual(['UsagePlans']);
  });

  it('import writes the role and UsagePlans back for an API whose stage logs and that has a usage plan; the imported set plans no account change', async () => {
    const c = v1Client(e2e.emu);
    const api = await c.send(new A.CreateRestApiCommand({ name: 'legacy' }));
    const root = (await c.send(new A.GetResourcesCommand({ restApiId: api.id }))).items![0]!;
    await c.send(new A.PutMethodCommand({ restApiId: api.id, resourceId: root.id, httpMethod: 'GET', authorizationType: 'NONE' }));
    await c.send(new A.PutIntegrationCommand({ restApiId: api.id, resourceId: root.id, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
    await c.send(new A.UpdateAccountCommand({ patchOperations: [{ op: 'replace', path: '/cloudwatchRoleArn', value: ROLE }] }));
    await c.send(new A.CreateDeploymentCommand({ restApiId: api.id, stageName: 'prod' }));
    await c.send(new A.UpdateStageCommand({ restApiId: api.id, stageName: 'prod', patchOperations: [{ op: 'replace', path: '/*/*/logging/loglevel', value: 'INFO' }] }));
    await c.send(new A.CreateUsagePlanCommand({ name: 'basic', apiStages: [{ apiId: api.id, stage: 'prod' }] }));

    const imported = await cli(['import', '--all', '--out', 'imported', '--region', 'us-east-1', ...e2e.url], { cwd: e2e.cwd });
    expect(imported.code).toBe(0);
    const settings = readFileSync(join(e2e.cwd, 'imported', 'settings.yaml'), 'utf8');
    expect(settings).toContain(`account:\n  cloudwatchRoleArn: ${ROLE}\n  features:\n    - UsagePlans\n`);
    const account = await cli(['plan', 'imported', '--target', 'account', '--detailed-exitcode', ...e2e.url], { cwd: e2e.cwd });
    expect(account.code).toBe(0);
  });

  it('validate: an unknown feature and an empty account are errors at file:line:column with a fix', async () => {
    e2e.edit('petstore.yaml', `account:\n  cloudwatchRoleArn: ${ROLE}\n`, 'account:\n  features: [UsagePlan]\n');
    const bad = await cli(['validate', SPECS], { cwd: e2e.cwd });
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/examples\/petstore\/petstore\.yaml:\d+:14 +error +spec\/invalid-value\n {2}"account": "features\.0" must be one of UsagePlans, not "UsagePlan"\. Did you mean "UsagePlans"\?/);
    expect(e2e.emu.calls().total).toBe(0);

    e2e.edit('petstore.yaml', 'account:\n  features: [UsagePlan]\n', 'account: {}\n');
    const empty = await cli(['validate', SPECS], { cwd: e2e.cwd });
    expect(empty.code).toBe(1);
    expect(empty.err).toMatch(/examples\/petstore\/petstore\.yaml:\d+:10 +error +spec\/empty-value\n {2}"account" must set at least one field\./);
    expect(empty.err).toContain('Fix: set `cloudwatchRoleArn` or `features`, or remove it.');
  });
});
