import { createHash } from 'node:crypto';

/**
 * API key values are compared by digest: the live value (read with includeValues) and the
 * desired one (from the environment) are hashed as soon as they are read, so the models, the
 * plan and anything derived from them never hold a secret.
 */
export function secretDigest(value: string): string {
  return `sha256:${createHash('sha256').update(`apigw-sync:${value}`).digest('hex').slice(0, 32)}`;
}
