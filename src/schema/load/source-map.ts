import type { ObjectPath, SourceLocation, SourceMap } from '../types.js';

/**
 * Positions of every value (and of the mapping key naming it) in the spec set, by object path.
 * Paths are those of the merged, resolved spec set, so a key written `${values.stage}` is found
 * under its substituted name. Values that came whole from elsewhere (an environment value, an
 * included JSON file) have no entry of their own: lookups fall back to the nearest ancestor.
 */
export class SpecSourceMap implements SourceMap {
  private readonly values = new Map<string, SourceLocation>();
  private readonly keys = new Map<string, SourceLocation>();

  setValue(path: ObjectPath, loc: SourceLocation): void {
    this.values.set(keyOf(path), loc);
  }

  setKey(path: ObjectPath, loc: SourceLocation): void {
    this.keys.set(keyOf(path), loc);
  }

  locate(path: ObjectPath): SourceLocation | undefined {
    for (let n = path.length; n >= 0; n--) {
      const p = path.slice(0, n);
      const loc = this.values.get(keyOf(p)) ?? this.keys.get(keyOf(p));
      if (loc) return loc;
    }
    return undefined;
  }

  locateKey(path: ObjectPath): SourceLocation | undefined {
    return this.keys.get(keyOf(path)) ?? this.locate(path);
  }

  /** Copies every entry of another map into this one. */
  addAll(other: SpecSourceMap): void {
    for (const [k, v] of other.values) this.values.set(k, v);
    for (const [k, v] of other.keys) this.keys.set(k, v);
  }

  /** Moves the entries under `from` to `to` (a renamed key, e.g. a normalised path). */
  rename(from: ObjectPath, to: ObjectPath): void {
    const prefix = keyOf(from).slice(0, -1);
    for (const map of [this.values, this.keys]) {
      for (const [k, v] of [...map]) {
        if (k === keyOf(from) || k.startsWith(`${prefix},`)) {
          map.delete(k);
          map.set(keyOf(to).slice(0, -1) + k.slice(prefix.length), v);
        }
      }
    }
  }
}

function keyOf(path: ObjectPath): string {
  return JSON.stringify(path.map(String));
}
