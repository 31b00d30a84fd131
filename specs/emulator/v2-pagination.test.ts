import {
  CreateApiCommand,
  CreateRouteCommand,
  GetApisCommand,
  GetRoutesCommand,
} from '@aws-sdk/client-apigatewayv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection, startV2, stopV2, type V2Harness } from './v2-helpers.js';

let h: V2Harness;
let ApiId: string;
const KEYS = Array.from({ length: 300 }, (_, i) => `GET /items/r${String(i).padStart(3, '0')}`);

beforeAll(async () => {
  h = await startV2();
  ApiId = (await h.client.send(new CreateApiCommand({ Name: 'big', ProtocolType: 'HTTP' }))).ApiId!;
  for (const RouteKey of KEYS) await h.client.send(new CreateRouteCommand({ ApiId, RouteKey }));
});
afterAll(() => stopV2(h));

describe('v2 pagination (maxResults / nextToken)', () => {
  it('pages 300 routes 100 at a time, in creation order, without gaps or repeats', async () => {
    const pages: string[][] = [];
    let NextToken: string | undefined;
    do {
      const page = await h.client.send(new GetRoutesCommand({ ApiId, MaxResults: '100', NextToken }));
      pages.push(page.Items!.map((r) => r.RouteKey!));
      NextToken = page.NextToken;
    } while (NextToken);
    expect(pages.map((p) => p.length)).toEqual([100, 100, 100]);
    expect(pages.flat()).toEqual(KEYS);
  });

  it('pages with an uneven page size (the JS SDK has no GetRoutes paginator, so clients loop)', async () => {
    const sizes: number[] = [];
    const keys: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await h.client.send(new GetRoutesCommand({ ApiId, MaxResults: '7', NextToken }));
      sizes.push(page.Items!.length);
      keys.push(...page.Items!.map((r) => r.RouteKey!));
      NextToken = page.NextToken;
    } while (NextToken);
    expect(sizes).toHaveLength(43);
    expect(sizes.at(-1)).toBe(300 % 7);
    expect(keys).toEqual(KEYS);
  });

  it('returns everything in one page when maxResults is absent', async () => {
    const page = await h.client.send(new GetRoutesCommand({ ApiId }));
    expect(page.Items).toHaveLength(300);
    expect(page.NextToken).toBeUndefined();
  });

  it('omits nextToken on the last page, including an exactly full one', async () => {
    const page = await h.client.send(new GetRoutesCommand({ ApiId, MaxResults: '300' }));
    expect(page.Items).toHaveLength(300);
    expect(page.NextToken).toBeUndefined();
    const apis = await h.client.send(new GetApisCommand({ MaxResults: '1' }));
    expect(apis.Items).toHaveLength(1);
    expect(apis.NextToken).toBeUndefined();
  });

  it('rejects a bad maxResults and a forged token', async () => {
    const badMax = await rejection(h.client.send(new GetRoutesCommand({ ApiId, MaxResults: 'ten' })));
    expect(badMax.name).toBe('BadRequestException');
    expect(badMax.$metadata.httpStatusCode).toBe(400);
    expect(badMax.message).toBe('Invalid maxResults specified: ten. It must be a positive integer.');
    const badToken = await rejection(h.client.send(new GetRoutesCommand({ ApiId, NextToken: 'garbage' })));
    expect(badToken.message).toBe('Invalid pagination token specified');
  });
});
