import * as A from '@aws-sdk/client-api-gateway';
import * as B from '@aws-sdk/client-apigatewayv2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../helpers/emulator.js';
import { TEST_CREDENTIALS, v1Client } from '../emulator/helpers.js';
import { cli, scratchWithExamples } from '../helpers/cli.js';

// Eventual consistency, opt-in in the emulator: VPC links stay PENDING for a while after their
// create (AWS provisions them in minutes; CreateVpcLink answers 202 PENDING, recorded), and a read
// right after the create may not find the link yet. apply waits for the link, says so, and never
// makes a second one.

let emu: RunningEmulator;
let v1: A.APIGatewayClient;
let v2: B.ApiGatewayV2Client;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  v1 = v1Client(emu);
  v2 = new B.ApiGatewayV2Client({ region: 'us-east-1', endpoint: emu.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
});
afterAll(async () => {
  v1.destroy();
  v2.destroy();
  await emu.close();
});
beforeEach(() => {
  emu.setConsistency({ vpcLinkPendingMs: 0, readAfterCreateMs: 0 });
  emu.setConflicts({ enabled: false });
  emu.reset();
});

const NLB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/catalog/50dc6c495c0c9188';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the emulator', () => {
  it('is consistent unless asked: a new link is AVAILABLE on the first read', async () => {
    const made = await v1.send(new A.CreateVpcLinkCommand({ name: 'l', targetArns: [NLB] }));
    expect(made.status).toBe('PENDING');
    expect((await v1.send(new A.GetVpcLinkCommand({ vpcLinkId: made.id }))).status).toBe('AVAILABLE');
  });

  it('keeps a v1 link PENDING for vpcLinkPendingMs, then AVAILABLE with AWS recorded message', async () => {
    emu.setConsistency({ vpcLinkPendingMs: 400 });
    const made = await v1.send(new A.CreateVpcLinkCommand({ name: 'l', targetArns: [NLB] }));
    const pending = await v1.send(new A.GetVpcLinkCommand({ vpcLinkId: made.id }));
    expect([pending.status, pending.statusMessage]).toEqual(['PENDING', undefined]);
    expect((await v1.send(new A.GetVpcLinksCommand({}))).items!.map((l) => l.status)).toEqual(['PENDING']);
    await sleep(450);
    const ready = await v1.send(new A.GetVpcLinkCommand({ vpcLinkId: made.id }));
    expect([ready.status, ready.statusMessage]).toEqual(['AVAILABLE', 'Your vpc link is ready for use']);
  });

  it('keeps a v2 link PENDING the same way', async () => {
    emu.setConsistency({ vpcLinkPendingMs: 400 });
    const made = await v2.send(new B.CreateVpcLinkCommand({ Name: 'l', SubnetIds: ['subnet-1'] }));
    expect((await v2.send(new B.GetVpcLinkCommand({ VpcLinkId: made.VpcLinkId }))).VpcLinkStatus).toBe('PENDING');
    await sleep(450);
    expect((await v2.send(new B.GetVpcLinkCommand({ VpcLinkId: made.VpcLinkId }))).VpcLinkStatus).toBe('AVAILABLE');
  });

  it('hides a new link from reads for readAfterCreateMs', async () => {
    emu.setConsistency({ readAfterCreateMs: 400 });
    const made = await v1.send(new A.CreateVpcLinkCommand({ name: 'l', targetArns: [NLB] }));
    await expect(v1.send(new A.GetVpcLinkCommand({ vpcLinkId: made.id }))).rejects.toMatchObject({ name: 'NotFoundException', message: 'Invalid Vpc Link identifier specified' });
    expect((await v1.send(new A.GetVpcLinksCommand({}))).items ?? []).toEqual([]);
    await sleep(450);
    expect((await v1.send(new A.GetVpcLinksCommand({}))).items!.map((l) => l.id)).toEqual([made.id]);
  });

  it('is set and read through the admin endpoint', async () => {
    const put = await fetch(`${emu.url}/_emulator/consistency`, { method: 'PUT', body: JSON.stringify({ vpcLinkPendingMs: 5 }), headers: { 'content-type': 'application/json' } });
    expect(await put.json()).toEqual({ vpcLinkPendingMs: 5, readAfterCreateMs: 0, dnsChangeSyncMs: 0 });
  });
});

describe('apply', () => {
  it('waits for a link that is not visible, then PENDING, with progress lines; one run, one link, then no changes', { timeout: 120_000 }, async () => {
    emu.setConsistency({ vpcLinkPendingMs: 3_000, readAfterCreateMs: 1_000 });
    emu.setConflicts({ enabled: true, holdMs: 10 });
    const cwd = scratchWithExamples();
    const run = await cli(['apply', 'examples/petstore', '--endpoint-url', emu.url, '--auto-approve'], { cwd });
    expect(run.code, run.out + run.err).toBe(0);
    const waits = run.err.split('\n').filter((l) => l.startsWith('waiting for '));
    expect(waits[0]).toMatch(/^waiting for .*inventory-alb: not visible yet after \d+\.\ds, next read in 2\.0s \(gives up after 20 minutes\)$/);
    expect(waits.some((l) => /inventory-alb: PENDING after/.test(l))).toBe(true);
    expect((await v2.send(new B.GetVpcLinksCommand({}))).Items!.map((l) => [l.Name, l.VpcLinkStatus])).toEqual([['inventory-alb', 'AVAILABLE']]);
    const plan = await cli(['plan', 'examples/petstore', '--endpoint-url', emu.url, '--detailed-exitcode'], { cwd });
    expect(plan.out + plan.err).toBe('No changes. The live state matches the specs.\n');
  });
});
