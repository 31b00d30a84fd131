/**
 * Eventual consistency and asynchronous status, opt-in (off by default, so tests that do not ask
 * for them see an immediately consistent service):
 *
 * - `vpcLinkPendingMs`: a new VPC link (both services) stays PENDING this long before it is
 *   AVAILABLE. AWS answers CreateVpcLink 202 PENDING (recorded) and provisions the link in
 *   minutes (developer guide, "Set up VPC links"; AWS's own CloudFormation waits for it).
 * - `readAfterCreateMs`: for this long after its create, a VPC link is missing from reads (GetVpcLink
 *   answers NotFoundException, GetVpcLinks leaves it out), as a read served by a replica that has
 *   not seen the write yet; a new REST API is missing from GetRestApis as long.
 *
 * - `dnsChangeSyncMs`: a Route 53 change batch is PENDING this long before INSYNC. AWS answers
 *   every ChangeResourceRecordSets PENDING (its initial status) and reports INSYNC once the change
 *   reached all of the zone's name servers, usually within 60 seconds (GetChange, API reference).
 *
 * Times are real milliseconds before the time scale (`--time-scale`), like throttling's.
 */
export interface ConsistencyOptions {
  vpcLinkPendingMs?: number;
  readAfterCreateMs?: number;
  dnsChangeSyncMs?: number;
}

export class ConsistencyModel {
  private options: Required<ConsistencyOptions>;
  /** `service:kind:id` -> when it was created (performance.now()). */
  private readonly created = new Map<string, number>();

  constructor(
    options: ConsistencyOptions = {},
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.options = normalise(options);
  }

  get settings(): Required<ConsistencyOptions> {
    return { ...this.options };
  }

  configure(options: Partial<ConsistencyOptions>): void {
    this.options = normalise({ ...this.options, ...options });
  }

  reset(): void {
    this.created.clear();
  }

  /** Records a create, now. */
  recordCreate(kind: string, id: string): void {
    this.created.set(`${kind}:${id}`, this.clock());
  }

  /** True while a VPC link made `vpcLinkPendingMs` ago or less is still provisioning. */
  pending(kind: string, id: string, timeScale: number): boolean {
    return this.within(kind, id, this.options.vpcLinkPendingMs * timeScale);
  }

  /** True while an object is not yet visible to reads. */
  hidden(kind: string, id: string, timeScale: number): boolean {
    return this.within(kind, id, this.options.readAfterCreateMs * timeScale);
  }

  private within(kind: string, id: string, ms: number): boolean {
    if (ms <= 0) return false;
    const at = this.created.get(`${kind}:${id}`);
    return at !== undefined && this.clock() - at < ms;
  }
}

function normalise(o: ConsistencyOptions): Required<ConsistencyOptions> {
  const out = { vpcLinkPendingMs: o.vpcLinkPendingMs ?? 0, readAfterCreateMs: o.readAfterCreateMs ?? 0, dnsChangeSyncMs: o.dnsChangeSyncMs ?? 0 };
  for (const [k, v] of Object.entries(out)) {
    if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError(`${k} must be a number of milliseconds >= 0, got ${String(v)}`);
  }
  return out;
}
