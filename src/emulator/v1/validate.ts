import { validationError } from './patch.js';

/**
 * Input validation as AWS's front end does it before a call reaches the service: every problem of
 * one request is collected into one ValidationException ("2 validation errors detected: ...").
 */
export class InputCheck {
  private errors: string[] = [];

  constructor(
    private readonly input: string,
    private readonly body: Record<string, any>,
  ) {}

  required(...members: string[]): this {
    for (const m of members) {
      const v = this.body[m];
      if (v === undefined || v === null) this.errors.push(`Value null at '${this.input}.${m}' failed to satisfy constraint: Member must not be null`);
    }
    return this;
  }

  /** `path` is the member path shown in the message, e.g. `endpointConfiguration.types`. */
  oneOf(path: string, value: unknown, allowed: readonly string[]): this {
    if (value !== undefined && value !== null && !allowed.includes(String(value))) {
      this.errors.push(
        `Value '${value}' at '${this.input}.${path}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`,
      );
    }
    return this;
  }

  eachOneOf(path: string, values: unknown, allowed: readonly string[]): this {
    if (Array.isArray(values) && values.some((v) => !allowed.includes(String(v)))) {
      this.errors.push(
        `Value '[${values.join(', ')}]' at '${this.input}.${path}' failed to satisfy constraint: ` +
          `Member must satisfy constraint: [Member must satisfy enum value set: [${allowed.join(', ')}]]`,
      );
    }
    return this;
  }

  /** A path-label value that must match a pattern, e.g. statusCode `[1-5]\d\d`. */
  pattern(path: string, value: string | undefined, re: RegExp, shown: string): this {
    if (value !== undefined && !re.test(value)) {
      this.errors.push(`Value '${value}' at '${path}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${shown}`);
    }
    return this;
  }

  add(...messages: string[]): this {
    this.errors.push(...messages);
    return this;
  }

  done(): void {
    if (this.errors.length > 0) throw validationError(this.errors);
  }
}

export const check = (input: string, body: unknown) => new InputCheck(input, (body ?? {}) as Record<string, any>);

/** Enums of the service model that the emulator checks on input. */
export const ENUMS = {
  connectionType: ['INTERNET', 'VPC_LINK'],
  contentHandling: ['CONVERT_TO_BINARY', 'CONVERT_TO_TEXT'],
  responseTransferMode: ['BUFFERED', 'STREAM'],
  cacheClusterSize: ['0.5', '1.6', '6.1', '13.5', '28.4', '58.2', '118', '237'],
  quotaPeriod: ['DAY', 'WEEK', 'MONTH'],
  securityPolicy: [
    'TLS_1_0',
    'TLS_1_2',
    'SecurityPolicy_TLS13_1_3_2025_09',
    'SecurityPolicy_TLS13_1_3_FIPS_2025_09',
    'SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09',
    'SecurityPolicy_TLS13_1_2_FIPS_PQ_2025_09',
    'SecurityPolicy_TLS13_1_2_FIPS_PFS_PQ_2025_09',
    'SecurityPolicy_TLS13_1_2_PQ_2025_09',
    'SecurityPolicy_TLS13_1_2_2021_06',
    'SecurityPolicy_TLS13_2025_EDGE',
    'SecurityPolicy_TLS12_PFS_2025_EDGE',
    'SecurityPolicy_TLS12_2018_EDGE',
  ],
  endpointAccessMode: ['BASIC', 'STRICT'],
  routingMode: ['BASE_PATH_MAPPING_ONLY', 'ROUTING_RULE_ONLY', 'ROUTING_RULE_THEN_BASE_PATH_MAPPING'],
  ipAddressType: ['ipv4', 'dualstack'],
} as const;

export const HTTP_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'ANY'];
export const STATUS_CODE = /^[1-5]\d\d$/;
