import { EVENT_ID, getScalarValue, parseEvents, SCALAR_STYLE, type Event, type ScalarEvent } from 'js-yaml';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, Schema, type Node } from 'yaml';
import { CONTROL_CHAR } from '../../render/visible.js';
import type { ObjectPath, SourceLocation } from '../types.js';
import { PARSE_OPTIONS, withPlainEnv } from './parse-yaml.js';
import { locationAt, NodeSpan, type NodePositions, type SpecSourceMap } from './source-map.js';
import { SECRET_PLACEHOLDER, substitute, type SubstituteContext } from './substitute.js';
import { ENV_REFERENCE, FORBIDDEN_KEYS, MAX_DEPTH, readIncludeValue, type EnvUse } from './walk.js';

/**
 * The fast path of loading a spec file: js-yaml's event parser (a flat list of events with source
 * offsets, about a tenth of the cost of `yaml`'s parseDocument on a large spec, and far less
 * garbage) turned into plain data in one pass, with the walker's rules (walk.ts): substitution,
 * `$file` includes, API key values as `{ secretEnv }` references, numbers' source text.
 *
 * It takes only what it can read exactly as the full path does, and gives up (returns undefined)
 * on anything else: several documents, directives, anchors, aliases, tags, tabs, carriage
 * returns, merge keys, keys that are not scalars, duplicate keys, and any value the walker would
 * report (a substitution problem, a control character, a forbidden key, a bad include...). The
 * full path (parse-yaml.ts and walk.ts, on `yaml`'s document) then reads the file again and
 * reports every diagnostic, so what users see never depends on which path read a file.
 *
 * Scalars are typed by `yaml`'s own core-schema tags (the same tests and resolvers in the same
 * order). Positions are not recorded by the walk: a clean load never reads them. The result's
 * `recordPositions` walks the file again to record them, each as its node's place in document order
 * (NodeSpan), when one is first asked for (SpecSourceMap.deferred); a position that is shown is
 * looked up in `yaml`'s parse of the file, made then, so locations are yaml's, exactly.
 * specs/schema/fast-yaml.test.ts compares both paths' data and positions.
 */
export interface FastWalkOptions {
  text: string;
  file: string;
  subst: SubstituteContext;
  setRoot: string;
  isSecret?: (path: ObjectPath) => boolean;
}

export interface FastWalkResult {
  data: unknown;
  /** Number scalars whose source text differs from String(value): see WalkOptions.numberSources. */
  numberSources: Map<string, string>;
  envUses: EnvUse[];
  /**
   * Whether the data may hold a number that is not finite (.inf, .nan, 1e400), or text the schema
   * check could coerce into one ("1e400" where a number is wanted), or values from elsewhere (an
   * included JSON file, a whole `${values.x}`): the loader's check for them (refuseNonFinite) can
   * then be skipped only when this is false.
   */
  mayBeNonFinite: boolean;
  /**
   * Records the position of every value and key the walk read into `into` (the walk again, over
   * the same text and substitutions, recording; included files are not read again).
   */
  recordPositions(into: SpecSourceMap): void;
}

/** A key JavaScript stores as an array index (a canonical integer below 2^32 - 1). */
const ARRAY_INDEX = /^(?:0|[1-9]\d{0,8})$/;
/** An index past V8's limit for fast elements (2^29): the object's elements stay a dictionary. */
const SLOW_ELEMENTS = 2 ** 30;

/** Thrown inside the fast walk when the full path must read the file. */
class GiveUp extends Error {}
const GIVE_UP = new GiveUp();

export function fastWalk(opts: FastWalkOptions): FastWalkResult | undefined {
  const { text } = opts;
  // Tabs and carriage returns have rules of their own in yaml's parser (its errors and hints name
  // them); the full path reads such files.
  if (text.includes('\t') || text.includes('\r')) return undefined;
  let events: Event[];
  try {
    events = parseEvents(text, { maxDepth: MAX_DEPTH });
  } catch {
    return undefined;
  }
  const positions = new LazyPositions(opts.file, text);
  let result: Omit<FastWalkResult, 'recordPositions'>;
  try {
    result = new FastWalker(opts, events, positions).run();
  } catch (err) {
    if (err === GIVE_UP) return undefined;
    throw err;
  }
  return { ...result, recordPositions: (into) => recordPositions(opts, positions, into) };
}

/**
 * The walk of a file the fast path took, again, recording positions only. The text and the
 * substitutions are those of the first walk, so the walk meets the same nodes in the same order
 * and makes the same decisions (an included file's content adds no position and is not read).
 */
function recordPositions(opts: FastWalkOptions, positions: LazyPositions, into: SpecSourceMap): void {
  const events = parseEvents(opts.text, { maxDepth: MAX_DEPTH });
  try {
    new FastWalker(opts, events, positions, into).run();
  } catch (err) {
    if (err !== GIVE_UP) throw err;
  }
}

const WHOLE_VALUES = /^\$\{values\.[^}]*\}$/;
/** yaml's core schema, as `parseDocument` uses it: scalar tags tried in order on plain scalars. */
const CORE_TAGS = new Schema({ schema: 'core' }).tags.filter(
  (t): t is typeof t & { test: RegExp; resolve: (s: string, onError: (m: string) => void, o: object) => unknown } =>
    !t.collection && t.default === true && t.test instanceof RegExp,
);
const TAG_OPTIONS = { intAsBigInt: false };
/** First characters of every plain scalar a core tag can match (the rest are strings). */
const TYPED_START = /^(?:$|[-+.~0-9nNtTfF])/;

class FastWalker {
  private i = 0;
  /** Node events seen so far (document order): the ordinal of the next node. */
  private ordinal = 0;
  private readonly path: (string | number)[] = [];
  private readonly numberSources = new Map<string, string>();
  private readonly envUses: EnvUse[] = [];
  private mayBeNonFinite = false;

  /**
   * @param sources where positions are recorded: only when the walk runs again for them
   *   (recordPositions), when included files are not read either.
   */
  constructor(
    private readonly opts: FastWalkOptions,
    private readonly events: Event[],
    private readonly positions: LazyPositions,
    private readonly sources?: SpecSourceMap,
  ) {}

  run(): Omit<FastWalkResult, 'recordPositions'> {
    const ev = this.events;
    let docs = 0;
    // Indexed: a for...of here ran unoptimised (once per file) and made an iterator result per event.
    for (let j = 0; j < ev.length; j++) {
      const e = ev[j]!;
      if (e.type === EVENT_ID.DOCUMENT) {
        docs++;
        if (e.directives.length) throw GIVE_UP;
      }
    }
    if (docs > 1) throw GIVE_UP;
    let data: unknown = null;
    if (docs === 1) {
      this.i = 1;
      const next = ev[this.i];
      if (next && next.type !== EVENT_ID.POP) data = this.node(0);
    }
    return { data, numberSources: this.numberSources, envUses: this.envUses, mayBeNonFinite: this.mayBeNonFinite };
  }

  private span(ordinal: number): NodeSpan {
    return new NodeSpan(this.positions, ordinal);
  }

  /** The node at the cursor, which moves past it. */
  private node(depth: number): unknown {
    if (depth > MAX_DEPTH) throw GIVE_UP;
    const e = this.events[this.i++]!;
    const ordinal = this.ordinal++;
    if (e.type === EVENT_ID.SCALAR) {
      if (e.anchorStart !== -1 || e.tagStart !== -1) throw GIVE_UP;
      this.sources?.setValue(this.path, this.span(ordinal));
      const written = this.resolve(e);
      this.written = written;
      return this.scalarValue(written, ordinal);
    }
    if (e.type === EVENT_ID.SEQUENCE) {
      if (e.anchorStart !== -1 || e.tagStart !== -1) throw GIVE_UP;
      this.sources?.setValue(this.path, this.span(ordinal));
      const out: unknown[] = [];
      const path = this.path;
      while (this.events[this.i]!.type !== EVENT_ID.POP) {
        path.push(out.length);
        out.push(this.node(depth + 1));
        path.pop();
      }
      this.i++;
      return out;
    }
    if (e.type === EVENT_ID.MAPPING) {
      if (e.anchorStart !== -1 || e.tagStart !== -1) throw GIVE_UP;
      this.sources?.setValue(this.path, this.span(ordinal));
      return this.mapping(depth);
    }
    throw GIVE_UP; // an alias
  }

  /** A scalar event's value as yaml's core schema types it. */
  private resolve(e: ScalarEvent): unknown {
    const raw = e.valueStart === -1 ? '' : e.fast ? this.opts.text.slice(e.valueStart, e.valueEnd) : getScalarValue(this.opts.text, e);
    if (e.style !== SCALAR_STYLE.PLAIN || !TYPED_START.test(raw)) return raw;
    for (const tag of CORE_TAGS) {
      if (!tag.test.test(raw)) continue;
      const res = tag.resolve(raw, () => { throw GIVE_UP; }, TAG_OPTIONS);
      const value = isScalar(res) ? res.value : res;
      // yaml keeps the source text of a number (`2.0`, `0o14`), which the walker records.
      if (typeof value === 'number' && raw !== String(value)) this.numberSource = raw;
      return value;
    }
    return raw;
  }

  /** Set by resolve() for a number whose text is not String(value), read by scalarValue(). */
  private numberSource: string | undefined;

  /** The last scalar's value as written (typed, before substitution). */
  private written: unknown;

  private scalarValue(v: unknown, ordinal: number): unknown {
    const source = this.numberSource;
    this.numberSource = undefined;
    const path = this.path;
    if (this.opts.isSecret?.(path)) {
      const m = typeof v === 'string' ? v.match(SECRET_PLACEHOLDER) : null;
      if (!m) throw GIVE_UP;
      this.envUses.push(this.envUse(m[1]!, ordinal, true));
      return m[2] ? { secretEnv: m[1], optional: true } : { secretEnv: m[1] };
    }
    if (typeof v === 'number') {
      if (source !== undefined) this.numberSources.set(JSON.stringify(path), source);
      if (!Number.isFinite(v)) this.mayBeNonFinite = true;
      return v;
    }
    if (typeof v === 'string') {
      const text = this.substituted(v, ordinal);
      if (typeof text === 'string') {
        if (CONTROL_CHAR.test(text)) throw GIVE_UP;
        if (coercesToNonFinite(text)) this.mayBeNonFinite = true;
      } else {
        this.mayBeNonFinite = true; // a whole ${values.x}: a value of the root file
      }
      return text;
    }
    return v; // null or a boolean
  }

  private envUse(name: string, ordinal: number, secret: boolean): EnvUse {
    return new LazyEnvUse(name, [...this.path], this.span(ordinal), secret);
  }

  private substituted(v: string, ordinal: number): unknown {
    if (v.includes('${env:')) {
      for (const m of v.matchAll(ENV_REFERENCE)) if (m[1]) this.envUses.push(this.envUse(m[1], ordinal, false));
    }
    const r = substitute(v, this.opts.subst);
    if (!r.ok) throw GIVE_UP;
    return r.value;
  }

  private mapping(depth: number): unknown {
    const ev = this.events;
    const path = this.path;
    const { sources } = this;
    const first = ev[this.i]!;
    if (first.type === EVENT_ID.SCALAR && this.isFileKey(first)) return this.include();
    const out: Record<string, unknown> = {};
    // Keys left out (a null `${values.x}`): with those in `out`, every key read so far. Made
    // only when needed: most mappings have a few keys, and a spec has tens of thousands of them.
    let skipped: Set<string> | undefined;
    let slowElements = false;
    while (ev[this.i]!.type !== EVENT_ID.POP) {
      const keyEvent = ev[this.i++]!;
      const keyOrdinal = this.ordinal++;
      if (keyEvent.type !== EVENT_ID.SCALAR || keyEvent.anchorStart !== -1 || keyEvent.tagStart !== -1) throw GIVE_UP;
      const keyValue = this.resolve(keyEvent);
      this.numberSource = undefined;
      // Keys yaml reads as null, merge keys, repeated keys (below: a key written twice reads as
      // the same text): the full path reports them.
      if (keyValue === null) throw GIVE_UP;
      const raw = String(keyValue);
      if ((raw === '<<' && keyEvent.style === SCALAR_STYLE.PLAIN) || FORBIDDEN_KEYS.has(raw)) throw GIVE_UP;
      const k = this.substituted(raw, keyOrdinal);
      if (typeof k !== 'string' || FORBIDDEN_KEYS.has(k) || CONTROL_CHAR.test(k) || Object.hasOwn(out, k) || skipped?.has(k)) throw GIVE_UP;
      path.push(k);
      sources?.setKey(path, this.span(keyOrdinal));
      const valueEvent = ev[this.i]!;
      this.written = undefined;
      const value = this.node(depth + 1);
      path.pop();
      // `key: ${values.x}` with x set to null (~) leaves the key out in that environment.
      if (value === null && valueEvent.type === EVENT_ID.SCALAR && typeof this.written === 'string' && WHOLE_VALUES.test(this.written)) {
        (skipped ??= new Set()).add(k);
        continue;
      }
      if (!slowElements && ARRAY_INDEX.test(k)) {
        // V8 keeps a key like "200" in an array as long as the number (317 slots for one HTTP
        // status): 2.5 KB per response map, and every Object.keys walks the holes. A dictionary
        // holds it in a few slots; an index past 2^29 makes the object keep one for good.
        out[SLOW_ELEMENTS] = undefined;
        delete out[SLOW_ELEMENTS];
        slowElements = true;
      }
      out[k] = value;
    }
    this.i++;
    return out;
  }

  private isFileKey(e: ScalarEvent): boolean {
    const second = this.events[this.i + 1];
    if (!second || second.type !== EVENT_ID.SCALAR) {
      // `$file:` with a collection value: a bad include, which the full path reports.
      if (this.resolveKeyText(e) === '$file') throw GIVE_UP;
      return false;
    }
    const third = this.events[this.i + 2];
    return third?.type === EVENT_ID.POP && this.resolveKeyText(e) === '$file';
  }

  private resolveKeyText(e: ScalarEvent): unknown {
    const v = this.resolve(e);
    this.numberSource = undefined;
    return v;
  }

  /** `{ $file: path }`: the key and the path are the mapping's only events. */
  private include(): unknown {
    const valueEvent = this.events[this.i + 1] as ScalarEvent;
    const rel = this.resolve(valueEvent);
    this.numberSource = undefined;
    this.i += 3; // key, value, end of the mapping
    this.ordinal += 2;
    if (this.sources) return null; // recording positions: the content has none
    const r = readIncludeValue(rel, this.opts.file, this.opts.setRoot);
    if (!r.ok) throw GIVE_UP;
    if (typeof r.value !== 'string') this.mayBeNonFinite = true; // JSON: 1e400 reads as Infinity
    return r.value;
  }
}

/**
 * Whether ajv's type coercion (`+text` where the text equals it) could turn this text into a
 * number that is not finite: "1e400", "Infinity", a run of 309 digits. Only text that starts like
 * a number (or like "Infinity") is converted to find out.
 */
function coercesToNonFinite(text: string): boolean {
  const c = text.charCodeAt(0);
  // Digits, '+', '-', '.', 'I', and the white space Number() skips: anything else is NaN.
  if (!((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46 || c === 73 || c <= 32 || c === 160 || c === 5760 || c > 8000)) return false;
  const n = Number(text);
  return n === Infinity || n === -Infinity;
}

/** An `${env:NAME}` use whose location is worked out only if a diagnostic shows it. */
class LazyEnvUse implements EnvUse {
  readonly secret?: true;

  constructor(
    readonly name: string,
    readonly path: ObjectPath,
    private readonly span: NodeSpan,
    secret: boolean,
  ) {
    if (secret) this.secret = true;
  }

  get location(): SourceLocation {
    return this.span.positions.locationOf(this.span.ordinal);
  }
}

/**
 * Positions of a file's nodes by their place in document order, from yaml's own parse of the
 * file, made the first time one is asked for (a diagnostic): the fast path accepted the file, so
 * yaml reads the same nodes in the same order. A pair without a value node (`{ a }`) is located
 * at its key, as the full walker records it.
 */
class LazyPositions implements NodePositions {
  private ranges: number[] | undefined;
  private lines: LineCounter | undefined;

  constructor(
    private readonly file: string,
    private readonly text: string,
  ) {}

  locationOf(ordinal: number): SourceLocation {
    if (!this.ranges) this.build();
    const start = this.ranges![2 * ordinal];
    if (start === undefined) return { file: this.file, line: 1, column: 1 };
    return locationAt(this.file, this.lines!, start, this.ranges![2 * ordinal + 1]!);
  }

  private build(): void {
    const lines = new LineCounter();
    const doc = withPlainEnv(() => parseDocument(this.text, { lineCounter: lines, ...PARSE_OPTIONS }));
    const ranges: number[] = [];
    const add = (n: Node | null, at: Node): void => {
      const r = (n ?? at).range ?? [0, 0, 0];
      ranges.push(r[0], r[1]);
      if (!n) return;
      if (isMap(n)) {
        for (const pair of n.items) {
          const key = pair.key as Node;
          add(key, key);
          add(pair.value as Node | null, key);
        }
      } else if (isSeq(n)) {
        for (const item of n.items) add(item as Node | null, n);
      }
    };
    if (doc.contents) add(doc.contents as Node, doc.contents as Node);
    this.ranges = ranges;
    this.lines = lines;
  }
}
