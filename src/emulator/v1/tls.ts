import { badRequest } from '../aws-error.js';
import type { Obj } from './store.js';

/**
 * AWS's rules for a REST API's or custom domain's security policy (developer guide, "Security
 * policies for REST APIs", "Supported security policies", "Choose a security policy for your
 * custom domain"): an enhanced policy (`SecurityPolicy_*`) needs an endpoint access mode and a
 * legacy one takes none; `*_EDGE` policies serve edge-optimized endpoints only, the other enhanced
 * ones regional and private endpoints only; a domain with an enhanced policy has no mutual TLS.
 * The rules are documented; the message texts are ours (no recorded response holds them).
 */
export function checkTls(o: Obj, types: string[], what: 'RestApi' | 'DomainName'): void {
  const policy = o.securityPolicy as string | undefined;
  const enhanced = typeof policy === 'string' && policy.startsWith('SecurityPolicy_');
  const mode = o.endpointAccessMode as string | undefined;
  if (enhanced && !mode) throw badRequest(`An endpointAccessMode of STRICT or BASIC is required for the enhanced security policy ${policy}.`);
  if (!enhanced && mode) throw badRequest(`endpointAccessMode is only supported for ${what}s that use a security policy starting with SecurityPolicy_.`);
  if (!enhanced) return;
  const edge = types.includes('EDGE');
  if (edge !== policy!.endsWith('_EDGE')) {
    throw badRequest(`Security policy ${policy} is not supported for ${edge ? 'EDGE' : types.join(',')} endpoints.`);
  }
  if (what === 'DomainName' && o.mutualTlsAuthentication?.truststoreUri) {
    throw badRequest(`Mutual TLS authentication is not supported with the enhanced security policy ${policy}.`);
  }
}

/** Whether a domain's policy keeps HTTP APIs off it (enhanced policies serve REST APIs only). */
export const servesRestOnly = (d: Obj): boolean => typeof d.securityPolicy === 'string' && d.securityPolicy.startsWith('SecurityPolicy_');
