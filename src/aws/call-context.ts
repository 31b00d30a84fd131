/**
 * What a failed SDK call was, attached to its error: the service and operation, and what the
 * endpoint answered (status and headers of the raw HTTP response, when there was one). The CLI
 * turns this into "GetAuthorizers (apigateway) failed: HTTP 404 ... the endpoint seems to be ...".
 */
export interface RawResponse {
  status?: number;
  headers: Record<string, string>;
}

export interface CallContext {
  service: 'apigateway' | 'apigatewayv2' | 'lambda' | 'route53';
  operation: string;
  response?: RawResponse;
}

const KEY = '$apigwCall';

export function withCallContext(err: unknown, service: CallContext['service'], operation: string, response?: RawResponse): unknown {
  if (err !== null && typeof err === 'object' && !(KEY in err)) {
    try {
      Object.defineProperty(err, KEY, { value: { service, operation, ...(response ? { response } : {}) } satisfies CallContext, enumerable: false });
    } catch {
      // a frozen error keeps its own description
    }
  }
  return err;
}

export function callContextOf(err: unknown): CallContext | undefined {
  return err !== null && typeof err === 'object' ? ((err as Record<string, unknown>)[KEY] as CallContext | undefined) : undefined;
}
