import { describe, expect, it } from 'vitest';
import { errorsOf, ROOT } from './helpers.js';

/**
 * Enhanced TLS security policies (`SecurityPolicy_*`): validate refuses, at file:line:column,
 * every combination AWS refuses at CreateDomainName / CreateRestApi, and accepts what AWS accepts.
 */
const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/abc';
const api = 'restApis:\n  shop:\n    endpointType: REGIONAL\n    stages: { prod: {} }\nhttpApis:\n  orders:\n    stages: { $default: {} }\n';
const check = (body: string) => errorsOf({ 'apigw-sync.yaml': ROOT, 'api.yaml': `${api}${body}` });

describe('custom domains with enhanced security policies', () => {
  it('a regional domain with an enhanced policy and an access mode, mapping a REST API, is valid', () => {
    expect(check(`domains:\n  api.example.com:\n    regionalCertificateArn: ${CERT}\n    securityPolicy: SecurityPolicy_TLS13_1_3_2025_09\n    endpointAccessMode: STRICT\n    mappings:\n      v1: { api: shop, stage: prod }\n`)).toStrictEqual([]);
  });

  it('an EDGE domain takes an _EDGE policy', () => {
    expect(check(`domains:\n  api.example.com:\n    endpointType: EDGE\n    certificateArn: ${CERT}\n    securityPolicy: SecurityPolicy_TLS13_2025_EDGE\n    endpointAccessMode: BASIC\n`)).toStrictEqual([]);
  });

  it('an enhanced policy without endpointAccessMode', () => {
    expect(check(`domains:\n  api.example.com:\n    regionalCertificateArn: ${CERT}\n    securityPolicy: SecurityPolicy_TLS13_1_3_2025_09\n`)).toStrictEqual([
      'api.yaml:11:21 spec/missing-field Domain api.example.com uses the enhanced security policy SecurityPolicy_TLS13_1_3_2025_09, which needs an endpoint access mode.',
    ]);
  });

  it('endpointAccessMode with a legacy policy (or none)', () => {
    expect(check(`domains:\n  api.example.com:\n    regionalCertificateArn: ${CERT}\n    securityPolicy: TLS_1_2\n    endpointAccessMode: STRICT\n`)).toStrictEqual([
      'api.yaml:12:25 spec/invalid-value Domain api.example.com: endpointAccessMode only goes with an enhanced (SecurityPolicy_*) security policy, and its policy is TLS_1_2.',
    ]);
  });

  it('mutual TLS with an enhanced policy', () => {
    expect(check(`domains:\n  api.example.com:\n    regionalCertificateArn: ${CERT}\n    securityPolicy: SecurityPolicy_TLS13_1_2_2021_06\n    endpointAccessMode: STRICT\n    mutualTls: { truststoreUri: "s3://bucket/truststore.pem" }\n`)).toStrictEqual([
      'api.yaml:13:16 spec/invalid-value Domain api.example.com: mutual TLS cannot be enabled on a domain with an enhanced security policy (SecurityPolicy_TLS13_1_2_2021_06).',
    ]);
  });

  it('an HTTP API mapping on a domain with an enhanced policy', () => {
    expect(check(`domains:\n  api.example.com:\n    regionalCertificateArn: ${CERT}\n    securityPolicy: SecurityPolicy_TLS13_1_3_2025_09\n    endpointAccessMode: STRICT\n    mappings:\n      orders: { api: orders, stage: $default }\n`)).toStrictEqual([
      'api.yaml:14:7 spec/invalid-value Mapping "orders" of domain api.example.com maps an HTTP API, and a domain with an enhanced security policy (SecurityPolicy_TLS13_1_3_2025_09) serves only REST APIs.',
    ]);
  });

  it('an _EDGE policy on a regional domain, a regional policy on an EDGE domain', () => {
    expect(check(`domains:\n  a.example.com:\n    regionalCertificateArn: ${CERT}\n    securityPolicy: SecurityPolicy_TLS13_2025_EDGE\n    endpointAccessMode: STRICT\n  b.example.com:\n    endpointType: EDGE\n    certificateArn: ${CERT}\n    securityPolicy: SecurityPolicy_TLS13_1_3_2025_09\n    endpointAccessMode: STRICT\n`)).toStrictEqual([
      'api.yaml:11:21 spec/invalid-value Domain a.example.com is REGIONAL, and SecurityPolicy_TLS13_2025_EDGE is a policy for edge-optimized endpoints.',
      'api.yaml:16:21 spec/invalid-value Domain b.example.com is EDGE, and SecurityPolicy_TLS13_1_3_2025_09 is a policy for regional and private endpoints.',
    ]);
  });

  it('an unknown policy is a schema error with the allowed values', () => {
    const errors = check(`domains:\n  api.example.com:\n    regionalCertificateArn: ${CERT}\n    securityPolicy: TLS_1_3\n`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^api\.yaml:11:21 /);
  });
});

describe('REST APIs with security policies', () => {
  const rest = (body: string) => errorsOf({ 'apigw-sync.yaml': ROOT, 'api.yaml': `restApis:\n  shop:\n${body}` });

  it('a regional API with an enhanced policy and an access mode is valid; so is an EDGE API with TLS_1_2', () => {
    expect(rest('    endpointType: REGIONAL\n    securityPolicy: SecurityPolicy_TLS13_1_2_PQ_2025_09\n    endpointAccessMode: STRICT\n')).toStrictEqual([]);
    expect(rest('    securityPolicy: TLS_1_2\n')).toStrictEqual([]);
  });

  it('an enhanced policy without a mode; a regional policy on an EDGE API (the default type)', () => {
    expect(rest('    endpointType: PRIVATE\n    securityPolicy: SecurityPolicy_TLS13_1_3_FIPS_2025_09\n')).toStrictEqual([
      'api.yaml:4:21 spec/missing-field REST API shop uses the enhanced security policy SecurityPolicy_TLS13_1_3_FIPS_2025_09, which needs an endpoint access mode.',
    ]);
    expect(rest('    securityPolicy: SecurityPolicy_TLS13_1_3_2025_09\n    endpointAccessMode: BASIC\n')).toStrictEqual([
      'api.yaml:3:21 spec/invalid-value REST API shop is EDGE, and SecurityPolicy_TLS13_1_3_2025_09 is a policy for regional and private endpoints.',
    ]);
  });

  it('a mode without an enhanced policy', () => {
    expect(rest('    endpointAccessMode: STRICT\n')).toStrictEqual([
      'api.yaml:3:25 spec/invalid-value REST API shop: endpointAccessMode only goes with an enhanced (SecurityPolicy_*) security policy, and its policy is the default legacy one.',
    ]);
  });
});
