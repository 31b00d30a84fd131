/** Public surface of the emulator for the CLI (`local`, `--local`) and for tests. */
export { startEmulator, type EmulatorOptions, type RunningEmulator } from './server.js';
export { EmulatorStateError } from './persistence.js';
export type { FaultConfig, FaultKind } from './faults.js';
export type { ThrottleOptions, Service } from './throttle.js';
export { CONCURRENT_MODIFICATION, type ConflictOptions } from './conflicts.js';
export type { ConsistencyOptions } from './consistency.js';
export type { CallRecord, CallSummary } from './call-log.js';
export { emptyState, type EmulatorState } from './state.js';
