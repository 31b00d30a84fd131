import type { ObjectPath, SourceLocation, SourceMap } from '../types.js';

/**
 * Positions of every value (and of the mapping key naming it) in the spec set, by object path.
 * Paths are those of the merged, resolved spec set, so a key written `${values.stage}` is found
 * under its substituted name. Values that came whole from elsewhere (an environment value, an
 * included JSON file) have no entry of their own: lookups fall back to the nearest ancestor.
 *
 * A spec of 5,000 methods has about 150,000 positions and a clean load asks for none of them, so
 * nothing is worked out before it is needed. A file read by the fast path (fast-yaml.ts) gives a
 * map whose entries are recorded only when first read (`deferred`): the file's walk is run again,
 * recording. A map that takes in such a map (`addAll`) keeps every later change (`setValue`,
 * `setKey`, `addAll`, `rename`, `setValueFrom`) as a step to replay, in order, the first time a
 * position is asked for (`locate`, `locateKey`): the entries are then exactly those the same
 * changes made at once would give. Positions themselves are kept as offsets (or a node's place in
 * its file) and turned into line:column only for the path asked for; entries form a tree by path
 * segment rather than a map keyed by the serialised path.
 */
export class SpecSourceMap implements SourceMap {
  private readonly root: Entry = {};
  /** The segments of the last path `entry` was asked for, and the entries along it (the root first). */
  private readonly lastSegs: (string | number)[] = [];
  private readonly lastChain: Entry[] = [this.root];
  /** Records this map's own first entries: the walk of a file, run the first time they are needed. */
  private fill: ((into: SpecSourceMap) => void) | undefined;
  /** Changes made while entries are still to be recorded: replayed in order after them. */
  private steps: (() => void)[] | undefined;

  /**
   * A map whose first entries `fill` records (with setValue and setKey), run only when one of
   * them is needed: a position asked for, here or in a map that took this one in.
   */
  static deferred(fill: (into: SpecSourceMap) => void): SpecSourceMap {
    const map = new SpecSourceMap();
    map.fill = fill;
    map.steps = [];
    return map;
  }

  /** Whether entries are still to be recorded (no position has been asked for since a deferred map came in). */
  get pending(): boolean {
    return this.steps !== undefined;
  }

  setValue(path: ObjectPath, loc: Position): void {
    if (this.steps) {
      const at = [...path];
      this.steps.push(() => (this.entry(at).value = loc));
    } else this.entry(path).value = loc;
  }

  setKey(path: ObjectPath, loc: Position): void {
    if (this.steps) {
      const at = [...path];
      this.steps.push(() => (this.entry(at).key = loc));
    } else this.entry(path).key = loc;
  }

  /**
   * Gives the value at `to` the position `locate(from)` (`locateKey(from)` with `key`) has at this
   * point, if any: for generated values, located at the shorthand that made them.
   */
  setValueFrom(to: ObjectPath, from: ObjectPath, key = false): void {
    const copy = (t: ObjectPath, f: ObjectPath) => {
      const loc = key ? this.findKey(f) : this.find(f);
      if (loc) this.entry(t).value = loc;
    };
    if (this.steps) {
      const t = [...to];
      const f = [...from];
      this.steps.push(() => copy(t, f));
    } else copy(to, from);
  }

  locate(path: ObjectPath): SourceLocation | undefined {
    this.settle();
    const loc = this.find(path);
    return loc && resolve(loc);
  }

  locateKey(path: ObjectPath): SourceLocation | undefined {
    this.settle();
    const loc = this.findKey(path);
    return loc && resolve(loc);
  }

  /** Copies every entry of another map into this one (entries of `other` win). */
  addAll(other: SpecSourceMap): void {
    if (other.steps && !this.steps) this.steps = [];
    if (this.steps) this.steps.push(() => this.merge(other));
    else this.merge(other);
  }

  /** Moves the entries under `from` to `to` (a renamed key, e.g. a normalised path). */
  rename(from: ObjectPath, to: ObjectPath): void {
    if (from.length === 0 || to.length === 0) return;
    if (this.steps) {
      const f = [...from];
      const t = [...to];
      this.steps.push(() => this.move(f, t));
    } else this.move(from, to);
  }

  /** Records what is still to be recorded: the own entries, then every change since, in order. */
  private settle(): void {
    const steps = this.steps;
    if (!steps) return;
    this.steps = undefined;
    const fill = this.fill;
    this.fill = undefined;
    fill?.(this);
    for (const step of steps) step();
  }

  private merge(other: SpecSourceMap): void {
    other.settle();
    merge(this.root, other.root);
    this.forgetLast();
  }

  private move(from: ObjectPath, to: ObjectPath): void {
    const chain = this.chain(from);
    if (chain.length !== from.length + 1) return;
    const moved = chain[chain.length - 1]!;
    this.forgetLast();
    chain[chain.length - 2]!.kids!.delete(String(from[from.length - 1]));
    const target = this.entry(to);
    merge(target, moved);
  }

  /** The position of the value at `path`, or of its nearest ancestor that has one. */
  private find(path: ObjectPath): Position | undefined {
    const chain = this.chain(path);
    for (let n = chain.length - 1; n >= 0; n--) {
      const e = chain[n]!;
      const loc = e.value ?? e.key;
      if (loc) return loc;
    }
    return undefined;
  }

  private findKey(path: ObjectPath): Position | undefined {
    const chain = this.chain(path);
    const own = chain.length === path.length + 1 ? chain[chain.length - 1]!.key : undefined;
    return own ?? this.find(path);
  }

  /** Entries may have moved: the next `entry` looks its path up from the root. */
  private forgetLast(): void {
    this.lastSegs.length = 0;
    this.lastChain.length = 1;
  }

  /** The entries from the root along `path`, as far as they exist. */
  private chain(path: ObjectPath): Entry[] {
    const out: Entry[] = [this.root];
    let cur: Entry | undefined = this.root;
    for (const seg of path) {
      cur = cur.kids?.get(String(seg));
      if (!cur) break;
      out.push(cur);
    }
    return out;
  }

  /**
   * The entry at `path`, made where missing. The walker records values depth first, so each path
   * mostly extends or shares a prefix with the one before: the chain of the last path is kept, and
   * only the segments after the common prefix are looked up.
   */
  private entry(path: ObjectPath): Entry {
    const segs = this.lastSegs;
    const chain = this.lastChain;
    let n = 0;
    const common = Math.min(path.length, segs.length);
    while (n < common && segs[n] === path[n]) n++;
    segs.length = n;
    chain.length = n + 1;
    let cur = chain[n]!;
    for (let i = n; i < path.length; i++) {
      const seg = path[i]!;
      const kids: Map<string, Entry> = (cur.kids ??= new Map());
      const key = String(seg);
      let next = kids.get(key);
      if (!next) {
        next = {};
        kids.set(key, next);
      }
      cur = next;
      segs.push(seg);
      chain.push(cur);
    }
    return cur;
  }
}

/** Turns an offset of a file into line and column (yaml's LineCounter). */
export interface LinePositions {
  linePos(offset: number): { line: number; col: number };
}

/** A span of a file, as offsets: what the walker records for each value and key. */
export class Span {
  constructor(
    readonly file: string,
    readonly lines: LinePositions,
    readonly start: number,
    readonly end: number,
  ) {}
}

/** Finds where the n-th node of a file (document order, keys included) is: see NodeSpan. */
export interface NodePositions {
  locationOf(ordinal: number): SourceLocation;
}

/**
 * A node of a file read by the fast path (fast-yaml.ts), as its place in document order: its
 * line:column is worked out, from yaml's own parse of the file, only if it is ever shown.
 */
export class NodeSpan {
  constructor(
    readonly positions: NodePositions,
    readonly ordinal: number,
  ) {}
}

type Position = SourceLocation | Span | NodeSpan;

interface Entry {
  value?: Position;
  key?: Position;
  kids?: Map<string, Entry>;
}

/** line:column of `offset`, and the end column when the span ends on the same line. */
export function locationAt(file: string, lines: LinePositions, offset: number, endOffset?: number): SourceLocation {
  const { line, col } = lines.linePos(offset);
  const loc: SourceLocation = { file, line, column: col };
  if (endOffset !== undefined && endOffset > offset) {
    const end = lines.linePos(endOffset);
    if (end.line === line) loc.endColumn = end.col;
  }
  return loc;
}

function resolve(loc: Position): SourceLocation {
  if (loc instanceof Span) return locationAt(loc.file, loc.lines, loc.start, loc.end);
  if (loc instanceof NodeSpan) return loc.positions.locationOf(loc.ordinal);
  return loc;
}

/** Entries of `from` overwrite those of `into`; subtrees `into` lacks are moved over whole. */
function merge(into: Entry, from: Entry): void {
  if (from.value) into.value = from.value;
  if (from.key) into.key = from.key;
  if (!from.kids) return;
  if (!into.kids) {
    into.kids = from.kids;
    return;
  }
  for (const [k, child] of from.kids) {
    const mine = into.kids.get(k);
    if (mine) merge(mine, child);
    else into.kids.set(k, child);
  }
}
