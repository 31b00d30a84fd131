import type { EntityKey, EntityKind } from './model.js';

/**
 * A plan: the ordered operations that take live state to desired state. Plain data, versioned and
 * complete, so `apply` needs nothing else but credentials (and secret values from the environment).
 */
export interface Plan {
  formatVersion: 1;
  /** The spec set's name (the ownership tag's value), region and environment it was made for. */
  target: { specSet: string; region: string; environment?: string; endpoint?: string; accountId?: string };
  /** Hash of the live state the plan was computed from; apply refuses when it no longer matches. */
  liveFingerprint: string;
  createdAt: string;
  ops: PlannedOp[];
  /** Notes for the reader that are not operations (Lambda permissions to grant, DNS targets). */
  notices: string[];
  /**
   * Saved plans only (`plan --out`): a digest of each live object the plan was computed from, so a
   * refused apply can name the objects that changed since. Digests, never values.
   */
  liveObjects?: Record<EntityKey, string>;
  /** Saved plans only: how the plan was made, so `apply PLANFILE` can read the same live state again. */
  source?: PlanSource;
  /**
   * REST and HTTP APIs whose writes go in bulk (ImportRestApi / PutRestApi mode=merge, or
   * ImportApi for a new HTTP API, with an OpenAPI document built from the specs) because that takes less AWS time than one call per object.
   * Apply makes the bulk calls first, then reads the API back and runs what is left per object.
   */
  bulk?: BulkWrite[];
}

export interface BulkWrite {
  /** The REST or HTTP API's key. */
  key: EntityKey;
  /**
   * ImportRestApi for a REST API the plan creates, PutRestApi (mode=merge) for one that exists;
   * ImportDocumentationParts (mode=merge) when only documentation parts are many to write;
   * ImportApi (apigatewayv2) for an HTTP API the plan creates.
   */
  via: 'ImportRestApi' | 'PutRestApi' | 'ImportDocumentationParts' | 'ImportApi';
  /** ImportRestApi's endpointConfigurationTypes (the new API's endpoint type). */
  endpointType?: string;
  /** The methods the documents carry (keys), with their integrations and responses. */
  methods: EntityKey[];
  /** HTTP APIs: the routes the document carries (keys), with the integrations they target. */
  routes?: EntityKey[];
  /** Documentation parts (keys) the first document carries as `x-amazon-apigateway-documentation`. */
  documentationParts?: EntityKey[];
  /** Ids of the plan's ops the documents carry; the rest of the plan runs per object as usual. */
  ops: string[];
  counts: { resources: number; methods: number; objects: number; routes?: number; integrations?: number; authorizers?: number };
  /** Bulk calls: one document each, under AWS's 6 MB limit. */
  calls: number;
  /** AWS time at the quotas, seconds: the bulk calls and read-back, against the per-call ops they replace. */
  estimate: { bulkSeconds: number; perCallSeconds: number };
}

export interface PlanSource {
  /** Spec paths as given on the command line; relative ones are read from the working directory of `apply`. */
  paths: string[];
  adopt?: boolean;
  allowDestroy?: boolean;
  allowDuplicateName?: boolean;
  target?: string;
}

export type Action = 'create' | 'update' | 'replace' | 'delete' | 'deploy' | 'adopt';

export type Reason =
  | 'absent-live'
  | 'fields-changed'
  | 'absent-desired'
  | 'immutable-field-changed'
  | 'api-changed'
  | 'adopt-by-name'
  /** `apigw-sync promote`, or a canary removed from the spec: the stage takes its canary's deployment. */
  | 'canary-promoted'
  /** `apigw-sync promote --from A --to B`: the pinned stage B takes the deployment A runs. */
  | 'stage-promoted'
  /** Recreated because AWS drops it with a parent that is replaced (an integration's responses). */
  | 'parent-replaced'
  /** A VPC link replaced create-first: its integrations move to the new link, then the old one is deleted. */
  | 'vpc-link-replaced';

export interface FieldChange {
  /** JSON-pointer-like path inside the entity's attrs, e.g. `/requestTemplates/application~1json`. */
  path: string;
  from?: unknown;
  to?: unknown;
  /** The values are secrets: renderers print `(sensitive)` instead. */
  sensitive?: boolean;
}

export interface PlannedOp {
  /** Stable within the plan: `op-<n>`. */
  id: string;
  kind: EntityKind;
  key: EntityKey;
  /** Readable address: `rest-api petstore / resource /users/{id} / method GET / integration`. */
  address: string;
  action: Action;
  reason: Reason;
  /** Why a replace or a blocked delete: "integration type cannot be updated in place". */
  explanation?: string;
  changes: FieldChange[];
  /** The exact AWS calls, in order. */
  calls: AwsCall[];
  /** Ops that must finish first (ids of other ops in this plan). */
  dependsOn: string[];
  /**
   * apply refuses a plan with a blocked op: a deletion that needs --allow-destroy, or (blockedBy
   * `duplicate-name`) the creation of a second object of a name an untagged one already has, or
   * (`unowned-record`) a change to a DNS record without our ownership TXT record.
   */
  blocked?: boolean;
  /** Why the op is blocked; absent for a deletion that needs --allow-destroy. */
  blockedBy?: 'duplicate-name' | 'unowned-record';
}

/**
 * One SDK call. `operation` is the SDK command name without `Command` (`PutIntegration`).
 * Values inside `input` may be placeholders resolved at apply time:
 * - `{ "$ref": "<entity key>", "id": "restApiId" }`: an AWS id of an entity, live or created earlier;
 * - `{ "$secret": "env:NAME" }`: a secret value read from the environment at apply time, never stored.
 */
export interface AwsCall {
  service: 'apigateway' | 'apigatewayv2' | 'lambda' | 'route53';
  operation: string;
  input: Record<string, unknown>;
  /**
   * For creating calls: which output fields become which ids of the entity `key` (`{ restApiId: 'id' }`).
   * A list when one call makes ids for several entities (CreateRestApi also makes the root resource,
   * `rootResourceId`). Output fields may be dotted paths.
   */
  produces?: ProducedIds | ProducedIds[];
  /**
   * A read repeated (with backoff) until the output field `path` holds one of `until`; one of
   * `failOn` fails the op. CreateVpcLink answers PENDING and AWS takes minutes to make the link
   * AVAILABLE, and integrations cannot use it before.
   */
  waitFor?: WaitFor;
  /**
   * Patch paths (`/apiStages`) whose `remove` has reached its goal when AWS answers
   * NotFoundException for it: the member it takes out is gone already (a usage plan's stage whose
   * API or stage was deleted meanwhile). The executor then sends the call's other operations
   * without it (apply/executor.ts). Only for removes whose absent target means the desired state holds.
   */
  removeGoneOk?: string[];
}

export interface WaitFor {
  path: string;
  until: string[];
  failOn?: string[];
  /** How long to keep reading before the op fails (default 20 minutes, a VPC link's worst case). */
  limitSeconds?: number;
}

export interface ProducedIds {
  key: EntityKey;
  ids: Record<string, string>;
}

export interface IdRef {
  $ref: EntityKey;
  id: string;
  /**
   * Optional: the id inside a string, `{}` marking where (`{}:prod` for a usage plan's api stage,
   * `/apiStages/{}:prod/throttle` for a patch path). Without it the value is the id itself.
   */
  format?: string;
}
export interface SecretRef {
  $secret: string;
}
