import { startEmulator as start, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';
import type { Route53State } from '../../src/emulator/route53/index.js';

/**
 * The Route 53 public hosted zones the examples' domains name (`dns: { hostedZone: ... }`, in every
 * environment): the zones `apigw-sync local` makes for them. specs/cli/domain-examples.test.ts
 * checks that this list is exactly what the examples name.
 */
export const EXAMPLE_ZONES: readonly string[] = ['example.com', 'petstore.example.com'];

/**
 * The emulator as the tests start it: an account that already has the examples' hosted zones (made
 * as CreateHostedZone makes them, and made again by `reset()`), so every example plans and applies
 * with its DNS records, as `--local` does. `hostedZones: []` starts an account without a zone.
 */
export function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  return start({ hostedZones: [...EXAMPLE_ZONES], ...opts });
}

/**
 * The records of the emulator's hosted zones other than each zone's own SOA and NS records, as
 * `name type` (no trailing dot), with ` <- owner` when an apigw-sync ownership TXT record
 * (`_apigw-sync-<type>.<name>`) names the spec set that keeps it; sorted.
 */
export function zoneRecords(emu: RunningEmulator): string[] {
  const zones = Object.values((emu.state.route53 as Route53State | undefined)?.zones ?? {});
  const bare = (name: string) => name.toLowerCase().replace(/\.$/, '');
  const out: string[] = [];
  for (const z of zones) {
    const owners = new Map<string, string>();
    for (const r of z.records) {
      const owner = r.Type === 'TXT' ? /apigw-sync\/owner=([^,"]+)/.exec(r.ResourceRecords?.join(' ') ?? '')?.[1] : undefined;
      if (owner) owners.set(bare(r.Name), owner);
    }
    for (const r of z.records) {
      if ((r.Type === 'SOA' || r.Type === 'NS') && bare(r.Name) === bare(z.name)) continue;
      const owner = owners.get(`_apigw-sync-${r.Type.toLowerCase()}.${bare(r.Name)}`);
      out.push(`${bare(r.Name)} ${r.Type}${owner ? ` <- ${owner}` : ''}`);
    }
  }
  return out.sort();
}
