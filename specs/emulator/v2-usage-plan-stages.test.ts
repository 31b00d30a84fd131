import { CreateUsagePlanCommand, UpdateUsagePlanCommand } from '@aws-sdk/client-api-gateway';
import { CreateApiCommand, CreateStageCommand } from '@aws-sdk/client-apigatewayv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v1Client } from './helpers.js';
import { rejection, startV2, stopV2, type V2Harness } from './v2-helpers.js';

/** Usage plans (apigateway) cover WebSocket API stages (apigatewayv2), as in AWS; HTTP API stages not. */
let h: V2Harness;
beforeAll(async () => {
  h = await startV2();
});
afterAll(() => stopV2(h));

describe('usage plans over apigatewayv2 stages', () => {
  it('accepts a WebSocket API stage', async () => {
    const api = await h.client.send(new CreateApiCommand({ Name: 'chat', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' }));
    await h.client.send(new CreateStageCommand({ ApiId: api.ApiId, StageName: 'prod' }));
    const plan = await v1Client(h.emu).send(new CreateUsagePlanCommand({ name: 'clients', apiStages: [{ apiId: api.ApiId, stage: 'prod' }] }));
    expect(plan.apiStages).toStrictEqual([{ apiId: api.ApiId, stage: 'prod' }]);
  });

  it('refuses an HTTP API stage, and a WebSocket stage that does not exist, with AWS\'s message', async () => {
    const http = await h.client.send(new CreateApiCommand({ Name: 'orders', ProtocolType: 'HTTP' }));
    await h.client.send(new CreateStageCommand({ ApiId: http.ApiId, StageName: 'prod' }));
    const ws = await h.client.send(new CreateApiCommand({ Name: 'chat2', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' }));
    for (const apiId of [http.ApiId, ws.ApiId]) {
      const err = await rejection(v1Client(h.emu).send(new CreateUsagePlanCommand({ name: 'p', apiStages: [{ apiId, stage: 'prod' }] })));
      expect(err.name).toBe('BadRequestException');
      expect(err.message).toMatch(new RegExp(`^Invalid API Stage \\{api: ${String(apiId)}, stage: prod\\} specified for usageplan \\w+$`));
    }
  });

  it('UpdateUsagePlan adds and removes a WebSocket API stage, as CreateUsagePlan takes one', async () => {
    const api = await h.client.send(new CreateApiCommand({ Name: 'chat3', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' }));
    await h.client.send(new CreateStageCommand({ ApiId: api.ApiId, StageName: 'prod' }));
    const v1 = v1Client(h.emu);
    const plan = await v1.send(new CreateUsagePlanCommand({ name: 'later' }));
    const added = await v1.send(new UpdateUsagePlanCommand({ usagePlanId: plan.id, patchOperations: [{ op: 'add', path: '/apiStages', value: `${api.ApiId}:prod` }] }));
    expect(added.apiStages).toStrictEqual([{ apiId: api.ApiId, stage: 'prod' }]);
    const removed = await v1.send(new UpdateUsagePlanCommand({ usagePlanId: plan.id, patchOperations: [{ op: 'remove', path: '/apiStages', value: `${api.ApiId}:prod` }] }));
    expect(removed.apiStages ?? []).toStrictEqual([]);
  });
});
