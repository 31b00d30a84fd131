import { type TProperties, type TSchema, Type } from '@sinclair/typebox';

/**
 * Building blocks shared by every part of the spec language. Every property carries a
 * `description` (editors show it through yaml-language-server), and every object rejects
 * unknown fields, so a typo is an error with a "did you mean" rather than a silent no-op.
 *
 * Custom keywords (ignored by validators, used by the schema generator and the loader):
 * - `x-file`: the value is long text or a JSON document that may come from `{ $file: path }`.
 * - `x-secret`: the value is a secret written as `${env:NAME}`; loaded as `{ secretEnv: NAME }`.
 */

export const opt = Type.Optional;

export function obj<T extends TProperties>(description: string, props: T, extra: Record<string, unknown> = {}) {
  return Type.Object(props, { description, additionalProperties: false, ...extra });
}

export function str(description: string, extra: Record<string, unknown> = {}) {
  return Type.String({ description, ...extra });
}

export function bool(description: string) {
  return Type.Boolean({ description });
}

/** AWS's Integer fields are 32-bit: a larger number is refused (or, sent anyway, lost). */
export const INT32_MAX = 2147483647;

export function int(description: string, minimum?: number, maximum?: number) {
  return Type.Integer({ description, ...(minimum !== undefined && { minimum }), ...(maximum !== undefined && { maximum }) });
}

export function num(description: string, minimum?: number, maximum?: number) {
  return Type.Number({ description, ...(minimum !== undefined && { minimum }), ...(maximum !== undefined && { maximum }) });
}

/** A string enum as JSON Schema `enum` (clearer ajv errors than a union of constants). */
export function enumOf<const V extends readonly string[]>(values: V, description: string) {
  return Type.Unsafe<V[number]>({ type: 'string', enum: [...values], description });
}

/** A map keyed by a natural key (a name, path, route key, content type, status code). */
export function mapOf<T extends TSchema>(description: string, value: T) {
  return Type.Record(Type.String(), value, { description });
}

/**
 * A map of strings whose values must not be empty: parameter mappings, model names, stage
 * variables. AWS rejects an empty value there or takes it as "remove this entry" (v2 updates), so
 * `""` could never be applied and then planned as unchanged.
 */
export function stringMap(description: string, valueDescription: string, extra: Record<string, unknown> = {}) {
  return Type.Record(Type.String(), Type.String({ description: valueDescription, minLength: 1, ...extra }), { description });
}

export function list<T extends TSchema>(description: string, item: T, extra: Record<string, unknown> = {}) {
  return Type.Array(item, { description, ...extra });
}

/** Long text (VTL templates, access log formats) that may live in a file: `{ $file: templates/x.vtl }`. */
export function text(description: string) {
  return Type.String({ description, 'x-file': true });
}

/**
 * A map of content type to mapping template (VTL); each template may come from a file. With
 * `passthrough` (REST integrations and integration responses) an empty template `""` is allowed:
 * AWS stores it as a passthrough (null), as `put-integration --request-templates
 * '{"application/json": ""}'` does. Elsewhere AWS rejects an empty template or takes it as "remove".
 */
export function templates(description: string, opts: { passthrough?: boolean } = {}) {
  const value = opts.passthrough
    ? 'Mapping template (VTL) for this content type; inline or `{ $file: path }`. `""` is a passthrough template (AWS stores it as null).'
    : 'Mapping template (VTL) for this content type; inline or `{ $file: path }`.';
  return Type.Record(
    Type.String(),
    Type.String({ description: value, 'x-file': true, ...(opts.passthrough ? {} : { minLength: 1 }) }),
    { description },
  );
}

/** A JSON document (JSON Schema of a model, IAM policy): a YAML mapping, a JSON string, or a file. */
export function jsonDocument(description: string) {
  return Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.String()], { description, 'x-file': true });
}

export const Tags = Type.Record(Type.String({ maxLength: 128 }), Type.String({ description: 'Tag value.', maxLength: 256 }), {
  description:
    'Tags on the AWS object. The tags apigw-sync writes itself (the ownership tag `apigw-sync:managed-by`, and `apigw-sync:lists`, `apigw-sync:deployment`, `apigw-sync:dns-zone`) and `aws:` keys must not be written here.',
});

export const Throttle = obj('Throttling limits.', {
  rateLimit: opt(num('Steady-state requests per second.', 0)),
  burstLimit: opt(int('Maximum burst of concurrent requests.', 0, INT32_MAX)),
});

export const AccessLog = obj('Access logging: where the access log goes and its format.', {
  destinationArn: str('ARN of a CloudWatch Logs log group (`arn:aws:logs:...:log-group:NAME`) or a Firehose delivery stream whose name starts with `amazon-apigateway-`.'),
  format: text('Access log line format using `$context` variables, e.g. `$context.requestId $context.status`.'),
});

export const HTTP_VERBS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'] as const;
export type HttpVerb = (typeof HTTP_VERBS)[number];
