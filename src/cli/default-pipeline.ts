import { computePlan, fingerprintLive } from '../reconcile/index.js';
import { loadSpecSet, renderDiagnosticsText, type Diagnostic, type SpecSet } from '../schema/index.js';
import type { CliIO } from './io.js';
import type { Pipeline } from './pipeline.js';

/** The real loader and planner behind the plan, apply and destroy commands. */
export function defaultPipeline(io: CliIO): Pipeline {
  return {
    loadSpecSet: (paths, opts) => loadSpecSet(paths.length > 0 ? paths : ['.'], opts),
    computePlan: (input) => computePlan({ ...input, specSet: input.specSet as SpecSet }),
    fingerprintLive,
    renderDiagnostics: (diagnostics) => renderDiagnosticsText(diagnostics as Diagnostic[], { cwd: io.cwd }),
  };
}
