/**
 * `${env:NAME}`, `${env:NAME:-default}` and `${values.PATH}` in YAML scalars. Any other `${...}`
 * (AWS's own `${stageVariables.x}`, VTL's `${var}`) is left alone, and `$${env:` / `$${values.`
 * write the characters literally. Included files are never substituted.
 */
const PLACEHOLDER = /\$\$\{(?=env:|values\.)|\$\{env:([^}]*)\}|\$\{values\.([^}]*)\}|\$\{(?:env:|values\.)[^}]*$/g;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/**
 * A secret (an API key value): `${env:NAME}` (NAME must be set) or `${env:NAME:-}` (optional: when
 * NAME is unset AWS generates the value). A non-empty default would put a secret in git.
 */
export const SECRET_PLACEHOLDER = /^\$\{env:([A-Za-z_][A-Za-z0-9_]*)(:-)?\}$/;

export type SubstituteProblem = { code: string; message: string; fix: string };

export interface SubstituteContext {
  env: NodeJS.ProcessEnv;
  /** Undefined while reading the root file itself (values cannot refer to values). */
  values?: Record<string, unknown>;
  environment?: string;
}

export function substitute(
  input: string,
  ctx: SubstituteContext,
): { ok: true; value: unknown } | { ok: false; problems: SubstituteProblem[] } {
  if (!input.includes('${')) return { ok: true, value: input };
  const problems: SubstituteProblem[] = [];
  const whole = input.match(/^\$\{values\.([^}]*)\}$/);
  if (whole) {
    const v = lookupValue(whole[1]!, ctx, problems);
    return problems.length ? { ok: false, problems } : { ok: true, value: structuredClone(v) };
  }
  const out = input.replace(PLACEHOLDER, (m, envExpr: string | undefined, valuePath: string | undefined) => {
    if (m === '$${') return '${';
    if (envExpr === undefined && valuePath === undefined) {
      // `${env:HOME` with no closing brace: a typo, never meant as literal text (`$${env:` is).
      problems.push({
        code: 'spec/bad-placeholder',
        message: `"${m}" is not closed: a placeholder ends with "}".`,
        fix: `close it ("${m}}"), or write $${m} to keep the text as it is.`,
      });
      return '';
    }
    if (envExpr !== undefined) return lookupEnv(envExpr, ctx, problems);
    const v = lookupValue(valuePath!, ctx, problems);
    return v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  });
  return problems.length ? { ok: false, problems } : { ok: true, value: out };
}

function lookupEnv(expr: string, ctx: SubstituteContext, problems: SubstituteProblem[]): string {
  const sep = expr.indexOf(':-');
  const name = sep >= 0 ? expr.slice(0, sep) : expr;
  const fallback = sep >= 0 ? expr.slice(sep + 2) : undefined;
  if (!ENV_NAME.test(name)) {
    problems.push({ code: 'spec/bad-placeholder', message: `"\${env:${expr}}" is not a valid environment reference.`, fix: 'write ${env:NAME} or ${env:NAME:-default}, NAME made of letters, digits and _.' });
    return '';
  }
  const v = ctx.env[name];
  if (v !== undefined && v !== '') return v;
  if (fallback !== undefined) return fallback;
  problems.push({
    code: 'spec/unset-env',
    message: `The environment variable ${name} is not set (used as \${env:${name}}).`,
    fix: `set ${name} in the environment, or give a default: \${env:${name}:-value}.`,
  });
  return '';
}

function lookupValue(path: string, ctx: SubstituteContext, problems: SubstituteProblem[]): unknown {
  if (!ctx.values) {
    problems.push({ code: 'spec/bad-placeholder', message: `\${values.${path}} cannot be used in apigw-sync.yaml.`, fix: 'write the value itself here.' });
    return undefined;
  }
  let cur: unknown = ctx.values;
  for (const part of path.split('.')) {
    if (cur && typeof cur === 'object' && !Array.isArray(cur) && Object.hasOwn(cur, part)) {
      cur = (cur as Record<string, unknown>)[part];
    } else {
      const where = ctx.environment ? `environment "${ctx.environment}"` : 'the spec set (no environment is defined)';
      problems.push({
        code: 'spec/unknown-value',
        message: `\${values.${path}} is not defined in ${where}.`,
        fix: ctx.environment
          ? `add "${path}" under environments.${ctx.environment} in apigw-sync.yaml.`
          : 'define environments with values in apigw-sync.yaml.',
      });
      return undefined;
    }
  }
  return cur;
}
