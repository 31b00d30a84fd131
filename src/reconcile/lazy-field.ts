/**
 * A field of plain data worked out only when something reads it: `obj[key]` becomes an
 * enumerable getter that computes the value on first read and then turns into an ordinary data
 * property holding it. JSON.stringify, spreads and deep equality see a plain value; the work is
 * done only by what reads the field (the live state's fingerprint: saved plans, JSON output and
 * drift reports, not every plan).
 */
export function lazyField<T extends object, K extends keyof T>(obj: T, key: K, compute: () => T[K]): T {
  let pending: (() => T[K]) | undefined = compute;
  let value: T[K];
  const settle = (target: object, v: T[K]): void => {
    Object.defineProperty(target, key, { value: v, enumerable: true, writable: true, configurable: true });
  };
  Object.defineProperty(obj, key, {
    enumerable: true,
    configurable: true,
    get(this: object): T[K] {
      if (pending) {
        value = pending();
        pending = undefined; // nothing the computation needed (the live model) is held any longer
      }
      settle(this, value);
      return value;
    },
    set(this: object, v: T[K]): void {
      pending = undefined;
      settle(this, v);
    },
  });
  return obj;
}

/**
 * A shallow copy of `obj` with `fields` replaced, keeping lazy fields (lazyField) lazy: a spread
 * would read, and so compute, every one of them.
 */
export function copyWith<T extends object>(obj: T, fields: Partial<T>): T {
  const out = Object.defineProperties({}, Object.getOwnPropertyDescriptors(obj)) as T;
  for (const [k, v] of Object.entries(fields)) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}
