import type { Static } from '@sinclair/typebox';
import type * as A from './lang/account.js';
import type * as F from './lang/fields.js';
import type * as H from './lang/http-api.js';
import type * as M from './lang/rest-method.js';
import type * as R from './lang/rest-api.js';
import type * as S from './lang/rest-stage.js';
import type * as D from './lang/spec-set.js';
import type * as V from './lang/v2-common.js';
import type * as W from './lang/websocket-api.js';

/**
 * TypeScript types of the spec language, derived from the TypeBox schemas (the schemas are the
 * single definition, so types and the published JSON Schema cannot drift apart).
 *
 * In a SpecSet returned by `loadSpecSet`, values are fully resolved: `$file` includes read,
 * `${env:...}` and `${values...}` substituted, shorthands expanded. See `SpecSet` for the
 * guarantees the loader adds on top of these types.
 */

export type ThrottleSpec = Static<typeof F.Throttle>;
export type AccessLogSpec = Static<typeof F.AccessLog>;
export type Tags = Static<typeof F.Tags>;

export type RestApiSpec = Static<typeof R.RestApi>;
export type RestCorsSpec = Static<typeof R.RestCors>;
export type ModelSpec = Static<typeof R.Model>;
export type RequestValidatorSpec = Static<typeof R.RequestValidator>;
export type AuthorizerSpec = Static<typeof R.Authorizer>;
export type GatewayResponseSpec = Static<typeof R.GatewayResponse>;
export type GatewayResponseType = (typeof R.GATEWAY_RESPONSE_TYPES)[number];
export type DocumentationSpec = Static<typeof R.Documentation>;
export type DocumentationPartSpec = Static<typeof R.DocumentationPart>;
export type DocumentationLocationSpec = Static<typeof R.DocumentationLocation>;
export type ResourceSpec = Static<typeof M.Resource>;
export type MethodSpec = Static<typeof M.Method>;
export type IntegrationSpec = Static<typeof M.Integration>;
export type IntegrationResponseSpec = Static<typeof M.IntegrationResponse>;
export type MethodResponseSpec = Static<typeof M.MethodResponse>;
export type StageSpec = Static<typeof S.RestStage>;
export type MethodSettingsSpec = Static<typeof S.MethodSettings>;
export type LoggingSpec = Static<typeof S.Logging>;
export type CachingSpec = Static<typeof S.Caching>;
export type CanarySpec = Static<typeof S.Canary>;

export type HttpApiSpec = Static<typeof H.HttpApi>;
export type HttpCorsSpec = Static<typeof H.HttpCors>;
export type HttpIntegrationSpec = Static<typeof H.HttpIntegration>;
export type HttpAuthorizerSpec = Static<typeof H.HttpAuthorizer>;
export type HttpRouteSpec = Static<typeof H.HttpRoute>;

export type WebSocketApiSpec = Static<typeof W.WebSocketApi>;
export type WsIntegrationSpec = Static<typeof W.WsIntegration>;
export type WsIntegrationResponseSpec = Static<typeof W.WsIntegrationResponse>;
export type WsAuthorizerSpec = Static<typeof W.WsAuthorizer>;
export type WsRouteSpec = Static<typeof W.WsRoute>;
export type WsRouteResponseSpec = Static<typeof W.WsRouteResponse>;

export type V2StageSpec = Static<typeof V.V2Stage>;
export type RouteSettingsSpec = Static<typeof V.RouteSettings>;
export type V2ModelSpec = Static<typeof V.V2Model>;

export type ApiKeySpec = Static<typeof A.ApiKey>;
export type SecretRef = Static<typeof A.SecretRef>;
export type UsagePlanSpec = Static<typeof A.UsagePlan>;
export type ApiStageSpec = Static<typeof A.ApiStage>;
export type QuotaSpec = Static<typeof A.Quota>;
export type DomainSpec = Static<typeof A.Domain>;
export type VpcLinkSpec = Static<typeof A.VpcLink>;
export type ClientCertificateSpec = Static<typeof A.ClientCertificate>;
export type MappingSpec = Static<typeof A.Mapping>;

export type SpecDocument = Static<typeof D.SpecDocument>;
export type AccountSettingsSpec = Static<typeof D.AccountSettings>;
export type RootConfigSpec = Static<typeof D.RootConfig>;

/**
 * A loaded, validated spec set: the merge of all its files for one environment.
 *
 * Guarantees beyond the types (established by the loader, relied on by planning):
 * - All six maps are present (possibly empty). Names are unique within each map, and API names
 *   are unique across restApis, httpApis and webSocketApis (mappings refer to an API by name).
 * - Every reference (authorizer, model, validator, integration, usage plan API/stage/key,
 *   mapping API/stage, method settings and route settings keys) resolves.
 * - Shorthands are expanded: no integration or authorizer has `lambda` (they have `type`, `uri`
 *   and `httpMethod`, or `authorizerUri`); no REST API has `cors` (its resources have the
 *   generated OPTIONS methods). Every REST method has `authorizationType`; every v2 route with an
 *   authorizer has `authorizationType`. Every integration has `type`.
 * - Resource paths are normalised (no trailing slash except `/`); route keys have single spaces.
 * - `$file` contents are in place: templates as strings, JSON documents (model schemas,
 *   policies) as parsed objects when the file or YAML held an object.
 * - API key `value` is never the secret itself: it is `{ secretEnv: NAME }`; the variable is read
 *   only when plan/apply run (an unset one is an error there, not at load).
 */
export interface SpecSet {
  /** The ownership tag value (`apigw-sync:managed-by`). */
  name: string;
  /** From apigw-sync.yaml, else AWS_REGION / AWS_DEFAULT_REGION; absent when none is known. */
  region?: string;
  /** The environment chosen (`--env`, else `defaultEnvironment`); absent when none are defined. */
  environment?: string;
  /** The values of the chosen environment. */
  values: Record<string, unknown>;
  restApis: Record<string, RestApiSpec>;
  httpApis: Record<string, HttpApiSpec>;
  webSocketApis: Record<string, WebSocketApiSpec>;
  apiKeys: Record<string, ApiKeySpec>;
  usagePlans: Record<string, UsagePlanSpec>;
  domains: Record<string, DomainSpec>;
  /** VPC links by name (absent in sets built without the loader). */
  vpcLinks?: Record<string, VpcLinkSpec>;
  /** Client certificates by name (absent in sets built without the loader). */
  clientCertificates?: Record<string, ClientCertificateSpec>;
  /** `lambdaPermissions:` of the spec files: false leaves Lambda invoke permissions unmanaged (default true). */
  lambdaPermissions?: boolean;
  /** `account:` of the spec files: API Gateway's account settings in the set's region. */
  account?: AccountSettingsSpec;
  /** destroy only: the set as written (this one is emptied), for the Lambda functions whose policies hold our statements. */
  formerly?: SpecSet;
  /** Absolute paths of the spec files read (not including `$file` includes). */
  files: string[];
}

/** Where something is written: 1-based line and column. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
  /** End of the highlighted span on the same line (exclusive column), when known. */
  endColumn?: number;
}

export type ObjectPath = readonly (string | number)[];

/** Maps a path inside the SpecSet (e.g. ['restApis','petstore','resources','/users','GET']) to its source. */
export interface SourceMap {
  /** The location of the value at `path`, or of its nearest ancestor that has one. */
  locate(path: ObjectPath): SourceLocation | undefined;
  /** The location of the key that names the value at `path` (the mapping key), else `locate`. */
  locateKey(path: ObjectPath): SourceLocation | undefined;
}

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  /** Stable code, e.g. `spec/unknown-field`. */
  code: string;
  severity: Severity;
  message: string;
  /** How to fix it. */
  fix?: string;
  location?: SourceLocation;
  /** Path of the object concerned inside the spec set, when there is one. */
  path?: ObjectPath;
  /** The source line may hold a secret: renderers must not print a code frame. */
  sensitive?: boolean;
}

export type LoadResult =
  | { ok: true; specSet: SpecSet; sources: SourceMap; warnings: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[] };

export interface LoadOptions {
  /** Environment variables for `${env:NAME}`. */
  env: NodeJS.ProcessEnv;
  /** Environment to select (`--env`); defaults to the root file's `defaultEnvironment`. */
  environment?: string;
  /** Relative paths are resolved against it. */
  cwd: string;
  /** Reads every file through yaml's document and the walker, never the fast path (fast-yaml.ts): for tests comparing the two. */
  fullYaml?: boolean;
}
