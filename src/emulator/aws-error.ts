/**
 * An error as API Gateway returns it: `x-amzn-ErrorType` header, `{"message": ...}` body and the
 * status code of the exception in the service model. The SDKs read the header first, so this is
 * what makes `NotFoundException` etc. arrive as typed exceptions.
 */
export class AwsError extends Error {
  constructor(
    readonly type: string,
    readonly status: number,
    message: string,
    /** Extra body members (v2 `resourceType`, `limitType`) and headers (`Retry-After`). */
    readonly extra: { body?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new AwsError('BadRequestException', 400, message);
export const notFound = (message: string) => new AwsError('NotFoundException', 404, message);
export const conflict = (message: string) => new AwsError('ConflictException', 409, message);
export const limitExceeded = (message: string) => new AwsError('LimitExceededException', 429, message);
export const tooManyRequests = (retryAfterSeconds: number, message = 'Too Many Requests') =>
  new AwsError('TooManyRequestsException', 429, message, { headers: { 'Retry-After': String(retryAfterSeconds) } });
