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

export const HTTP_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'ANY'];
export const STATUS_CODE = /^[1-5]\d\d$/;
