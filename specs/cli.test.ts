import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { bufferIO } from '../src/cli/io.js';

describe('cli', () => {
  it('prints help and exits 0', async () => {
    const io = bufferIO();
    expect(await main(['--help'], io)).toBe(0);
    expect(io.out()).toContain('Usage: apigw-sync');
  });

  it('rejects an unknown flag with exit 1 and no stack trace', async () => {
    const io = bufferIO();
    expect(await main(['--no-such-flag'], io)).toBe(1);
    expect(io.err()).toContain("unknown option '--no-such-flag'");
    expect(io.err()).not.toMatch(/\n\s+at /);
  });
});
