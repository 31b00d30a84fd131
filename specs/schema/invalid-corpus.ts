/**
 * The corpus of invalid specs: at least one per rule, with the exact message and file:line:column
 * each must produce. Inline files keep each case next to what it must produce. Used by the
 * language rules tests (in-process) and by the bad-input reliability suite (the real CLI).
 */
export const L = 'arn:aws:lambda:us-east-1:123456789012:function:fn';
export const ENV_ROOT = 'name: shop\nenvironments:\n  dev: { stage: dev }\n  prod: { stage: prod }\ndefaultEnvironment: dev\n';
export const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/abc';

export interface Case {
  name: string;
  files: Record<string, string>;
  want: string[];
}

export const schemaCases: Case[] = [
  {
    name: 'unknown field, with did-you-mean',
    files: { 'api.yaml': 'restApis:\n  shop:\n    resources:\n      /orders:\n        GET:\n          authorizor: cognito\n          integration: { type: MOCK }\n' },
    want: ['api.yaml:6:11 spec/unknown-field Method GET /orders (REST API shop) has an unknown field "authorizor". Did you mean "authorizer"?'],
  },
  {
    name: 'unknown top-level section',
    files: { 'api.yaml': 'restApi:\n  shop: {}\n' },
    want: ['api.yaml:1:1 spec/unknown-field Unknown top-level section "restApi". Did you mean "restApis"?'],
  },
  {
    name: 'unknown HTTP method (a swapped letter still suggests)',
    files: { 'api.yaml': 'restApis:\n  shop:\n    resources:\n      /orders:\n        GTE:\n          integration: { type: MOCK }\n' },
    want: ['api.yaml:5:9 spec/unknown-field Resource /orders (REST API shop) has an unknown HTTP method "GTE". Did you mean "GET"?'],
  },
  {
    name: 'wrong type',
    files: { 'api.yaml': 'restApis:\n  shop:\n    stages:\n      prod:\n        throttle: { rateLimit: fast }\n' },
    want: ['api.yaml:5:32 spec/wrong-type Stage prod (REST API shop): "throttle.rateLimit" must be a number, not "fast".'],
  },
  {
    name: 'value outside an enum, with did-you-mean',
    files: { 'api.yaml': 'restApis:\n  shop:\n    endpointType: REGINAL\n' },
    want: ['api.yaml:3:19 spec/invalid-value REST API shop: "endpointType" must be one of REGIONAL, EDGE, PRIVATE, not "REGINAL". Did you mean "REGIONAL"?'],
  },
  {
    name: 'missing required field (pointing at the parent)',
    files: { 'api.yaml': 'restApis:\n  shop:\n    authorizers:\n      cognito:\n        providerArns: [x]\n' },
    want: ['api.yaml:4:7 spec/missing-field Authorizer cognito (REST API shop) is missing the required field "type".'],
  },
  {
    name: 'AWS ranges: timeouts, TTLs, cache size, throttle, quota, canary, CORS max age',
    files: {
      'api.yaml': [
        'httpApis:', '  h:', '    cors: { maxAge: 90000 }', '    integrations:', `      fn: { lambda: "${L}", timeoutInMillis: 30001 }`,
        '    stages:', '      $default:', '        defaultRouteSettings: { throttle: { rateLimit: -1 } }',
        'restApis:', '  r:', '    authorizers:', `      t: { type: TOKEN, lambda: "${L}", authorizerResultTtlInSeconds: 4000 }`,
        '    resources:', '      /a:', '        GET: { integration: { type: MOCK, timeoutInMillis: 30000 } }',
        '    stages:', '      s:', '        cacheClusterSize: "0.7"', '        caching: { ttlInSeconds: 3601 }', '        canary: { percentTraffic: 150 }',
        'usagePlans:', '  p:', '    quota: { limit: -5, period: WEEK }', '  q:', '    quota: { limit: 5, period: WEEK, offset: 9 }', '',
      ].join('\n'),
    },
    want: [
      'api.yaml:3:21 spec/out-of-range HTTP API h: "cors.maxAge" must be at most 86400, not 90000.',
      'api.yaml:5:91 spec/out-of-range Integration fn (HTTP API h): "timeoutInMillis" must be at most 30000, not 30001.',
      'api.yaml:8:56 spec/out-of-range Stage $default (HTTP API h): "defaultRouteSettings.throttle.rateLimit" must be at least 0, not -1.',
      'api.yaml:12:116 spec/out-of-range Authorizer t (REST API r): "authorizerResultTtlInSeconds" must be at most 3600, not 4000.',
      "api.yaml:15:60 spec/out-of-range The integration of GET /a (REST API r) has timeoutInMillis 30000; an EDGE API's integrations time out after at most 29000 ms.",
      'api.yaml:18:27 spec/invalid-value Stage s (REST API r): "cacheClusterSize" must be one of 0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, 237, not "0.7". Did you mean "0.5"?',
      'api.yaml:19:34 spec/out-of-range Stage s (REST API r): "caching.ttlInSeconds" must be at most 3600, not 3601.',
      'api.yaml:20:35 spec/out-of-range Stage s (REST API r): "canary.percentTraffic" must be at most 100, not 150.',
      'api.yaml:23:21 spec/out-of-range Usage plan p: "quota.limit" must be at least 0, not -5.',
      'api.yaml:25:46 spec/out-of-range Usage plan q: "quota.offset" must be at most 6 for period WEEK, not 9.',
    ],
  },
];

export const referenceCases: Case[] = [
  {
    name: 'method references: authorizer, model, validator',
    files: {
      'api.yaml': 'restApis:\n  shop:\n    authorizers:\n      cognito: { type: COGNITO_USER_POOLS, providerArns: ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_ABC"] }\n    resources:\n      /a:\n        GET:\n          authorizer: cognto\n          requestModels: { application/json: User }\n          requestValidator: all\n          integration: { type: MOCK }\n',
    },
    want: [
      'api.yaml:8:23 spec/unresolved-reference Method GET /a (REST API shop) refers to the authorizer "cognto", which is not defined. Did you mean "cognito"?',
      'api.yaml:9:46 spec/unresolved-reference Method GET /a (REST API shop) refers to the model "User", which is not defined.',
      'api.yaml:10:29 spec/unresolved-reference Method GET /a (REST API shop) refers to the request validator "all", which is not defined.',
    ],
  },
  {
    name: 'stage method settings, usage plan API/stage/method/keys, mapping stage',
    files: {
      'api.yaml': [
        'restApis:', '  r:', '    resources:', '      /a:', '        GET: { integration: { type: MOCK } }', '    stages:', '      prod:', '        methodSettings:',
        '          GET /b: { throttle: { rateLimit: 1 } }', 'apiKeys:', '  k: {}', 'usagePlans:', '  p:', '    apiStages:', '      - { api: rr, stage: prod }',
        '      - { api: r, stage: dev }', '      - { api: r, stage: prod, throttle: { POST /a: { rateLimit: 1 } } }', '    keys: [k, kk]', 'domains:', '  api.example.com:',
        `    regionalCertificateArn: ${CERT}`, '    mappings:', '      v1: { api: r, stage: prd }', '',
      ].join('\n'),
    },
    want: [
      'api.yaml:9:11 spec/unresolved-reference Stage prod (REST API r) has method settings for "GET /b", which is not a method of the API. Did you mean "GET /a"?',
      'api.yaml:15:16 spec/unresolved-reference API stage 1 of usage plan p refers to the REST or WebSocket API "rr", which is not defined. Did you mean "r"?',
      'api.yaml:16:26 spec/unresolved-reference API stage 2 of usage plan p refers to the stage "dev" of r, which has no such stage.',
      'api.yaml:17:44 spec/unresolved-reference API stage 3 of usage plan p throttles "POST /a", which is not a method of r.',
      'api.yaml:18:15 spec/unresolved-reference Usage plan p refers to the API key "kk", which is not defined. Did you mean "k"?',
      'api.yaml:23:28 spec/unresolved-reference Mapping "v1" of domain api.example.com refers to the stage "prd" of r, which has no such stage. Did you mean "prod"?',
    ],
  },
  {
    name: 'route references: integration and authorizer; route settings',
    files: {
      'api.yaml': `httpApis:\n  orders:\n    integrations:\n      fn: { lambda: "${L}" }\n    routes:\n      GET /x: { integration: fnn, authorizer: jwt }\n    stages:\n      $default:\n        routeSettings:\n          GET /y: { detailedMetricsEnabled: true }\n`,
    },
    want: [
      'api.yaml:6:30 spec/unresolved-reference Route GET /x (HTTP API orders) refers to the integration "fnn", which is not defined. Did you mean "fn"?',
      'api.yaml:6:47 spec/unresolved-reference Route GET /x (HTTP API orders) refers to the authorizer "jwt", which is not defined.',
      'api.yaml:10:11 spec/unresolved-reference Stage $default (HTTP API orders) has route settings for "GET /y", which is not a route of the API. Did you mean "GET /x"?',
    ],
  },
  {
    name: 'mapping to an API that does not exist',
    files: { 'api.yaml': `domains:\n  api.example.com:\n    regionalCertificateArn: ${CERT}\n    mappings:\n      (none): { api: ghost, stage: prod }\n` },
    want: ['api.yaml:5:22 spec/unresolved-reference Mapping "(none)" of domain api.example.com refers to the API "ghost", which is not defined.'],
  },
];

export const duplicateCases: Case[] = [
  {
    name: 'duplicate key in one YAML mapping (two GET methods)',
    files: { 'api.yaml': 'restApis:\n  shop:\n    resources:\n      /a:\n        GET: { integration: { type: MOCK } }\n        GET: { integration: { type: MOCK } }\n' },
    want: ['api.yaml:6:9 spec/duplicate-key Duplicate key "GET" in this mapping: each key may appear once.'],
  },
  {
    name: 'duplicate path after removing a trailing slash',
    files: { 'api.yaml': 'restApis:\n  shop:\n    resources:\n      /a:\n        GET: { integration: { type: MOCK } }\n      /a/:\n        POST: { integration: { type: MOCK } }\n' },
    want: ['api.yaml:6:7 spec/duplicate-path Resource "/a/" (REST API shop) is the same path as "/a" at line 4.'],
  },
  {
    name: 'duplicate route key after normalising spaces and slashes',
    files: { 'api.yaml': `httpApis:\n  orders:\n    integrations:\n      fn: { lambda: "${L}" }\n    routes:\n      GET /x: { integration: fn }\n      GET  /x/: { integration: fn }\n` },
    want: ['api.yaml:7:7 spec/duplicate-route Route "GET  /x/" (HTTP API orders) is the same route as "GET /x".'],
  },
  {
    name: 'duplicate stage name once values are substituted; API names across kinds; domains ignoring case',
    files: {
      'apigw-sync.yaml': ENV_ROOT,
      'api.yaml': `restApis:\n  r:\n    stages:\n      \${values.stage}: {}\n      dev: {}\nhttpApis:\n  r: {}\ndomains:\n  api.example.com: { regionalCertificateArn: "${CERT}" }\n  API.example.com: { regionalCertificateArn: "${CERT}" }\n`,
    },
    want: [
      'api.yaml:5:7 spec/duplicate-key Duplicate key "dev" in this mapping: "${values.stage}" on line 4 and "dev" here both become "dev".',
      'api.yaml:7:3 spec/duplicate-name HTTP API r has the same name as REST API r; mappings and usage plans refer to APIs by name.',
      'api.yaml:10:3 spec/duplicate-name Domain API.example.com is the same domain as api.example.com (domain names ignore case).',
    ],
  },
  {
    name: 'the same API defined in two files',
    files: { 'a.yaml': 'restApis:\n  shop: {}\n', 'b.yaml': 'restApis:\n  shop: {}\n' },
    want: ['b.yaml:2:3 spec/duplicate-name REST API shop is defined twice: here and at a.yaml:2:3.'],
  },
  {
    name: 'two API keys reading the same variable',
    files: { 'keys.yaml': 'apiKeys:\n  a: { value: "${env:KEY}" }\n  b: { value: "${env:KEY}" }\n' },
    want: ['keys.yaml:3:15 spec/duplicate-key-value API keys a and b both take their value from ${env:KEY}; AWS rejects two keys with the same value.'],
  },
];

export const syntaxCases: Case[] = [
  {
    name: 'resource path syntax',
    files: { 'api.yaml': 'restApis:\n  shop:\n    resources:\n      /{proxy+}/x:\n        GET: { integration: { type: MOCK } }\n      users:\n        GET: { integration: { type: MOCK } }\n      /a//b: {}\n      /c/{id: {}\n' },
    want: [
      'api.yaml:4:7 spec/invalid-path Resource path "/{proxy+}/x" (REST API shop) has the greedy parameter "{proxy+}" before the last segment; {name+} may only be last.',
      'api.yaml:6:7 spec/invalid-path Resource path "users" (REST API shop) must start with "/".',
      'api.yaml:8:7 spec/invalid-path Resource path "/a//b" (REST API shop) has an empty segment ("//").',
      'api.yaml:9:7 spec/invalid-path Resource path "/c/{id" (REST API shop) has a malformed parameter "{id" (write {name} or {name+} as a whole segment).',
    ],
  },
  {
    name: 'route key syntax (HTTP and WebSocket)',
    files: {
      'api.yaml': `httpApis:\n  h:\n    routes:\n      GET/orders: {}\n      FETCH /x: {}\nwebSocketApis:\n  chat:\n    routeSelectionExpression: $request.body.action\n    routes:\n      $connectx: {}\n`,
    },
    want: [
      'api.yaml:4:7 spec/invalid-route-key Route key "GET/orders" (HTTP API h) must be "VERB /path" (e.g. "GET /users/{id}") or "$default".',
      'api.yaml:5:7 spec/invalid-route-key Route key "FETCH /x" (HTTP API h) has the unknown method "FETCH" (use GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY).',
      'api.yaml:10:7 spec/invalid-route-key Route key "$connectx" (WebSocket API chat) starts with "$" but is not $connect, $disconnect or $default.',
    ],
  },
  {
    name: 'path parameters used by a method exist in its path',
    files: { 'api.yaml': 'restApis:\n  shop:\n    resources:\n      /users/{id}:\n        GET:\n          requestParameters: { method.request.path.userId: true }\n          integration: { type: MOCK }\n' },
    want: ['api.yaml:6:32 spec/unknown-path-parameter Method GET /users/{id} (REST API shop) declares the path parameter "userId", but the path has only {id}.'],
  },
  {
    name: 'ARNs: lambda, cognito user pool, IAM role, log group, ACM certificate',
    files: {
      'api.yaml': [
        'restApis:', '  r:', '    authorizers:', '      c: { type: COGNITO_USER_POOLS, providerArns: ["arn:aws:cognito-idp:us-east-1:123456789012:pool/x"] }',
        '    resources:', '      /a:', '        GET: { integration: { type: AWS, httpMethod: POST, uri: "arn:aws:apigateway:us-east-1:dynamodb:action/PutItem", credentials: "arn:aws:iam::123456789012:user/bob" } }',
        '        POST: { integration: { lambda: "arn:aws:lambda:us-east-1:12345:function:x" } }',
        '    stages:', '      s: { accessLog: { destinationArn: "arn:aws:logs:us-east-1:123456789012:log-group:x:*", format: x } }',
        'domains:', '  api.example.com: { regionalCertificateArn: "arn:aws:acm:us-east-1:123456789012:cert/abc" }', '',
      ].join('\n'),
    },
    want: [
      'api.yaml:4:53 spec/invalid-arn Authorizer c (REST API r): "providerArns" "arn:aws:cognito-idp:us-east-1:123456789012:pool/x" is not a Cognito user pool ARN.',
      'api.yaml:7:134 spec/invalid-arn The integration of GET /a (REST API r): "credentials" "arn:aws:iam::123456789012:user/bob" is not an IAM role ARN (or arn:aws:iam::*:user/* for the caller\'s credentials).',
      'api.yaml:8:40 spec/invalid-arn The integration of POST /a (REST API r): "lambda" "arn:aws:lambda:us-east-1:12345:function:x" is not a Lambda function ARN.',
      'api.yaml:10:41 spec/invalid-arn Stage s (REST API r): "accessLog.destinationArn" "arn:aws:logs:us-east-1:123456789012:log-group:x:*" is not a CloudWatch Logs log group ARN (without a trailing :*) or a Firehose stream named amazon-apigateway-*.',
      'api.yaml:12:46 spec/invalid-arn Domain api.example.com: "regionalCertificateArn" "arn:aws:acm:us-east-1:123456789012:cert/abc" is not an ACM certificate ARN.',
    ],
  },
  {
    name: 'CORS shorthand with a hand-written OPTIONS method',
    files: { 'api.yaml': 'restApis:\n  shop:\n    cors: {}\n    resources:\n      /a:\n        OPTIONS: { integration: { type: MOCK } }\n' },
    want: ["api.yaml:6:9 spec/cors-conflict Method OPTIONS /a (REST API shop) is written by hand, but the API's cors shorthand also generates OPTIONS on every resource."],
  },
  {
    name: 'integration and authorization consistency',
    files: {
      'api.yaml': [
        'restApis:', '  r:', '    authorizers:', '      c: { type: COGNITO_USER_POOLS, providerArns: ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_A"] }',
        '    resources:', '      /a:', '        GET: { integration: { httpMethod: GET } }', '        POST: { integration: { type: MOCK, uri: "https://x.example.com" } }',
        '        PUT: { authorizer: c, authorizationType: CUSTOM, integration: { type: HTTP_PROXY, uri: "https://x.example.com" } }',
        'httpApis:', '  h:', '    integrations:', '      m: { type: MOCK }', '',
      ].join('\n'),
    },
    want: [
      'api.yaml:7:16 spec/missing-field The integration of GET /a (REST API r) has neither "type" nor "lambda".',
      'api.yaml:8:49 spec/invalid-integration The integration of POST /a (REST API r) is a MOCK integration and cannot have a uri.',
      'api.yaml:9:50 spec/authorization-mismatch Method PUT /a (REST API r) has authorizationType CUSTOM, but its authorizer "c" is a COGNITO_USER_POOLS authorizer (needs COGNITO_USER_POOLS).',
      'api.yaml:9:58 spec/missing-field The integration of PUT /a (REST API r) (type HTTP_PROXY) is missing the required field "httpMethod".',
      'api.yaml:13:18 spec/invalid-integration Integration m (HTTP API h) has type MOCK; HTTP APIs support AWS_PROXY and HTTP_PROXY.',
    ],
  },
  {
    name: 'WebSocket authorizer off $connect',
    files: {
      'api.yaml': `webSocketApis:\n  chat:\n    routeSelectionExpression: $request.body.action\n    authorizers:\n      a: { type: REQUEST, identitySource: [route.request.header.Auth], lambda: "${L}" }\n    integrations:\n      fn: { lambda: "${L}" }\n    routes:\n      send: { integration: fn, authorizer: a }\n`,
    },
    want: ['api.yaml:9:44 spec/invalid-route Route send (WebSocket API chat) has an authorizer; WebSocket APIs authorize only on $connect.'],
  },
  {
    name: 'ipAddressType outside its enum, and ipv4 on a PRIVATE API',
    files: {
      'api.yaml': 'restApis:\n  a:\n    ipAddressType: ipv6\n  p:\n    endpointType: PRIVATE\n    ipAddressType: ipv4\nhttpApis:\n  h:\n    ipAddressType: dual\n',
    },
    want: [
      'api.yaml:3:20 spec/invalid-value REST API a: "ipAddressType" must be one of ipv4, dualstack, not "ipv6". Did you mean "ipv4"?',
      'api.yaml:6:20 spec/invalid-value REST API p is PRIVATE, and private APIs only support ipAddressType dualstack.',
      'api.yaml:9:20 spec/invalid-value HTTP API h: "ipAddressType" must be one of ipv4, dualstack, not "dual".',
    ],
  },
  {
    name: 'responseTransferMode STREAM on a non-proxy integration',
    files: {
      'api.yaml': 'restApis:\n  r:\n    resources:\n      /a:\n        GET:\n          integration: { type: HTTP, httpMethod: GET, uri: "https://x.example.com", responseTransferMode: STREAM }\n        POST:\n          integration: { type: HTTP_PROXY, httpMethod: GET, uri: "https://x.example.com", responseTransferMode: STREAMED }\n',
    },
    want: [
      'api.yaml:6:107 spec/invalid-integration The integration of GET /a (REST API r) is a HTTP integration; response streaming (responseTransferMode STREAM) works with HTTP_PROXY and AWS_PROXY integrations only.',
      'api.yaml:8:113 spec/invalid-value The integration of POST /a (REST API r): "responseTransferMode" must be one of BUFFERED, STREAM, not "STREAMED". Did you mean "STREAM"?',
    ],
  },
];

export const valueCases: Case[] = [
  {
    name: 'API key value written literally',
    files: { 'keys.yaml': 'apiKeys:\n  partner:\n    value: abcdefghijklmnopqrstuvwxyz\n' },
    want: ['keys.yaml:3:12 spec/secret-literal API key partner: "value" must be ${env:NAME} or ${env:NAME:-}; a key value is a secret and must not be written in the spec.'],
  },
  {
    name: 'API key value with a default (the default would be a literal in git)',
    files: { 'keys.yaml': 'apiKeys:\n  k:\n    value: ${env:K:-abc}\n' },
    want: ['keys.yaml:3:12 spec/secret-literal API key k: "value" must be ${env:NAME} or ${env:NAME:-}; a key value is a secret and must not be written in the spec.'],
  },
  {
    name: 'unset environment variable',
    files: { 'api.yaml': 'restApis:\n  shop:\n    description: ${env:SHOP_DESC}\n' },
    want: ['api.yaml:3:18 spec/unset-env The environment variable SHOP_DESC is not set (used as ${env:SHOP_DESC}).'],
  },
  {
    name: 'an unclosed ${env: placeholder (literal text is written $${env:)',
    files: { 'api.yaml': 'restApis:\n  shop:\n    description: "home ${env:HOME"\n    tags: { a: "$${env:HOME" }\n' },
    want: ['api.yaml:3:18 spec/bad-placeholder "${env:HOME" is not closed: a placeholder ends with "}".'],
  },
  {
    name: "an API key's value variable used in another field (a description, another object's tag)",
    files: { 'keys.yaml': 'apiKeys:\n  alpha:\n    description: "alpha ${env:KEY_A:-x}"\n    value: ${env:KEY_A:-}\nusagePlans:\n  basic:\n    tags: { copy: "${env:KEY_A:-none}" }\n' },
    want: [
      'keys.yaml:3:18 spec/secret-reused ${env:KEY_A} is the value of API key alpha (keys.yaml:4:12); a key\'s value is a secret and may be used nowhere else.',
      'keys.yaml:7:19 spec/secret-reused ${env:KEY_A} is the value of API key alpha (keys.yaml:4:12); a key\'s value is a secret and may be used nowhere else.',
    ],
  },
  {
    name: 'infinite, NaN and out-of-range numbers (.inf, 1e400, a burst over 2^31-1)',
    files: { 'plans.yaml': 'usagePlans:\n  basic:\n    throttle: { rateLimit: .inf, burstLimit: 3000000000 }\n    quota: { limit: 1e400, period: DAY }\n  other:\n    throttle: { rateLimit: "1e999" }\n' },
    want: [
      'plans.yaml:3:28 spec/invalid-number Usage plan basic: "throttle.rateLimit" is infinite (.inf, or too large for a number such as 1e400).',
      'plans.yaml:3:46 spec/out-of-range Usage plan basic: "throttle.burstLimit" must be at most 2147483647, not 3000000000.',
      'plans.yaml:4:21 spec/invalid-number Usage plan basic: "quota.limit" is infinite (.inf, or too large for a number such as 1e400).',
      'plans.yaml:6:28 spec/invalid-number Usage plan other: "throttle.rateLimit" is infinite (.inf, or too large for a number such as 1e400).',
    ],
  },
  {
    name: '.nan in a whole-number field and in a required one: one error each, where it is written',
    files: { 'plans.yaml': 'usagePlans:\n  basic:\n    throttle: { burstLimit: .nan }\n    quota: { limit: .NaN, period: DAY }\n' },
    want: [
      'plans.yaml:3:29 spec/invalid-number Usage plan basic: "throttle.burstLimit" is not a number (.nan).',
      'plans.yaml:4:21 spec/invalid-number Usage plan basic: "quota.limit" is not a number (.nan).',
    ],
  },
  {
    name: 'unknown environment value',
    files: { 'apigw-sync.yaml': ENV_ROOT, 'api.yaml': 'restApis:\n  r:\n    description: ${values.stag}\n' },
    want: ['api.yaml:3:18 spec/unknown-value ${values.stag} is not defined in environment "dev".'],
  },
  {
    name: '$file includes: missing, outside the set, invalid JSON (and no second error for the missing value)',
    files: {
      'sub/api.yaml': 'restApis:\n  r:\n    policy: { $file: ../nope.json }\n    models:\n      A: { schema: { $file: ../../outside.json } }\n      B: { schema: { $file: bad.json } }\n',
      'sub/bad.json': '{ nope',
    },
    want: [
      'sub/api.yaml:3:22 spec/bad-include $file ../nope.json does not exist.',
      "sub/api.yaml:5:29 spec/bad-include $file ../../outside.json points outside the spec set's directory.",
      "sub/api.yaml:6:29 spec/bad-include $file bad.json is not valid JSON: Expected property name or '}' in JSON at position 2.",
    ],
  },
  {
    name: 'YAML merge keys',
    files: { 'api.yaml': 'restApis:\n  a: &base { description: A }\n  b:\n    <<: *base\n' },
    want: ['api.yaml:4:5 spec/unsupported-value YAML merge keys (<<) are not supported: each field of a spec is written where it applies.'],
  },
  {
    name: 'root file: name, region and unknown fields',
    files: { 'apigw-sync.yaml': 'name: "bad name"\nregion: mars\nenvironmnts: {}\n', 'a.yaml': 'restApis: {}\n' },
    want: [
      'apigw-sync.yaml:1:7 spec/invalid-value The root file apigw-sync.yaml: "name" has an invalid value "bad name".',
      'apigw-sync.yaml:2:9 spec/invalid-value The root file apigw-sync.yaml: "region" has an invalid value "mars".',
      'apigw-sync.yaml:3:1 spec/unknown-field The root file apigw-sync.yaml has an unknown field "environmnts". Did you mean "environments"?',
    ],
  },
];
