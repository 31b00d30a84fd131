import type { Model } from '../model.js';
import type { Plan } from '../plan-types.js';
import type { ApplyReport } from './executor.js';

/**
 * After an apply that touched custom domains: where each domain name must point in DNS. Domains
 * that already existed carry it from the live read (`meta.dnsTarget`); domains made by this apply
 * take it from their CreateDomainName output, so no extra call is needed. Domains whose records
 * apigw-sync keeps itself (`dns:`, the desired model's `dns-record`s) are left out.
 */
export function dnsTargets(plan: Plan, live: Model, report: ApplyReport, created: Map<string, unknown>, desired?: Model): string[] {
  const touched = plan.ops.some((op) => /^(v2-)?domain-name$|^base-path-mapping$|^api-mapping$/.test(op.kind));
  if (!touched) return [];
  const deleted = new Set(report.results.filter((r) => r.status === 'done' && r.op.action === 'delete').map((r) => r.op.key));
  const targets = new Map<string, string>();
  for (const e of Object.values(live.entities)) {
    if ((e.kind === 'domain-name' || e.kind === 'v2-domain-name') && e.meta?.dnsTarget && !deleted.has(e.key)) {
      targets.set(nameOf(e.key), e.meta.dnsTarget);
    }
  }
  for (const [key, output] of created) {
    const t = targetOf(output);
    if (t) targets.set(nameOf(key), t);
  }
  for (const e of Object.values(desired?.entities ?? {})) if (e.kind === 'dns-record' && e.meta?.domain) targets.delete(nameOf(e.meta.domain));
  return [...targets.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, target]) => `${name} -> ${target}`);
}

export function renderDnsTargets(lines: string[]): string {
  if (lines.length === 0) return '';
  return `\nPoint each custom domain at its API Gateway target (for example with a Route 53 alias record):\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
}

function nameOf(key: string): string {
  return key.split(' / ')[0]!.replace(/^(v2-)?domain-name:/, '');
}

/** v1: regional or edge (CloudFront) name; v2: the first domain name configuration. */
function targetOf(output: unknown): string | undefined {
  const o = (output ?? {}) as Record<string, unknown>;
  if (typeof o.regionalDomainName === 'string') return `${o.regionalDomainName} (hosted zone ${String(o.regionalHostedZoneId ?? '?')})`;
  if (typeof o.distributionDomainName === 'string') {
    // CloudFront's hosted zone is the same everywhere.
    return `${o.distributionDomainName} (hosted zone ${String(o.distributionHostedZoneId ?? 'Z2FDTNDATAQYW2')})`;
  }
  const configs = o.DomainNameConfigurations as { ApiGatewayDomainName?: string; HostedZoneId?: string }[] | undefined;
  const first = configs?.[0];
  if (first?.ApiGatewayDomainName) return `${first.ApiGatewayDomainName} (hosted zone ${first.HostedZoneId ?? '?'})`;
  return undefined;
}
