/**
 * What the executor reports about a failed call: AWS's error type and message exactly as AWS sent
 * them (the SDK puts the type in `name`), or our own reason for failing before any call was made.
 */
export interface CallFailure {
  /** `BadRequestException`, `TooManyRequestsException`, ... or `apigw-sync` for our own refusals. */
  type: string;
  message: string;
  /** The operation that failed (`PutIntegration`), absent when no call was made. */
  operation?: string;
  httpStatus?: number;
}

export function describeAwsError(err: unknown, operation?: string): CallFailure {
  if (err !== null && typeof err === 'object') {
    const e = err as { name?: unknown; message?: unknown; $metadata?: { httpStatusCode?: number } };
    return {
      type: typeof e.name === 'string' && e.name !== 'Error' ? e.name : 'Error',
      message: typeof e.message === 'string' ? e.message : String(err),
      ...(operation ? { operation } : {}),
      ...(e.$metadata?.httpStatusCode ? { httpStatus: e.$metadata.httpStatusCode } : {}),
    };
  }
  return { type: 'Error', message: String(err), ...(operation ? { operation } : {}) };
}

export function isNotFound(err: unknown): boolean {
  const name = err !== null && typeof err === 'object' ? (err as { name?: unknown }).name : undefined;
  return name === 'NotFoundException' || name === 'ResourceNotFoundException';
}
