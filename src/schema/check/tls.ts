import { isEdgePolicy, isEnhancedPolicy } from '../lang/account.js';
import { type CheckContext, report } from './context.js';

/**
 * The rules AWS applies to a security policy and endpoint access mode, shared by REST APIs and
 * custom domains (developer guide, "Security policies for REST APIs" and "Supported security
 * policies"): an enhanced policy (`SecurityPolicy_*`) needs an endpoint access mode, a legacy one
 * (TLS_1_0, TLS_1_2) takes none; `*_EDGE` policies are for edge-optimized endpoints, the other
 * enhanced ones for regional and private endpoints.
 */
type Path = (string | number)[];

export function checkTlsPolicy(ctx: CheckContext, at: Path, owner: string, endpointType: string,
  policy: string | undefined, accessMode: string | undefined): void {
  const enhanced = isEnhancedPolicy(policy);
  if (enhanced && accessMode === undefined) {
    report(ctx, 'spec/missing-field', [...at, 'securityPolicy'], `${owner} uses the enhanced security policy ${policy}, which needs an endpoint access mode.`,
      'add endpointAccessMode: STRICT (or BASIC while clients still reach it through another endpoint type).');
  }
  if (!enhanced && accessMode !== undefined) {
    report(ctx, 'spec/invalid-value', [...at, 'endpointAccessMode'], `${owner}: endpointAccessMode only goes with an enhanced (SecurityPolicy_*) security policy, and its policy is ${policy ?? 'the default legacy one'}.`,
      'remove endpointAccessMode, or choose a SecurityPolicy_* security policy.');
  }
  if (!enhanced) return;
  if (endpointType === 'EDGE' && !isEdgePolicy(policy)) {
    report(ctx, 'spec/invalid-value', [...at, 'securityPolicy'], `${owner} is EDGE, and ${policy} is a policy for regional and private endpoints.`,
      'use an edge policy (SecurityPolicy_TLS13_2025_EDGE, SecurityPolicy_TLS12_PFS_2025_EDGE, SecurityPolicy_TLS12_2018_EDGE) or TLS_1_2.');
  }
  if (endpointType !== 'EDGE' && isEdgePolicy(policy)) {
    report(ctx, 'spec/invalid-value', [...at, 'securityPolicy'], `${owner} is ${endpointType}, and ${policy} is a policy for edge-optimized endpoints.`,
      'use a regional policy such as SecurityPolicy_TLS13_1_3_2025_09 or SecurityPolicy_TLS13_1_2_2021_06, or TLS_1_2.');
  }
}
