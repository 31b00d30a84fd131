import type { RequestContext } from '../router.js';
import { AwsError, badRequest } from '../aws-error.js';

/**
 * The v1 Update* calls take JSON-Patch-like operations whose paths and ops are fixed per call. Each
 * call declares its rules; this module matches paths, checks ops and produces AWS's error messages.
 */
export interface PatchOp {
  op: string;
  path?: string;
  value?: string | null;
  from?: string;
}

export type OpName = 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
const OP_ENUM = ['add', 'remove', 'move', 'test', 'replace', 'copy'];

export interface PatchRule<T> {
  /** The path as AWS lists it in messages; `{x}` is one segment, `{x+}` the rest of the path. */
  path: string;
  ops: OpName[];
  /** `args` are the decoded values of the `{...}` segments. */
  apply(target: T, op: PatchOp, args: string[]): void;
  /** When false for an operation, the rule is treated as not matching (e.g. a required value is missing). */
  accepts?(op: PatchOp): boolean;
}

/**
 * How a call words a rejected path; AWS words it differently per object (see the recorded responses):
 * `listed`: "Invalid patch path  '/x' specified for op 'replace'. Must be one of: [/a, /b]";
 * `simple`: "Invalid patch path /x", and "Invalid patch operation specified. Must be one of: [replace]".
 */
export type PatchStyle = 'listed' | 'simple';

/** Reads `patchOperations` and rejects unknown op names the way AWS's input validation does. */
export function readPatchOps(ctx: RequestContext, inputName: string): PatchOp[] {
  const raw = (ctx.body as { patchOperations?: unknown } | undefined)?.patchOperations;
  const ops = Array.isArray(raw) ? (raw as PatchOp[]) : [];
  const errors = ops
    .map((o, i) => ({ o, i }))
    .filter(({ o }) => !OP_ENUM.includes(o.op))
    .map(
      ({ o, i }) =>
        `Value '${o.op}' at '${inputName}.patchOperations.${i + 1}.member.op' failed to satisfy constraint: ` +
        `Member must satisfy enum value set: [${OP_ENUM.join(', ')}]`,
    );
  if (errors.length > 0) throw validationError(errors);
  return ops;
}

export function validationError(errors: string[]): AwsError {
  const head = errors.length === 1 ? '1 validation error detected' : `${errors.length} validation errors detected`;
  return new AwsError('ValidationException', 400, `${head}: ${errors.join('; ')}`);
}

/** JSON Pointer unescaping of one segment: `~1` is `/`, `~0` is `~`. */
export const unescapePointer = (s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~');
export const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

function matchRule(pattern: string, path: string): string[] | undefined {
  const want = pattern.split('/').slice(1);
  const got = path.split('/').slice(1);
  const args: string[] = [];
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    if (w.endsWith('+}')) {
      if (got.length <= i) return undefined;
      args.push(got.slice(i).map(unescapePointer).join('/'));
      return args;
    }
    const g = got[i];
    if (g === undefined) return undefined;
    if (w.startsWith('{')) {
      if (g === '') return undefined;
      args.push(unescapePointer(g));
    } else if (w !== g) return undefined;
  }
  return got.length === want.length ? args : undefined;
}

/** Applies the operations in order to `target` (mutating it); the caller passes a copy to stay atomic. */
export function applyPatch<T>(target: T, ops: PatchOp[], rules: PatchRule<T>[], style: PatchStyle): T {
  for (const op of ops) {
    const path = op.path;
    if (path === undefined || path === null) throw badRequest('Invalid patch path null');
    let found: { rule: PatchRule<T>; args: string[] } | undefined;
    for (const rule of rules) {
      const args = matchRule(rule.path, path);
      if (args && (!rule.accepts || rule.accepts(op))) {
        found = { rule, args };
        if (rule.ops.includes(op.op as OpName)) break;
      }
    }
    if (!found || !found.rule.ops.includes(op.op as OpName)) throw rejected(op, path, rules, style, Boolean(found));
    found.rule.apply(target, op, found.args);
  }
  return target;
}

function rejected<T>(op: PatchOp, path: string, rules: PatchRule<T>[], style: PatchStyle, pathKnown: boolean): AwsError {
  if (style === 'simple') {
    if (!pathKnown) return badRequest(`Invalid patch path ${path}`);
    const ops = [...new Set(rules.filter((r) => matchRule(r.path, path)).flatMap((r) => r.ops))];
    return badRequest(`Invalid patch operation specified. Must be one of: [${ops.join(', ')}]`);
  }
  const paths = rules.filter((r) => r.ops.includes(op.op as OpName)).map((r) => r.path);
  if (paths.length === 0) return badRequest(`Invalid patch path  '${path}' specified for op '${op.op}'. Please choose supported operations`);
  return badRequest(`Invalid patch path  '${path}' specified for op '${op.op}'. Must be one of: [${paths.join(', ')}]`);
}

// Values arrive as strings; these convert them the way the service does.

/** Anything but "true" (any case) is false: AWS accepts `"yes"` for a boolean and stores false. */
export const toBool = (v: string | null | undefined): boolean => String(v ?? '').toLowerCase() === 'true';

export function toInt(v: string | null | undefined, message: string): number {
  const n = Number(v);
  if (v === null || v === undefined || v === '' || !Number.isInteger(n)) throw badRequest(message);
  return n;
}

export function toNumber(v: string | null | undefined, message: string): number {
  const n = Number(v);
  if (v === null || v === undefined || v === '' || !Number.isFinite(n)) throw badRequest(message);
  return n;
}

/** Replace a top-level string field; an empty value is kept as given. */
export function stringField<T extends Record<string, any>>(field: string, ops: OpName[] = ['replace']): PatchRule<T> {
  return {
    path: `/${field}`,
    ops,
    apply: (t, op) => {
      if (op.op === 'remove') delete (t as any)[field];
      else (t as any)[field] = op.value ?? undefined;
    },
  };
}

export function boolField<T extends Record<string, any>>(field: string): PatchRule<T> {
  return { path: `/${field}`, ops: ['replace'], apply: (t, op) => ((t as any)[field] = toBool(op.value)) };
}

/**
 * A list used as a set whose element travels in the value (`/authorizationScopes`, `/providerARNs`,
 * ApiKey `/stages`): add appends once, remove drops it.
 */
export function valueSet<T extends Record<string, any>>(path: string, field: string): PatchRule<T> {
  return {
    path,
    ops: ['add', 'remove'],
    apply: (t, op) => {
      const list: string[] = (t as any)[field] ?? [];
      const v = String(op.value ?? '');
      const next = op.op === 'add' ? [...new Set([...list, v])] : list.filter((x) => x !== v);
      (t as any)[field] = next;
    },
  };
}

/** `/map/{key}` entries of a string map, e.g. requestTemplates; remove drops the entry. */
export function mapEntry<T extends Record<string, any>>(
  field: string,
  ops: OpName[],
  convert: (v: string | null | undefined) => unknown = (v) => (v === undefined ? null : v),
  missing?: () => AwsError,
): PatchRule<T> {
  return {
    path: `/${field}/{key}`,
    ops,
    apply: (t, op, [key]) => {
      const map: Record<string, unknown> = ((t as any)[field] ??= {});
      if (op.op === 'remove') {
        if (!(key! in map) && missing) throw missing();
        delete map[key!];
      } else {
        if (op.op === 'replace' && !(key! in map) && missing) throw missing();
        map[key!] = convert(op.value);
      }
    },
  };
}
