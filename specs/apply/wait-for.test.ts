import { describe, expect, it } from 'vitest';
import { executePlan, WAIT_LIMIT_MS, type CallAws } from '../../src/reconcile/apply/executor.js';
import { NO_RATES, Pacer } from '../../src/reconcile/apply/pacer.js';
import { call, op, planOf, ref } from '../helpers/plan-builder.js';
import { VirtualClock } from '../helpers/virtual-clock.js';

// A call with `waitFor` (the GetVpcLink after CreateVpcLink) is read again with backoff until the
// object is ready, on a virtual clock and with an AWS double that answers PENDING a few times:
// the emulator's links are AVAILABLE at once, so only a double shows the waiting itself.

function linkPlan() {
  const link = op('create', 'vpc-link:nlb', [
    call('CreateVpcLink', { name: 'nlb' }, { key: 'vpc-link:nlb', ids: { vpcLinkId: 'id' } }),
    { ...call('GetVpcLink', { vpcLinkId: ref('vpc-link:nlb', 'vpcLinkId') }), waitFor: { path: 'status', until: ['AVAILABLE'], failOn: ['FAILED'] } },
  ]);
  const integration = op('create', 'rest-api:a / resource:/x / method:GET / integration', [call('PutIntegration', { connectionId: ref('vpc-link:nlb', 'vpcLinkId') })], { dependsOn: [link.id] });
  return planOf(link, integration);
}

function aws(states: string[]) {
  const seen: { operation: string; at: number }[] = [];
  const clock = new VirtualClock();
  const callAws: CallAws = async ({ operation }) => {
    seen.push({ operation, at: clock.now() });
    if (operation === 'CreateVpcLink') return { id: 'vl0001', status: 'PENDING' };
    if (operation === 'GetVpcLink') return { id: 'vl0001', status: states.shift() ?? 'AVAILABLE', statusMessage: 'NLB not found' };
    return {};
  };
  return { seen, clock, callAws };
}

describe('waitFor', () => {
  it('reads until AVAILABLE, waiting longer each time, before the ops that depend on it run', async () => {
    const a = aws(['PENDING', 'PENDING', 'PENDING']);
    const report = await executePlan(linkPlan(), { callAws: a.callAws, parallelism: 4, ids: new Map(), env: {}, clock: a.clock, pacer: new Pacer(a.clock, NO_RATES) });
    expect(report.ok).toBe(true);
    expect(a.seen.map((s) => `${s.operation}@${s.at}`)).toStrictEqual([
      'CreateVpcLink@0', 'GetVpcLink@0', 'GetVpcLink@2000', 'GetVpcLink@6000', 'GetVpcLink@14000', 'PutIntegration@14000',
    ]);
    expect(report.results[0]?.calls).toBe(5);
  });

  it('fails the op, and skips its dependents, when the object fails', async () => {
    const a = aws(['PENDING', 'FAILED']);
    const report = await executePlan(linkPlan(), { callAws: a.callAws, parallelism: 4, ids: new Map(), env: {}, clock: a.clock, pacer: new Pacer(a.clock, NO_RATES) });
    expect(report.results.map((r) => r.status)).toStrictEqual(['failed', 'skipped']);
    expect(report.results[0]?.error).toStrictEqual({ type: 'apigw-sync', operation: 'GetVpcLink', message: 'the object became FAILED: NLB not found' });
  });

  it('gives up after the wait limit, saying to run apply again', async () => {
    const a = aws(Array.from({ length: 200 }, () => 'PENDING'));
    const report = await executePlan(linkPlan(), { callAws: a.callAws, parallelism: 4, ids: new Map(), env: {}, clock: a.clock, pacer: new Pacer(a.clock, NO_RATES) });
    expect(report.results[0]?.status).toBe('failed');
    expect(report.results[0]?.error?.message).toMatch(/^still PENDING after \d+ minutes; run apply again once it is AVAILABLE$/);
    expect(a.clock.now()).toBeLessThanOrEqual(WAIT_LIMIT_MS);
  });
});
