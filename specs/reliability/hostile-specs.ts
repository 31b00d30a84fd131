import { closeSync, mkdirSync, openSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Hostile and huge spec sets, beyond the invalid-spec corpus of the language rules
 * (specs/schema/invalid-corpus.ts): inputs meant to exhaust memory or time, escape the spec set,
 * or confuse a parser. Each must be refused with one located error of `code` in `file`.
 */
export interface HostileCase {
  name: string;
  /** Writes the spec set's files into `dir` (the root file is written already). */
  write(dir: string): void;
  /** The file and diagnostic code of the error it must produce, e.g. `api.yaml`, `spec/alias-limit`. */
  file: string;
  code: string;
}

const ROOT = 'name: shop\nregion: us-east-1\n';
const put = (dir: string, name: string, content: string | Buffer): void => writeFileSync(join(dir, name), content);
const MB = 1024 * 1024;

function bigFile(path: string, mb: number, line: string): void {
  const fd = openSync(path, 'w');
  const chunk = Buffer.from(line.repeat(Math.ceil(MB / line.length)).slice(0, MB));
  for (let i = 0; i < mb; i++) writeSync(fd, chunk);
  closeSync(fd);
}

/** A valid method, repeated to make a large spec. */
const method = (i: number) => `      /r${i}:\n        GET: { integration: { type: MOCK } }\n`;

export const hostileCases: HostileCase[] = [
  {
    name: 'alias bomb (billion laughs)',
    write: (dir) => {
      const levels = ['a: &a [x,x,x,x,x,x,x,x,x,x]'];
      for (let i = 1; i < 10; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
      put(dir, 'api.yaml', `restApis:\n  shop:\n    binaryMediaTypes:\n      - ${levels.join('\n      - ')}\n`);
    },
    file: 'api.yaml',
    code: 'spec/alias-limit',
  },
  {
    name: 'merge-key bomb',
    write: (dir) => {
      const lines = ['x0: &x0 { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8 }'];
      for (let i = 1; i < 12; i++) lines.push(`x${i}: &x${i} { <<: [*x${i - 1}, *x${i - 1}, *x${i - 1}, *x${i - 1}], k${i}: 1 }`);
      put(dir, 'api.yaml', `restApis:\n  shop:\n    tags:\n      ${lines.join('\n      ')}\n`);
    },
    file: 'api.yaml',
    code: 'spec/(alias-limit|merge-key|yaml-syntax|wrong-type)',
  },
  {
    name: '100,000 nested flow sequences',
    write: (dir) => put(dir, 'api.yaml', `restApis: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`),
    file: 'api.yaml',
    code: 'spec/(yaml-syntax|too-deep)',
  },
  {
    name: '2,000 nested block mappings',
    write: (dir) => put(dir, 'api.yaml', Array.from({ length: 2_000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' x\n'),
    file: 'api.yaml',
    code: 'spec/(yaml-syntax|too-deep|unknown-field)',
  },
  {
    name: 'a 6 MB spec file (over the 5 MB limit)',
    write: (dir) => bigFile(join(dir, 'huge.yaml'), 6, '# filler\n'),
    file: 'huge.yaml',
    code: 'spec/file-too-large',
  },
  {
    name: 'a 4.5 MB spec of 60,000 methods with one error at the end',
    write: (dir) => {
      let text = 'restApis:\n  shop:\n    resources:\n';
      for (let i = 0; text.length < 4.5 * MB; i++) text += method(i);
      put(dir, 'api.yaml', `${text}    descripton: typo at the end\n`);
    },
    file: 'api.yaml',
    code: 'spec/unknown-field',
  },
  {
    name: 'a 4 MB scalar as a resource path',
    write: (dir) => put(dir, 'api.yaml', `restApis:\n  shop:\n    resources:\n      /${'a'.repeat(4 * MB)}{:\n        GET: { integration: { type: MOCK } }\n`),
    file: 'api.yaml',
    code: 'spec/(yaml-syntax|invalid-path|invalid-value|too-long)',
  },
  {
    name: '20,000 unknown fields (every error reported, output bounded in time)',
    write: (dir) => put(dir, 'api.yaml', `restApis:\n  shop:\n${Array.from({ length: 20_000 }, (_, i) => `    bogus${i}: 1\n`).join('')}`),
    file: 'api.yaml',
    code: 'spec/unknown-field',
  },
  {
    name: '__proto__, constructor and prototype keys',
    write: (dir) => put(dir, 'api.yaml', 'restApis:\n  __proto__:\n    polluted: true\n  shop:\n    tags: { prototype: x }\n'),
    file: 'api.yaml',
    code: 'spec/forbidden-key',
  },
  {
    name: 'bytes that are not UTF-8',
    write: (dir) => put(dir, 'api.yaml', Buffer.from([0x72, 0x65, 0x73, 0x74, 0x41, 0x70, 0x69, 0x73, 0x3a, 0x20, 0xff, 0xfe, 0x00, 0x0a])),
    file: 'api.yaml',
    code: 'spec/not-utf8',
  },
  {
    name: 'language-specific YAML tags (!!js/function, !!python/object)',
    write: (dir) => put(dir, 'api.yaml', 'restApis:\n  shop:\n    description: !!js/function "function () { return process.exit(9) }"\n    tags: !!python/object:os.system { x: 1 }\n'),
    file: 'api.yaml',
    code: 'spec/(yaml-syntax|unknown-tag|wrong-type)',
  },
  {
    name: 'tabs for indentation',
    write: (dir) => put(dir, 'api.yaml', 'restApis:\n\tshop:\n\t\tdescription: x\n'),
    file: 'api.yaml',
    code: 'spec/yaml-syntax',
  },
  {
    name: 'several YAML documents in one file',
    write: (dir) => put(dir, 'api.yaml', 'restApis:\n  a: {}\n---\nrestApis:\n  b: {}\n'),
    file: 'api.yaml',
    code: 'spec/(yaml-syntax|multiple-documents)',
  },
  {
    name: 'a spec file that is a list, not a mapping',
    write: (dir) => put(dir, 'api.yaml', '- restApis\n- shop\n'),
    file: 'api.yaml',
    code: 'spec/(wrong-type|not-a-mapping)',
  },
  {
    name: '10,000 duplicate keys',
    write: (dir) => put(dir, 'api.yaml', `restApis:\n  shop:\n    tags:\n${'      k: v\n'.repeat(10_000)}`),
    file: 'api.yaml',
    code: 'spec/duplicate-key',
  },
  {
    name: '$file reading a device (/dev/zero, endless)',
    write: (dir) => {
      symlinkSync('/dev/zero', join(dir, 'zero.json'));
      put(dir, 'api.yaml', 'restApis:\n  shop:\n    policy: { $file: zero.json }\n');
    },
    file: 'api.yaml',
    code: 'spec/(not-a-file|bad-include)',
  },
  {
    name: '$file of a JSON document nested 200,000 deep',
    write: (dir) => {
      put(dir, 'deep.json', `${'['.repeat(200_000)}${']'.repeat(200_000)}`);
      put(dir, 'api.yaml', 'restApis:\n  shop:\n    policy: { $file: deep.json }\n');
    },
    file: 'api.yaml',
    code: 'spec/too-deep',
  },
  {
    name: '$file escaping the spec set (../../etc/passwd)',
    write: (dir) => put(dir, 'api.yaml', 'restApis:\n  shop:\n    policy: { $file: ../../../../etc/passwd }\n'),
    file: 'api.yaml',
    code: 'spec/bad-include',
  },
  {
    name: '$file of a 50 MB JSON document',
    write: (dir) => {
      bigFile(join(dir, 'big.json'), 50, '          ');
      put(dir, 'api.yaml', 'restApis:\n  shop:\n    policy: { $file: big.json }\n');
    },
    file: 'api.yaml',
    code: 'spec/(file-too-large|bad-include)',
  },
  {
    name: 'NUL, BEL and DEL in keys and values',
    write: (dir) => put(dir, 'api.yaml', 'restApis:\n  shop:\n    tags: { "team\\0": a, owner: "x\x07y" }\n    description: "z\x7f"\n'),
    file: 'api.yaml',
    code: 'spec/control-character',
  },
  {
    name: 'terminal escape sequences in a description (clear screen, window title)',
    write: (dir) => put(dir, 'api.yaml', 'restApis:\n  shop:\n    description: "\x1b[2J\x1b[H\x1b]0;owned\x07approved"\n'),
    file: 'api.yaml',
    code: 'spec/control-character',
  },
  {
    name: 'a C1 control sequence introducer (U+009B) in an API key name, via a YAML escape',
    write: (dir) => put(dir, 'api.yaml', 'apiKeys:\n  "partner\\u009B31m": {}\n'),
    file: 'api.yaml',
    code: 'spec/control-character',
  },
  {
    name: 'a resource path climbing out with ..',
    write: (dir) => put(dir, 'api.yaml', 'restApis:\n  shop:\n    resources:\n      /public/../admin:\n        GET: { integration: { type: MOCK } }\n'),
    file: 'api.yaml',
    code: 'spec/invalid-path',
  },
  {
    name: 'resource paths with . segments, empty segments and characters AWS refuses',
    write: (dir) => put(dir, 'api.yaml', 'restApis:\n  shop:\n    resources:\n      /a/./b:\n        GET: { integration: { type: MOCK } }\n      /c//d:\n        GET: { integration: { type: MOCK } }\n      /e/f@g:\n        GET: { integration: { type: MOCK } }\n'),
    file: 'api.yaml',
    code: 'spec/invalid-path',
  },
  {
    name: 'a directory symlink loop in the spec set',
    write: (dir) => {
      mkdirSync(join(dir, 'sub'));
      symlinkSync('..', join(dir, 'sub', 'loop'));
      put(dir, 'api.yaml', 'restApis:\n  shop:\n    descripton: x\n');
    },
    file: 'api.yaml',
    code: 'spec/unknown-field',
  },
];

export { ROOT as HOSTILE_ROOT };
