import type { CliIO } from './io.js';
import type { Pipeline } from './pipeline.js';

/**
 * The modules that run a command are imported when it runs, not when the program is defined:
 * every run defines every command, and `--version`, `--help` or `validate` need no AWS SDK
 * client (each costs about 0.2 s of CPU to load).
 */
export async function pipelineFor(io: CliIO): Promise<Pipeline> {
  return (await import('./default-pipeline.js')).defaultPipeline(io);
}
