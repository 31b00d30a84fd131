// Runs the built CLI like bin/apigw-sync.js, then reports the process's peak resident set (kB) on
// file descriptor 3, so a test can bound the memory a run took.
import { writeSync } from 'node:fs';
import { main } from '../../dist/cli/main.js';

process.on('exit', () => {
  try {
    writeSync(3, String(process.resourceUsage().maxRSS));
  } catch {
    // fd 3 not open: run by hand
  }
});
process.exitCode = await main(process.argv.slice(2));
