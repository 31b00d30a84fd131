import type { HttpApiSpec, SpecSet, WebSocketApiSpec } from '../../../src/schema/index.js';
import { specSet } from './spec-set.js';

/** The base of the HTTP and WebSocket change scenarios, as the loader hands it over (shorthands expanded). */
export const ORDERS_FN = 'arn:aws:lambda:us-east-1:123456789012:function:orders';
export const LEGACY_FN = 'arn:aws:lambda:us-east-1:123456789012:function:orders-legacy';
const CHAT_URI = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:chat/invocations';

export function v2Base(): SpecSet {
  const orders: HttpApiSpec = {
    description: 'Orders',
    cors: { allowOrigins: ['https://shop.example.com'], allowMethods: ['GET', 'POST'] },
    integrations: {
      'orders-fn': { type: 'AWS_PROXY', uri: ORDERS_FN, httpMethod: 'POST', payloadFormatVersion: '2.0' },
      'legacy-fn': { type: 'AWS_PROXY', uri: LEGACY_FN, httpMethod: 'POST', payloadFormatVersion: '1.0' },
    },
    authorizers: {
      cognito: { type: 'JWT', identitySource: ['$request.header.Authorization'], jwt: { issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_ABC', audience: ['web'] } },
    },
    routes: {
      'GET /orders': { integration: 'orders-fn', authorizer: 'cognito', authorizationType: 'JWT', authorizationScopes: ['orders/read'] },
      'POST /orders': { integration: 'orders-fn' },
      'DELETE /orders/{id}': { integration: 'legacy-fn' },
    },
    stages: { $default: { autoDeploy: true, defaultRouteSettings: { throttle: { rateLimit: 100, burstLimit: 200 } } } },
  };
  const chat: WebSocketApiSpec = {
    routeSelectionExpression: '$request.body.action',
    integrations: { messages: { type: 'AWS_PROXY', uri: CHAT_URI, httpMethod: 'POST' } },
    routes: { $connect: { integration: 'messages' }, $disconnect: { integration: 'messages' }, $default: { integration: 'messages' } },
    stages: { prod: { autoDeploy: true } },
  };
  return { ...specSet({}), httpApis: { orders }, webSocketApis: { chat } };
}

export const http = (s: SpecSet) => s.httpApis.orders as HttpApiSpec & Required<Pick<HttpApiSpec, 'routes' | 'integrations' | 'authorizers' | 'stages'>>;
export const ws = (s: SpecSet) => s.webSocketApis.chat as WebSocketApiSpec & Required<Pick<WebSocketApiSpec, 'routes' | 'integrations' | 'stages'>>;
