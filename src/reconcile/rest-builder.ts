import { childKey, integrationKey, integrationResponseKey, methodKey, methodResponseKey, resourceKey, restApiKey } from './keys.js';
import type { Entity, EntityKey, EntityKind, Model } from './model.js';
import { normaliseAttrs } from './rest-normalise.js';
import { locationKey } from '../schema/check/documentation.js';

/**
 * Builds the desired entities of one REST API in the model's vocabulary (AWS field names,
 * references by name) and normalises them: the desired side's counterpart of live-rest.ts.
 * Every resource path brings its ancestors (`/a/b` needs `/a`) and the root `/`, as in AWS.
 */
type Attrs = Record<string, unknown>;

/** AWS's default gateway responses (GetGatewayResponses on a new API). DEFAULT_4XX/5XX have no status. */
const DEFAULT_GATEWAY_TEMPLATE = '{"message":$context.error.messageString}';
const GATEWAY_RESPONSE_STATUS: Record<string, string> = {
  ACCESS_DENIED: '403', API_CONFIGURATION_ERROR: '500', AUTHORIZER_CONFIGURATION_ERROR: '500', AUTHORIZER_FAILURE: '500',
  BAD_REQUEST_BODY: '400', BAD_REQUEST_PARAMETERS: '400', EXPIRED_TOKEN: '403', INTEGRATION_FAILURE: '504',
  INTEGRATION_TIMEOUT: '504', INVALID_API_KEY: '403', INVALID_SIGNATURE: '403', MISSING_AUTHENTICATION_TOKEN: '403',
  QUOTA_EXCEEDED: '429', REQUEST_TOO_LARGE: '413', RESOURCE_NOT_FOUND: '404', THROTTLED: '429', UNAUTHORIZED: '401',
  UNSUPPORTED_MEDIA_TYPE: '415', WAF_FILTERED: '403',
};

export class RestApiBuilder {
  readonly key: EntityKey;
  private readonly entities = new Map<EntityKey, Entity>();

  constructor(readonly name: string, attrs: Attrs = {}) {
    this.key = restApiKey(name);
    this.put('rest-api', this.key, undefined, attrs);
    this.resource('/');
  }

  private put(kind: EntityKind, key: EntityKey, parent: EntityKey | undefined, attrs: Attrs, refs: EntityKey[] = []): Entity {
    const e: Entity = { kind, key, attrs: normaliseAttrs(kind, attrs) };
    if (parent !== undefined) e.parent = parent;
    // One reference (a response's model, a method's authorizer) needs no de-duplication or sort.
    if (refs.length) e.refs = refs.length === 1 ? refs : [...new Set(refs)].sort();
    this.entities.set(key, e);
    return e;
  }

  resource(path: string, build?: (r: ResourceBuilder) => void): this {
    const segs = path.split('/').filter(Boolean);
    for (let i = 0; i <= segs.length; i++) {
      const p = `/${segs.slice(0, i).join('/')}`;
      const k = resourceKey(this.key, p);
      if (!this.entities.has(k)) this.put('resource', k, this.key, {});
    }
    build?.(new ResourceBuilder(this, resourceKey(this.key, `/${segs.join('/')}`)));
    return this;
  }

  /** @internal used by the nested builders */
  add(kind: EntityKind, key: EntityKey, parent: EntityKey, attrs: Attrs): Entity {
    return this.put(kind, key, parent, attrs, this.refsOf(kind, attrs));
  }

  private refsOf(kind: EntityKind, a: Attrs): EntityKey[] {
    const refs: EntityKey[] = [];
    const ref = (k: EntityKind, name: unknown) => name !== undefined && refs.push(childKey(this.key, k, String(name)));
    if (kind === 'method') {
      ref('authorizer', a.authorizer);
      ref('request-validator', a.requestValidator);
      for (const m of Object.values((a.requestModels ?? {}) as Attrs)) ref('model', m);
    }
    if (kind === 'method-response') for (const m of Object.values((a.responseModels ?? {}) as Attrs)) ref('model', m);
    return refs;
  }

  authorizer(name: string, attrs: Attrs): this {
    this.put('authorizer', childKey(this.key, 'authorizer', name), this.key, attrs);
    return this;
  }
  model(name: string, attrs: Attrs): this {
    this.put('model', childKey(this.key, 'model', name), this.key, attrs);
    return this;
  }
  requestValidator(name: string, attrs: Attrs): this {
    this.put('request-validator', childKey(this.key, 'request-validator', name), this.key, attrs);
    return this;
  }
  /** What a spec omits AWS fills in from the type's defaults: its status code and JSON template. */
  gatewayResponse(type: string, attrs: Attrs): this {
    const templates = attrs.responseTemplates as Attrs | undefined;
    this.put('gateway-response', childKey(this.key, 'gateway-response', type), this.key, {
      ...attrs,
      statusCode: attrs.statusCode ?? GATEWAY_RESPONSE_STATUS[type],
      responseTemplates: templates && Object.keys(templates).length ? templates : { 'application/json': DEFAULT_GATEWAY_TEMPLATE },
    });
    return this;
  }
  stage(name: string, attrs: Attrs = {}): this {
    const refs = attrs.documentationVersion !== undefined ? [childKey(this.key, 'documentation-version', String(attrs.documentationVersion))] : [];
    this.put('stage', childKey(this.key, 'stage', name), this.key, attrs, refs);
    return this;
  }
  /** A documentation part, keyed by its location (`METHOD /pets GET`). */
  documentationPart(location: Attrs, properties: unknown): this {
    this.put('documentation-part', childKey(this.key, 'documentation-part', locationKey(location)), this.key, { location, properties });
    return this;
  }
  documentationVersion(version: string, attrs: Attrs = {}): this {
    this.put('documentation-version', childKey(this.key, 'documentation-version', version), this.key, attrs);
    return this;
  }

  build(): Entity[] {
    return [...this.entities.values()];
  }
}

export class ResourceBuilder {
  constructor(private readonly api: RestApiBuilder, readonly key: EntityKey) {}

  method(verb: string, attrs: Attrs = {}, build?: (m: MethodBuilder) => void): this {
    const k = methodKey(this.key, verb);
    this.api.add('method', k, this.key, attrs);
    build?.(new MethodBuilder(this.api, k));
    return this;
  }
}

export class MethodBuilder {
  constructor(private readonly api: RestApiBuilder, readonly key: EntityKey) {}

  integration(attrs: Attrs, build?: (i: IntegrationBuilder) => void): this {
    const k = integrationKey(this.key);
    this.api.add('integration', k, this.key, attrs);
    build?.(new IntegrationBuilder(this.api, k));
    return this;
  }
  response(status: string, attrs: Attrs = {}): this {
    this.api.add('method-response', methodResponseKey(this.key, status), this.key, attrs);
    return this;
  }
}

export class IntegrationBuilder {
  constructor(private readonly api: RestApiBuilder, readonly key: EntityKey) {}

  response(status: string, attrs: Attrs = {}): this {
    this.api.add('integration-response', integrationResponseKey(this.key, status), this.key, attrs);
    return this;
  }
}

export function toModel(entities: Entity[]): Model {
  const out: Model = { entities: {} };
  for (const e of entities) out.entities[e.key] = e;
  return out;
}
