import type { Service } from './throttle.js';

/** One request as the emulator saw it. */
export interface CallRecord {
  seq: number;
  /** ISO-8601 time the request arrived. */
  time: string;
  service: Service;
  operation: string;
  method: string;
  path: string;
  status: number;
  /** Set when the answer came from fault injection or throttling rather than the service. */
  injected?: 'throttled' | 'fault' | 'conflict';
}

export interface CallSummary {
  total: number;
  /** Calls other than GET: what "a second apply makes zero write calls" counts. */
  writes: number;
  /** Keyed `service:Operation`, e.g. `apigateway:CreateResource`, `apigatewayv2:CreateRoute`. */
  byOperation: Record<string, number>;
  log: CallRecord[];
}

const MAX_LOG = 10_000;

/** Counts every API call by operation and keeps the most recent ones; admin calls are not counted. */
export class CallLog {
  private seq = 0;
  private counts = new Map<string, number>();
  private writes = 0;
  private records: CallRecord[] = [];

  record(r: Omit<CallRecord, 'seq'>): void {
    const key = `${r.service}:${r.operation}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    if (r.method !== 'GET') this.writes++;
    this.records.push({ seq: ++this.seq, ...r });
    if (this.records.length > MAX_LOG) this.records.splice(0, this.records.length - MAX_LOG);
  }

  summary(): CallSummary {
    return {
      total: [...this.counts.values()].reduce((a, b) => a + b, 0),
      writes: this.writes,
      byOperation: Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b))),
      log: this.records.map((r) => ({ ...r })),
    };
  }

  /** Calls of one operation; without a service, both services' operations of that name are summed. */
  count(operation: string, service?: Service): number {
    if (service) return this.counts.get(`${service}:${operation}`) ?? 0;
    return (this.counts.get(`apigateway:${operation}`) ?? 0) + (this.counts.get(`apigatewayv2:${operation}`) ?? 0);
  }

  reset(): void {
    this.counts.clear();
    this.records = [];
    this.writes = 0;
  }
}
