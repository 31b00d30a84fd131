/**
 * The emulator's whole state: plain JSON data, so it can be persisted with one atomic write and
 * loaded back. Each service owns its part; nothing here is shared with apigw-sync's own model.
 */
export interface EmulatorState {
  /** Format version of the persisted file. */
  version: 1;
  /** apigateway (REST APIs, account objects). Shape owned by src/emulator/v1. */
  v1: Record<string, any>;
  /** apigatewayv2 (HTTP and WebSocket APIs). Shape owned by src/emulator/v2. */
  v2: Record<string, any>;
  /** Lambda's function policies (absent in files written before Lambda was emulated). Shape owned by src/emulator/lambda. */
  lambda?: Record<string, any>;
  /** Route 53's hosted zones, record sets and changes (absent before Route 53 was emulated). Shape owned by src/emulator/route53. */
  route53?: Record<string, any>;
}

export function emptyState(): EmulatorState {
  return { version: 1, v1: {}, v2: {} };
}
