import { emptyState, type EmulatorState } from '../../src/emulator/index.js';

/**
 * What an example expects to exist in the account already, outside its specs: the orders example's
 * private integration goes through the VPC link `vl1a2b3` (VPC links are networking, made once per
 * VPC, not part of an API spec). An emulator for an example starts from this state.
 */
export function exampleAccount(example: string): EmulatorState {
  const state = emptyState();
  if (example === 'orders-http') {
    state.v2 = {
      apis: [], domainNames: [],
      vpcLinks: [{
        createdDate: '2026-01-01T00:00:00Z', name: 'inventory', securityGroupIds: ['sg-0a1b2c3d'], subnetIds: ['subnet-0a1b2c3d'],
        tags: {}, vpcLinkId: 'vl1a2b3', vpcLinkStatus: 'AVAILABLE', vpcLinkStatusMessage: 'VPC link is ready to route traffic', vpcLinkVersion: 'V2',
      }],
    };
  }
  return state;
}
