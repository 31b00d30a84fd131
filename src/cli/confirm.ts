import { createInterface } from 'node:readline';
import { ApigwError } from '../errors.js';
import type { CliIO } from './io.js';

/**
 * Asks for "yes" on a terminal. Without a terminal there is nobody to ask: the caller refuses
 * unless --auto-approve was given (checked before any I/O by `checkCanConfirm`).
 */
export function checkCanConfirm(io: CliIO, autoApprove: boolean, command: string): void {
  if (autoApprove || io.stdin.isTTY === true) return;
  throw new ApigwError(
    `${command} needs a confirmation, but there is no terminal to ask on (stdin is not a TTY). Nothing was changed.`,
    1,
    command === 'apply'
      ? 'Review the plan (apigw-sync plan), then run apply with --auto-approve, or apply a saved plan (plan --out FILE, then apply FILE --auto-approve).'
      : `Run ${command} on a terminal, or with --auto-approve once you are sure.`,
  );
}

export async function confirm(io: CliIO, question: string): Promise<boolean> {
  const rl = createInterface({ input: io.stdin, output: io.stderr as NodeJS.WritableStream, terminal: false });
  try {
    io.stderr.write(`${question}\n  Only 'yes' will be accepted: `);
    const answer = await new Promise<string>((resolve) => {
      rl.once('line', resolve);
      rl.once('close', () => resolve(''));
    });
    return answer.trim() === 'yes';
  } finally {
    rl.close();
  }
}
