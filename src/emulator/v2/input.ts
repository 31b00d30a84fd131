import { badRequest } from '../aws-error.js';
import type { Wire } from './store.js';

/**
 * Input validation as the service does it before any handler logic: types, required members,
 * enums and the ranges the model's shape names carry (e.g. `IntegerWithLengthBetween50And30000`).
 * All problems are reported at once in the service's "N validation errors detected" form.
 */
export type Kind =
  | { type: 'string'; min?: number; max?: number }
  | { type: 'boolean' }
  | { type: 'integer'; min?: number; max?: number }
  | { type: 'number' }
  | { type: 'enum'; values: readonly string[] }
  | { type: 'stringList' }
  | { type: 'stringMap' }
  | { type: 'object' };

export const str = (min?: number, max?: number): Kind => ({ type: 'string', min, max });
export const bool: Kind = { type: 'boolean' };
export const int = (min?: number, max?: number): Kind => ({ type: 'integer', min, max });
export const num: Kind = { type: 'number' };
export const oneOf = (...values: string[]): Kind => ({ type: 'enum', values });
export const strList: Kind = { type: 'stringList' };
export const strMap: Kind = { type: 'stringMap' };
export const obj: Kind = { type: 'object' };

export type InputSpec = Record<string, Kind>;

/** Enums of the apigatewayv2 model. */
export const ENUMS = {
  protocolType: ['WEBSOCKET', 'HTTP'],
  ipAddressType: ['ipv4', 'dualstack'],
  authorizationType: ['NONE', 'AWS_IAM', 'CUSTOM', 'JWT'],
  authorizerType: ['REQUEST', 'JWT'],
  connectionType: ['INTERNET', 'VPC_LINK'],
  contentHandlingStrategy: ['CONVERT_TO_BINARY', 'CONVERT_TO_TEXT'],
  integrationType: ['AWS', 'HTTP', 'MOCK', 'HTTP_PROXY', 'AWS_PROXY'],
  passthroughBehavior: ['WHEN_NO_MATCH', 'NEVER', 'WHEN_NO_TEMPLATES'],
  loggingLevel: ['ERROR', 'INFO', 'OFF'],
  endpointType: ['REGIONAL', 'EDGE'],
  securityPolicy: ['TLS_1_0', 'TLS_1_2'],
  routingMode: ['API_MAPPING_ONLY', 'ROUTING_RULE_ONLY', 'ROUTING_RULE_THEN_API_MAPPING'],
} as const;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.join(', ')}]`;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function problem(member: string, value: unknown, kind: Kind): string | undefined {
  const at = `Value '${describe(value)}' at '${member}' failed to satisfy constraint:`;
  switch (kind.type) {
    case 'string':
      if (typeof value !== 'string') return `${at} Member must be a string`;
      if (kind.min !== undefined && value.length < kind.min)
        return `${at} Member must have length greater than or equal to ${kind.min}`;
      if (kind.max !== undefined && value.length > kind.max)
        return `${at} Member must have length less than or equal to ${kind.max}`;
      return undefined;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `${at} Member must be a boolean`;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return `${at} Member must be an integer`;
      if (kind.min !== undefined && value < kind.min) return `${at} Member must have value greater than or equal to ${kind.min}`;
      if (kind.max !== undefined && value > kind.max) return `${at} Member must have value less than or equal to ${kind.max}`;
      return undefined;
    case 'number':
      return typeof value === 'number' ? undefined : `${at} Member must be a number`;
    case 'enum':
      return typeof value === 'string' && kind.values.includes(value)
        ? undefined
        : `${at} Member must satisfy enum value set: [${kind.values.join(', ')}]`;
    case 'stringList':
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? undefined : `${at} Member must be a list of strings`;
    case 'stringMap':
      return isPlainObject(value) && Object.values(value).every((v) => typeof v === 'string')
        ? undefined
        : `${at} Member must be a map of strings`;
    case 'object':
      return isPlainObject(value) ? undefined : `${at} Member must be an object`;
  }
}

export function isPlainObject(value: unknown): value is Wire {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks `input` against `spec`; `required` members must be present (on Create calls). Throws
 * BadRequestException listing every problem.
 */
export function checkInput(input: Wire, spec: InputSpec, required: readonly string[] = []): void {
  const problems: string[] = [];
  for (const member of required) {
    if (input[member] === undefined || input[member] === null) {
      problems.push(`Value null at '${member}' failed to satisfy constraint: Member must not be null`);
    }
  }
  for (const [member, kind] of Object.entries(spec)) {
    const value = input[member];
    if (value === undefined || value === null) continue;
    const p = problem(member, value, kind);
    if (p) problems.push(p);
  }
  if (problems.length > 0) {
    const n = problems.length;
    throw badRequest(`${n} validation error${n === 1 ? '' : 's'} detected: ${problems.join('; ')}`);
  }
}

/** Checks the members of a nested object (e.g. `corsConfiguration`), prefixing the member path. */
export function checkNested(input: Wire | undefined, prefix: string, spec: InputSpec, required: readonly string[] = []): void {
  if (input === undefined || input === null) return;
  const prefixed = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [`${prefix}.${k}`, v]));
  checkInput(prefixed(input) as Wire, prefixed(spec) as InputSpec, required.map((r) => `${prefix}.${r}`));
}
