/**
 * `--conflicts`: the emulator refuses a write to an API while another is in flight (AWS's 409
 * "concurrent modification", each write in flight 100 ms of AWS time); rows are named
 * `rest-1000+conflicts`. `--pending-links`: the spec gets one VPC link of each kind, which the
 * emulator keeps PENDING for two minutes of AWS time and hides from reads for 5 s after their
 * create (rows `...+pending-links`). `--time-scale F` runs
 * every size on that clock factor (less of this machine's latency in the scaled times). `--per-api N`: apply with N writes to one API at a
 * time instead of the default (rows `...+per-api-N`), to compare scheduling choices.
 */
export interface Variant {
  conflicts: boolean;
  pendingLinks?: boolean;
  perApi?: number;
  /** `--time-scale F`: every size on this clock factor instead of its own (rows `...@F`). */
  scale?: number;
}

export function scenarioName(api: string, size: number, variant: Variant): string {
  return `${api}-${size}${variant.conflicts ? '+conflicts' : ''}${variant.pendingLinks ? '+pending-links' : ''}${variant.perApi !== undefined ? `+per-api-${variant.perApi}` : ''}${variant.scale !== undefined ? `@${variant.scale}` : ''}`;
}
