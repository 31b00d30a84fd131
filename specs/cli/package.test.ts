import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * What a user installs: the `npm pack` tarball, installed into an empty project with
 * `npm i ./tarball` (dependencies from the registry, or npm's cache), runs `npx apigw-sync`.
 * And the built binary's version, help and shell completion.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'apigw-sync.js');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const run = (args: string[], cwd = ROOT) => spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

describe('the npm package', () => {
  it('packs into a tarball that installs in an empty project and runs `npx apigw-sync validate`', () => {
    const work = mkdtempSync(join(tmpdir(), 'apigw-pack-'));
    // dist/ is built already (vitest's global setup builds first): pack it as it is.
    const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' })) as { filename: string; files: { path: string }[] }[];
    const files = packed[0]!.files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['bin/apigw-sync.js', 'dist/cli/main.js', 'schema/apigw-sync.schema.json', 'package.json', 'README.md']));
    expect(files.filter((f) => f.startsWith('specs/') || f.startsWith('src/'))).toEqual([]);

    const project = join(work, 'project');
    execFileSync('mkdir', ['-p', join(project, 'apis')]);
    writeFileSync(join(project, 'package.json'), '{ "name": "user-project", "private": true }\n');
    execFileSync('npm', ['i', '--no-audit', '--no-fund', '--prefer-offline', '-D', join(work, packed[0]!.filename)], { cwd: project, encoding: 'utf8' });
    writeFileSync(join(project, 'apis', 'apigw-sync.yaml'), 'name: orders\nregion: us-east-1\n');
    writeFileSync(join(project, 'apis', 'orders.yaml'), 'httpApis:\n  orders:\n    description: Orders\n');
    const ok = spawnSync('npx', ['--no-install', 'apigw-sync', 'validate', 'apis'], { cwd: project, encoding: 'utf8' });
    expect(ok.stderr + ok.stdout).toMatch(/valid/i);
    expect(ok.status).toBe(0);
    const version = spawnSync('npx', ['--no-install', 'apigw-sync', '--version'], { cwd: project, encoding: 'utf8' });
    expect(version.stdout).toBe(`${pkg.version}\n`);
    writeFileSync(join(project, 'apis', 'orders.yaml'), 'httpApis:\n  orders:\n    protocol: HTTP\n');
    const bad = spawnSync('npx', ['--no-install', 'apigw-sync', 'validate', 'apis'], { cwd: project, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stdout + bad.stderr).toContain('orders.yaml:3:');
  }, 180_000);
});

describe('installed from git', () => {
  it('a dev dependency from a git URL is built on install (its prepare script) and runs', () => {
    // The committed tree of this checkout, as `npm i -D github:OWNER/apigw-sync#REF` would fetch it.
    const ref = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const project = mkdtempSync(join(tmpdir(), 'apigw-git-install-'));
    writeFileSync(join(project, 'package.json'), '{ "name": "user-project", "private": true }\n');
    execFileSync('npm', ['i', '--no-audit', '--no-fund', '--prefer-offline', '-D', `git+file://${ROOT}#${ref}`], { cwd: project, encoding: 'utf8', stdio: 'pipe' });
    const version = spawnSync('npx', ['--no-install', 'apigw-sync', '--version'], { cwd: project, encoding: 'utf8' });
    expect(version.stdout).toBe(`${pkg.version}\n`);
    writeFileSync(join(project, 'apigw-sync.yaml'), 'name: orders\nregion: us-east-1\n');
    writeFileSync(join(project, 'orders.yaml'), 'httpApis:\n  orders:\n    description: Orders\n');
    const ok = spawnSync('npx', ['--no-install', 'apigw-sync', 'validate', '.'], { cwd: project, encoding: 'utf8' });
    expect(ok.status, ok.stderr).toBe(0);
  }, 600_000);
});

describe('version', () => {
  it('--version and `version` print package.json\'s version', () => {
    expect(run(['--version']).stdout).toBe(`${pkg.version}\n`);
    const v = run(['version']);
    expect(v.status).toBe(0);
    expect(v.stdout).toBe(`${pkg.version}\n`);
    // No second hard-coded copy of the version in the sources.
    const main = readFileSync(join(ROOT, 'src', 'cli', 'main.ts'), 'utf8');
    expect(main).not.toContain(`'${pkg.version}'`);
  });
});

describe('help', () => {
  const commands = readdirSync(join(ROOT, 'src', 'cli', 'commands')).filter((f) => f.endsWith('.ts') && f !== 'index.ts').map((f) => f.slice(0, -3));
  it.each(['', ...commands, 'completion', 'complete'])('`%s --help` ends with examples', (command) => {
    const r = run([...(command ? [command] : []), '--help']);
    expect(r.status).toBe(0);
    const tail = r.stdout.slice(r.stdout.lastIndexOf('\nExamples:\n'));
    // An example may first make a folder the command writes into (`mkdir -p DIR && apigw-sync ...`).
    expect(tail).toMatch(/^\nExamples:\n( {2}\$ (mkdir -p \S+ && )?apigw-sync .+\n)+$/);
    if (command && command !== 'version') expect(tail).toMatch(new RegExp(`\\$ (mkdir -p \\S+ && )?apigw-sync ${command}`));
  });
});

describe('shell completion', () => {
  it.each(['bash', 'zsh', 'fish'])('`completion %s` prints a script that asks apigw-sync for suggestions', (shell) => {
    const r = run(['completion', shell]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('apigw-sync complete --');
  });

  it('the bash script is valid bash', () => {
    const script = run(['completion', 'bash']).stdout;
    expect(spawnSync('bash', ['-n'], { input: script, encoding: 'utf8' }).status).toBe(0);
  });

  // The scripts as the shells run them, calling the built binary as `apigw-sync` on PATH. .ci/run
  // installs the shells and bash-completion (the helpers bash's script relies on).
  const onPath = mkdtempSync(join(tmpdir(), 'apigw-path-'));
  symlinkSync(BIN, join(onPath, 'apigw-sync'));
  const shell = (command: string, args: string[], input?: string) => {
    const r = spawnSync(command, args, { input, encoding: 'utf8', env: { ...process.env, PATH: `${onPath}:${process.env.PATH}`, NO_COLOR: '1' } });
    if (r.error) throw new Error(`${command} is needed for this test (apt-get install zsh fish bash-completion, as .ci/run does): ${r.error.message}`);
    return r;
  };
  const script = (name: string) => {
    const file = join(onPath, `completion.${name}`);
    writeFileSync(file, run(['completion', name]).stdout);
    return file;
  };

  it('the install lines `completion --help` and the README show run as written in a fresh home (bash and fish)', () => {
    const home = mkdtempSync(join(tmpdir(), 'apigw-home-'));
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const lines = run(['completion', '--help']).stdout.split('\n').map((l) => l.trim().replace(/^\$ /, '')).filter((l) => l.startsWith('mkdir -p ~/'));
    expect(lines.length).toBe(2);
    expect(readme).toContain(lines[0]!);
    for (const line of lines) {
      const r = spawnSync('bash', ['-c', line], { encoding: 'utf8', env: { ...process.env, HOME: home, PATH: `${onPath}:${process.env.PATH}`, NO_COLOR: '1' } });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
    expect(readFileSync(join(home, '.local/share/bash-completion/completions/apigw-sync'), 'utf8')).toContain('apigw-sync complete --');
    expect(readFileSync(join(home, '.config/fish/completions/apigw-sync.fish'), 'utf8')).toContain('apigw-sync complete --');
  });

  it('bash completes commands, flags and flag values through bash-completion', () => {
    const complete = (line: string) => {
      const words = line.split(' ');
      const program = [
        'source /usr/share/bash-completion/bash_completion',
        `source ${script('bash')}`,
        `COMP_LINE='${line}'; COMP_POINT=\${#COMP_LINE}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}`,
        `__apigw_sync_complete apigw-sync '${words.at(-1)}' '${words.at(-2)}' 2>/dev/null`,
        'printf "%s\\n" "${COMPREPLY[@]}"',
      ].join('\n');
      return shell('bash', ['-c', program]).stdout.split('\n').filter(Boolean);
    };
    expect(complete('apigw-sync pl')).toEqual(['plan']);
    expect(complete('apigw-sync plan --det')).toEqual(['--detailed-exitcode']);
    expect(complete('apigw-sync plan --output ')).toEqual(['text', 'json', 'markdown']);
  });

  it('fish completes commands and flags, with their descriptions', () => {
    const complete = (line: string) => shell('fish', ['-c', `source ${script('fish')}; complete -C '${line}'`]).stdout.split('\n').filter(Boolean);
    expect(complete('apigw-sync pl')).toEqual([expect.stringMatching(/^plan\tShow what apply would change/)]);
    expect(complete('apigw-sync plan --det')).toEqual([expect.stringMatching(/^--detailed-exitcode\t/)]);
  });

  it('the zsh script is valid zsh and defines its completion function', () => {
    const file = script('zsh');
    expect(shell('zsh', ['-n', file]).status).toBe(0);
    const r = shell('zsh', ['-c', `autoload -U compinit && compinit -u -D && source ${file} && print -r -- \${_comps[apigw-sync]}`]);
    expect(r.stdout.trim()).toMatch(/^_apigw[-_]sync$/);
  });

  it('suggests commands, flags and flag values', () => {
    const words = (args: string[]) => run(['complete', '--', ...args]).stdout.split('\n').filter((l) => l && !l.startsWith(':')).map((l) => l.split('\t')[0]);
    expect(words(['pl'])).toEqual(['plan']);
    expect(words(['plan', '--det'])).toEqual(['--detailed-exitcode']);
    expect(words(['plan', '--output', ''])).toEqual(['text', 'json', 'markdown']);
    expect(words(['apply', '--auto'])).toEqual(['--auto-approve']);
  });
});
