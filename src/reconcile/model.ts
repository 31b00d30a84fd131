/**
 * The canonical model: what both the desired state (specs) and the live state (AWS) are turned
 * into before they are compared. It is plain, serialisable data, keyed by natural keys.
 *
 * Invariants:
 * - `key` is unique in a model and never contains an AWS id. Keys nest with ` / `, e.g.
 *   `rest-api:petstore / resource:/users/{id} / method:GET / integration`.
 * - `attrs` holds only what apigw-sync manages, in canonical form: AWS defaults filled in, sets
 *   sorted, JSON documents parsed, references by natural key (never by id). Two entities whose
 *   attrs are deep-equal need no change.
 * - `ids` exists only on live entities: the AWS identifiers an operation on it needs
 *   (restApiId, resourceId, ...). It is never compared.
 */
export type EntityKind =
  // REST APIs (apigateway)
  | 'rest-api'
  | 'resource'
  | 'method'
  | 'integration'
  | 'method-response'
  | 'integration-response'
  | 'model'
  | 'request-validator'
  | 'authorizer'
  | 'gateway-response'
  // Documentation parts (keyed by their location) and versions (keyed by version id)
  | 'documentation-part'
  | 'documentation-version'
  | 'stage'
  | 'deployment'
  // HTTP and WebSocket APIs (apigatewayv2)
  | 'http-api'
  | 'websocket-api'
  | 'route'
  | 'route-response'
  | 'v2-integration'
  | 'v2-integration-response'
  | 'v2-authorizer'
  | 'v2-model'
  | 'v2-stage'
  // Account-level objects
  | 'api-key'
  | 'usage-plan'
  | 'usage-plan-key'
  | 'domain-name'
  | 'base-path-mapping'
  | 'v2-domain-name'
  | 'api-mapping'
  // A routing rule of a REST custom domain (apigatewayv2 CreateRoutingRule), key `routing-rule:NAME` or `routing-rule:PRIORITY`
  | 'routing-rule'
  // A private custom domain's access association with a VPC endpoint of the account, key `access-association:vpce-...` under the domain
  | 'access-association'
  // Another account's access association with a private domain of the set that the spec does not accept: rejected (`other-account-association:vpce-...` under the domain)
  | 'other-account-association'
  | 'client-certificate'
  // VPC links: `vpc-link` (apigateway; REST and WebSocket APIs), `v2-vpc-link` (apigatewayv2; HTTP APIs)
  | 'vpc-link'
  | 'v2-vpc-link'
  // A statement of a Lambda function's resource policy that lets API Gateway invoke it
  | 'lambda-permission'
  // Route 53: an alias record of a custom domain (`dns-record:NAME TYPE`), and the op that changes one zone's records in one batch (`dns-zone:ZONE`)
  | 'dns-record'
  | 'dns-zone'
  // API Gateway's settings of the account and region (the CloudWatch role), key `account`
  | 'account';

export type EntityKey = string;

export interface Entity {
  kind: EntityKind;
  key: EntityKey;
  /** Key of the enclosing entity (a method's resource, a resource's API); absent at top level. */
  parent?: EntityKey;
  /** Canonical, comparable attributes. */
  attrs: Record<string, unknown>;
  /** Keys of other entities this one references by name (authorizer, model, validator, stage). */
  refs?: EntityKey[];
  /** Names of attrs whose values are secrets: compared, never printed (shown as `(sensitive)`). */
  sensitive?: string[];
  /** Live only: AWS identifiers needed to act on the entity. */
  ids?: Record<string, string>;
  /**
   * Facts the planner uses but never compares. Live: `deploymentDescription`
   * (the description of the deployment a stage points at), `awsDefault: 'true'` for objects AWS
   * creates by itself (the `Empty` and `Error` models), which are never deleted, or `dnsTarget`
   * (where a custom domain's DNS record must point), `external: 'true'` for a VPC link the spec
   * set does not own but whose name an integration uses (read-only: never changed or deleted). On desired entities: `secretEnv`, the
   * environment variable an API key's value comes from, or `secretUnset`, the optional one (`${env:NAME:-}`) that is not set.
   */
  meta?: Record<string, string>;
}

export interface Model {
  entities: Record<EntityKey, Entity>;
}

export const OWNERSHIP_TAG = 'apigw-sync:managed-by';

/**
 * On a custom domain whose alias records apigw-sync manages: the id of the hosted zone that holds
 * them (while they move to another zone, the new zone's id and the old ones', separated by spaces).
 * Plans read those zones even when no spec names them any more, so the set's records there are
 * found and deleted when a `dns:` is removed or moved to another zone, also after an apply stopped
 * half-way. Never compared with the spec's tags.
 */
export const DNS_ZONE_TAG = 'apigw-sync:dns-zone';

/**
 * On a stage (REST, HTTP or WebSocket) pinned with `deployment: pinned`: the id of the deployment apply or `promote`
 * put it on. A pinned stage running another deployment was moved outside apigw-sync (drift).
 */
export const PIN_TAG = 'apigw-sync:deployment';

/**
 * The value of OWNERSHIP_TAG on what a spec set creates. Each environment of a set is its own unit
 * of ownership (`<set>/<environment>`), so applying `prod` never sees `dev`'s objects as its own
 * orphans; a set without environments keeps the bare set name.
 */
export function ownerTagValue(specSet: string, environment?: string): string {
  return environment === undefined ? specSet : `${specSet}/${environment}`;
}
