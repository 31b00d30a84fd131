import { didYouMean } from '../load/did-you-mean.js';
import type { SpecSet } from '../types.js';
import { type CheckContext, entries, names, report, wasPruned } from './context.js';
import { normalisePath, parseMethodKey } from './paths.js';
import { checkArn } from './arns.js';
import { isEnhancedPolicy } from '../lang/account.js';
import { checkTlsPolicy } from './tls.js';

/**
 * Rules across the spec set: unique names across API kinds, API keys, usage plans and domains
 * (their references to APIs, stages and keys), and tags.
 */
type Path = (string | number)[];
const KINDS = [['restApis', 'REST API'], ['httpApis', 'HTTP API'], ['webSocketApis', 'WebSocket API']] as const;
const QUOTA_OFFSET_MAX = { DAY: 0, WEEK: 6, MONTH: 27 } as const;

export function checkAccount(set: SpecSet, ctx: CheckContext): void {
  checkApiNames(set, ctx);
  checkKeys(set, ctx);
  checkPlans(set, ctx);
  checkDomains(set, ctx);
  checkClientCertificates(set, ctx);
  checkTags(set, ctx);
}

/** A REST or WebSocket stage names a client certificate of the set, by name, or an outside one by id (not both). */
function checkClientCertificates(set: SpecSet, ctx: CheckContext): void {
  const certs = names(set.clientCertificates);
  for (const [section, kind] of [['restApis', 'REST API'], ['webSocketApis', 'WebSocket API']] as const) {
    for (const [api, spec] of entries<{ stages?: Record<string, { clientCertificate?: string; clientCertificateId?: string }> }>(set[section])) {
      for (const [stage, s] of entries(spec.stages)) {
        const at = [section, api, 'stages', stage];
        if (s.clientCertificate === undefined) continue;
        if (s.clientCertificateId !== undefined) {
          report(ctx, 'spec/invalid-value', [...at, 'clientCertificateId'], `Stage ${stage} (${kind} ${api}) has both clientCertificate and clientCertificateId.`,
            'keep clientCertificate (a certificate of the spec set, by name) and remove clientCertificateId.');
        }
        if (!certs.includes(s.clientCertificate) && !wasPruned(ctx, ['clientCertificates', s.clientCertificate])) {
          report(ctx, 'spec/unresolved-reference', [...at, 'clientCertificate'], `Stage ${stage} (${kind} ${api}) refers to the client certificate "${s.clientCertificate}", which is not defined.${didYouMean(s.clientCertificate, certs)}`,
            certs.length ? `use one of: ${certs.join(', ')}; or define "${s.clientCertificate}" under clientCertificates.` : `define "${s.clientCertificate}" under clientCertificates.`);
        }
      }
    }
  }
}

function checkApiNames(set: SpecSet, ctx: CheckContext): void {
  const seen = new Map<string, string>();
  for (const [section, kind] of KINDS) {
    for (const name of names(set[section])) {
      const other = seen.get(name);
      if (other) {
        report(ctx, 'spec/duplicate-name', [section, name], `${kind} ${name} has the same name as ${other} ${name}; mappings and usage plans refer to APIs by name.`,
          'give one of the two APIs another name.', 'key');
      } else seen.set(name, kind);
    }
  }
}

function findApi(set: SpecSet, name: string): { section: 'restApis' | 'httpApis' | 'webSocketApis'; stages: string[] } | undefined {
  for (const [section] of KINDS) {
    const api = set[section][name];
    // Quick create (an HTTP API with a `target`) makes an auto-deploying $default stage with the API.
    if (!api) continue;
    const quick = section === 'httpApis' && (api as { target?: unknown }).target !== undefined && !('$default' in (api.stages ?? {}));
    return { section, stages: [...Object.keys(api.stages ?? {}), ...(quick ? ['$default'] : [])] };
  }
  return undefined;
}

/** API + stage references of usage plans and mappings. Returns the API's section when it resolves. */
function apiStageRef(set: SpecSet, api: string, stage: string, at: Path, owner: string, allowed: string[], ctx: CheckContext): string | undefined {
  const found = findApi(set, api);
  if (!found || !allowed.includes(found.section)) {
    if (KINDS.some(([s]) => wasPruned(ctx, [s, api]))) return undefined;
    const pool = allowed.flatMap((s) => names(set[s as 'restApis']));
    const what = allowed.length === 3 ? 'API' : allowed.length === 1 ? 'REST API' : 'REST or WebSocket API';
    report(ctx, 'spec/unresolved-reference', [...at, 'api'],
      found ? `${owner} refers to "${api}", which is an HTTP API; usage plans cover REST and WebSocket APIs.` : `${owner} refers to the ${what} "${api}", which is not defined.${didYouMean(api, pool)}`,
      pool.length ? `use one of: ${pool.join(', ')}.` : `define the API under ${allowed.join(' or ')}.`);
    return undefined;
  }
  if (!found.stages.includes(stage) && !wasPruned(ctx, [found.section, api, 'stages', stage])) {
    report(ctx, 'spec/unresolved-reference', [...at, 'stage'], `${owner} refers to the stage "${stage}" of ${api}, which has no such stage.${didYouMean(stage, found.stages)}`,
      found.stages.length ? `use one of: ${found.stages.join(', ')}.` : `add the stage under ${found.section}.${api}.stages.`);
    return undefined;
  }
  return found.section;
}

function checkKeys(set: SpecSet, ctx: CheckContext): void {
  const byEnv = new Map<string, string>();
  for (const [name, key] of entries(set.apiKeys)) {
    const envName = key.value?.secretEnv;
    if (envName === undefined) continue;
    const other = byEnv.get(envName);
    if (other) {
      report(ctx, 'spec/duplicate-key-value', ['apiKeys', name, 'value'], `API keys ${other} and ${name} both take their value from \${env:${envName}}; AWS rejects two keys with the same value.`,
        'give each key its own variable, or drop value to let AWS generate one.');
    } else byEnv.set(envName, name);
  }
}

function checkPlans(set: SpecSet, ctx: CheckContext): void {
  for (const [plan, p] of entries(set.usagePlans)) {
    const at = ['usagePlans', plan];
    const owner = `Usage plan ${plan}`;
    if (p.quota?.offset !== undefined && p.quota.offset > QUOTA_OFFSET_MAX[p.quota.period]) {
      report(ctx, 'spec/out-of-range', [...at, 'quota', 'offset'], `${owner}: "quota.offset" must be at most ${QUOTA_OFFSET_MAX[p.quota.period]} for period ${p.quota.period}, not ${p.quota.offset}.`,
        `use a value from 0 to ${QUOTA_OFFSET_MAX[p.quota.period]}.`);
    }
    const seen = new Set<string>();
    (p.apiStages ?? []).forEach((s, i) => {
      // An entry the loader could not read (an unset ${env:...}) was reported there already.
      if (s === undefined || s === null) return;
      const sat = [...at, 'apiStages', i];
      const sOwner = `API stage ${i + 1} of usage plan ${plan}`;
      if (seen.has(`${s.api}/${s.stage}`)) report(ctx, 'spec/duplicate-name', sat, `${sOwner} repeats ${s.api}/${s.stage}.`, 'list each API stage once.');
      seen.add(`${s.api}/${s.stage}`);
      const section = apiStageRef(set, s.api, s.stage, sat, sOwner, ['restApis', 'webSocketApis'], ctx);
      if (!section || !s.throttle) return;
      const methods = new Set<string>();
      if (section === 'restApis') {
        for (const [path, r] of entries(set.restApis[s.api]?.resources)) for (const verb of Object.keys(r)) methods.add(`${verb} ${normalisePath(path)}`);
      }
      for (const key of Object.keys(s.throttle)) {
        const parsed = parseMethodKey(key);
        if (!parsed || !methods.has(parsed.join(' '))) {
          report(ctx, 'spec/unresolved-reference', [...sat, 'throttle', key], `${sOwner} throttles "${key}", which is not a method of ${s.api}.${didYouMean(key, methods)}`,
            'write VERB /path of a method of that REST API.', 'key');
        }
      }
    });
    const keys = names(set.apiKeys);
    (p.keys ?? []).forEach((k, i) => {
      if (k === undefined || k === null) return;
      if (!keys.includes(k) && !wasPruned(ctx, ['apiKeys', k])) {
        report(ctx, 'spec/unresolved-reference', [...at, 'keys', i], `${owner} refers to the API key "${k}", which is not defined.${didYouMean(k, keys)}`,
          keys.length ? `use one of: ${keys.join(', ')}; or define "${k}" under apiKeys.` : `define "${k}" under apiKeys.`);
      }
    });
  }
}

function checkDomains(set: SpecSet, ctx: CheckContext): void {
  const seen = new Map<string, string>();
  for (const [domain, d] of entries(set.domains)) {
    const at = ['domains', domain];
    const owner = `Domain ${domain}`;
    const lower = domain.toLowerCase();
    if (seen.has(lower)) {
      report(ctx, 'spec/duplicate-name', at, `Domain ${domain} is the same domain as ${seen.get(lower)} (domain names ignore case).`, 'keep one of the two.', 'key');
      continue;
    }
    seen.set(lower, domain);
    if (!/^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(lower)) {
      report(ctx, 'spec/invalid-name', at, `"${domain}" is not a valid domain name.`, 'write a fully qualified name such as api.example.com.', 'key');
    }
    const type = d.endpointType ?? 'REGIONAL';
    if (type === 'REGIONAL' && d.regionalCertificateArn === undefined) {
      report(ctx, 'spec/missing-field', at, `${owner} (REGIONAL) is missing the required field "regionalCertificateArn".`, 'add the ACM certificate ARN (in the spec set\'s region).', 'key');
    }
    if (type === 'EDGE' && d.certificateArn === undefined) {
      report(ctx, 'spec/missing-field', at, `${owner} (EDGE) is missing the required field "certificateArn".`, 'add the ACM certificate ARN (in us-east-1).', 'key');
    }
    if (type === 'REGIONAL' && d.certificateArn !== undefined) report(ctx, 'spec/invalid-value', [...at, 'certificateArn'], `${owner} is REGIONAL; certificateArn is for EDGE domains.`, 'use regionalCertificateArn.');
    if (type === 'EDGE' && d.regionalCertificateArn !== undefined) report(ctx, 'spec/invalid-value', [...at, 'regionalCertificateArn'], `${owner} is EDGE; regionalCertificateArn is for REGIONAL domains.`, 'use certificateArn.');
    if (type === 'PRIVATE') checkPrivateDomain(set, ctx, d, at, owner);
    else {
      for (const field of ['policy', 'managementPolicy', 'accessAssociations', 'acceptedAssociations'] as const) {
        if (d[field] !== undefined) {
          report(ctx, 'spec/invalid-value', [...at, field], `${owner} is ${type}; ${field} is for private custom domains (endpointType: PRIVATE).`,
            `remove ${field}, or set endpointType: PRIVATE.`);
        }
      }
    }
    checkArn(ctx, d.regionalCertificateArn, 'acmCertificate', [...at, 'regionalCertificateArn'], owner, 'regionalCertificateArn');
    checkArn(ctx, d.certificateArn, 'acmCertificate', [...at, 'certificateArn'], owner, 'certificateArn');
    checkArn(ctx, d.ownershipVerificationCertificateArn, 'acmCertificate', [...at, 'ownershipVerificationCertificateArn'], owner, 'ownershipVerificationCertificateArn');
    if (type !== 'PRIVATE' && d.certificateArn !== undefined && !d.certificateArn.includes(':us-east-1:')) {
      report(ctx, 'spec/invalid-arn', [...at, 'certificateArn'], `${owner}: an EDGE domain's certificate must be in us-east-1.`, 'import or request the certificate in us-east-1.');
    }
    checkTlsPolicy(ctx, at, owner, type, d.securityPolicy, d.endpointAccessMode);
    if (d.dns?.hostedZone !== undefined) checkHostedZone(ctx, [...at, 'dns', 'hostedZone'], owner, lower, d.dns.hostedZone);
    const enhanced = isEnhancedPolicy(d.securityPolicy);
    if (d.mutualTls && enhanced) {
      report(ctx, 'spec/invalid-value', [...at, 'mutualTls'], `${owner}: mutual TLS cannot be enabled on a domain with an enhanced security policy (${d.securityPolicy}).`,
        'remove mutualTls, or use securityPolicy: TLS_1_2.');
    }
    if (d.mutualTls) {
      checkArn(ctx, d.mutualTls.truststoreUri, 'truststoreUri', [...at, 'mutualTls', 'truststoreUri'], owner, 'mutualTls.truststoreUri');
      if (type === 'EDGE') report(ctx, 'spec/invalid-value', [...at, 'mutualTls'], `${owner}: mutual TLS needs a REGIONAL domain.`, 'set endpointType: REGIONAL.');
      if (d.securityPolicy !== undefined && d.securityPolicy === 'TLS_1_0') report(ctx, 'spec/invalid-value', [...at, 'securityPolicy'], `${owner}: mutual TLS needs security policy TLS_1_2 or newer.`, 'set securityPolicy: TLS_1_2.');
    }
    for (const [basePath, m] of entries(d.mappings)) {
      const mat = [...at, 'mappings', basePath];
      const mOwner = `Mapping "${basePath}" of domain ${domain}`;
      if (basePath !== '(none)' && !/^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/.test(basePath)) {
        report(ctx, 'spec/invalid-path', mat, `${mOwner}: the base path must be segments like v1 or orders/v2 without leading or trailing "/", or (none).`, 'rename the mapping key.', 'key');
        continue;
      }
      const section = apiStageRef(set, m.api, m.stage, mat, mOwner, ['restApis', 'httpApis', 'webSocketApis'], ctx);
      if (section && section !== 'restApis' && type !== 'REGIONAL') {
        report(ctx, 'spec/invalid-value', mat, `${mOwner} maps an ${section === 'httpApis' ? 'HTTP' : 'WebSocket'} API, which needs a REGIONAL domain.`, 'set endpointType: REGIONAL on the domain.', 'key');
      }
      if (section && section !== 'restApis' && enhanced) {
        // HTTP and WebSocket mappings make the domain an apigatewayv2 one, which takes only TLS_1_0 and TLS_1_2.
        report(ctx, 'spec/invalid-value', mat, `${mOwner} maps an ${section === 'httpApis' ? 'HTTP' : 'WebSocket'} API, and a domain with an enhanced security policy (${d.securityPolicy}) serves only REST APIs.`,
          'map a REST API here, or use securityPolicy: TLS_1_2 on the domain.', 'key');
      }
    }
    checkRouting(set, ctx, domain, d, at, owner);
  }
}

/**
 * A private custom domain (developer guide, "Custom domain names for private APIs"): its
 * certificate is `certificateArn` (in the set's region), it serves private REST APIs only, has no
 * mutual TLS and no legacy TLS 1.0 policy, and is reached through VPC endpoints, never through a
 * Route 53 alias to a domain target (it has none): the records that name it live in a private
 * hosted zone and point at the VPC endpoint, outside apigw-sync.
 */
function checkPrivateDomain(set: SpecSet, ctx: CheckContext, d: SpecSet['domains'][string], at: Path, owner: string): void {
  if (d.certificateArn === undefined) {
    report(ctx, 'spec/missing-field', at, `${owner} (PRIVATE) is missing the required field "certificateArn".`, 'add the ACM certificate ARN (in the spec set\'s region).', 'key');
  }
  const certRegion = d.certificateArn?.split(':')[3];
  if (set.region !== undefined && certRegion !== undefined && certRegion !== '' && certRegion !== set.region) {
    report(ctx, 'spec/invalid-arn', [...at, 'certificateArn'], `${owner}: a private domain's certificate must be in the spec set's region (${set.region}), and this one is in ${certRegion}.`,
      `import or request the certificate in ${set.region}.`);
  }
  if (d.regionalCertificateArn !== undefined) {
    report(ctx, 'spec/invalid-value', [...at, 'regionalCertificateArn'], `${owner} is PRIVATE; a private custom domain takes its certificate in certificateArn.`, 'rename regionalCertificateArn to certificateArn.');
  }
  if (d.ipAddressType === 'ipv4') {
    report(ctx, 'spec/invalid-value', [...at, 'ipAddressType'], `${owner}: private custom domains are dualstack only.`, 'remove ipAddressType (or write dualstack).');
  }
  if (d.mutualTls !== undefined) {
    report(ctx, 'spec/invalid-value', [...at, 'mutualTls'], `${owner}: private custom domains do not support mutual TLS.`, 'remove mutualTls, or make the domain REGIONAL.');
  }
  if (d.securityPolicy === 'TLS_1_0') {
    report(ctx, 'spec/invalid-value', [...at, 'securityPolicy'], `${owner}: private custom domains do not accept the TLS_1_0 security policy.`,
      'use securityPolicy: TLS_1_2 (the default) or an enhanced regional policy such as SecurityPolicy_TLS13_1_3_2025_09.');
  }
  if (d.dns !== undefined) {
    report(ctx, 'spec/invalid-value', [...at, 'dns'], `${owner} is PRIVATE: it has no regional or CloudFront target for a Route 53 alias; callers reach it through a VPC endpoint.`,
      'remove dns, and in a private hosted zone of the VPC point the name at the VPC endpoint\'s DNS name (an alias or CNAME record you keep outside apigw-sync).');
  }
  (d.routingRules ?? []).forEach((r, i) => {
    const api = set.restApis[r.api];
    if (api === undefined || api.endpointType === 'PRIVATE') return;
    report(ctx, 'spec/invalid-value', [...at, 'routingRules', i, 'api'], `Routing rule ${r.name ?? `with priority ${r.priority}`} of private domain ${String(at[1])} invokes ${r.api}, a ${api.endpointType ?? 'EDGE'} REST API; a private custom domain serves private REST APIs only.`,
      'invoke a REST API with endpointType: PRIVATE.');
  });
  for (const field of ['accessAssociations', 'acceptedAssociations'] as const) {
    (d[field] ?? []).forEach((v, i) => {
      if ((d[field] ?? []).indexOf(v) !== i) {
        report(ctx, 'spec/duplicate-name', [...at, field, i], `${owner} lists the VPC endpoint ${v} twice.`, 'list each VPC endpoint once.');
      } else if (field === 'acceptedAssociations' && (d.accessAssociations ?? []).includes(v)) {
        report(ctx, 'spec/duplicate-name', [...at, field, i], `${owner} lists the VPC endpoint ${v} in accessAssociations (this account's) and in acceptedAssociations (other accounts').`,
          'keep it in accessAssociations if the endpoint is this account\'s, else in acceptedAssociations.');
      }
    });
  }
  for (const [basePath, m] of entries(d.mappings)) {
    const api = set.restApis[m.api];
    // HTTP and WebSocket APIs are refused by the mapping rules (they need a REGIONAL domain).
    const kind = api?.endpointType ?? 'EDGE';
    if (api === undefined || kind === 'PRIVATE') continue;
    report(ctx, 'spec/invalid-value', [...at, 'mappings', basePath], `Mapping "${basePath}" of private domain ${String(at[1])} maps ${m.api}, a ${kind} REST API; a private custom domain serves private REST APIs only.`,
      `map a REST API with endpointType: PRIVATE, or put this mapping on a public domain.`, 'key');
  }
}

/** A header value glob: `*` only at its start and/or end (prefix, suffix or contains matching). */
const VALUE_GLOB = /^\*?[^*]+\*?$|^\*$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const BASE_PATH = /^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/;

/**
 * A domain's routing mode and rules (developer guide, "Routing rules to connect API stages to a
 * custom domain name for REST APIs"): rules are evaluated only under ROUTING_RULE_ONLY and
 * ROUTING_RULE_THEN_API_MAPPING, mappings never under ROUTING_RULE_ONLY; rules invoke REST API
 * stages only and are not supported on a domain that maps HTTP or WebSocket APIs; priorities are
 * unique on a domain.
 */
function checkRouting(set: SpecSet, ctx: CheckContext, domain: string, d: SpecSet['domains'][string], at: Path, owner: string): void {
  const mode = d.routingMode ?? 'API_MAPPING_ONLY';
  const rules = d.routingRules ?? [];
  const v2Mapped = Object.entries(d.mappings ?? {}).filter(([, m]) => set.httpApis[m.api] !== undefined || set.webSocketApis[m.api] !== undefined).map(([b]) => b);
  if (rules.length && mode === 'API_MAPPING_ONLY') {
    report(ctx, 'spec/invalid-value', [...at, 'routingRules'], `${owner} has routing rules, but its routing mode is API_MAPPING_ONLY, under which AWS never evaluates them.`,
      'set routingMode: ROUTING_RULE_THEN_API_MAPPING (rules, then mappings) or ROUTING_RULE_ONLY.', 'key');
  }
  if (mode === 'ROUTING_RULE_ONLY' && Object.keys(d.mappings ?? {}).length) {
    report(ctx, 'spec/invalid-value', [...at, 'mappings'], `${owner} has routingMode ROUTING_RULE_ONLY, under which AWS never uses its mappings.`,
      'set routingMode: ROUTING_RULE_THEN_API_MAPPING, or replace the mappings with routing rules.', 'key');
  }
  if (mode !== 'API_MAPPING_ONLY' && v2Mapped.length) {
    report(ctx, 'spec/invalid-value', [...at, 'routingMode'], `${owner} maps an HTTP or WebSocket API (mapping "${v2Mapped[0]}"), and AWS supports routing rules only on domains that serve REST APIs alone.`,
      'remove routingMode and routingRules, or map HTTP/WebSocket APIs on another domain.');
  }
  const priorities = new Map<number, number>();
  const ruleNames = new Map<string, number>();
  rules.forEach((r, i) => {
    const rat = [...at, 'routingRules', i];
    const rOwner = `Routing rule ${r.name ?? `with priority ${r.priority}`} of domain ${domain}`;
    const samePriority = priorities.get(r.priority);
    if (samePriority !== undefined) {
      report(ctx, 'spec/duplicate-name', [...rat, 'priority'], `${rOwner} has the same priority as rule ${samePriority + 1} of the domain; AWS requires distinct priorities.`,
        'give each rule its own priority (leave gaps, e.g. 100, 200, ..., to insert rules later).');
    } else priorities.set(r.priority, i);
    if (r.name !== undefined) {
      if (/^[0-9]+$/.test(r.name)) {
        report(ctx, 'spec/invalid-name', [...rat, 'name'], `${rOwner}: a rule name cannot be only digits (unnamed rules are keyed by their priority).`, 'use a name with a letter, e.g. beta-users.');
      }
      const same = ruleNames.get(r.name);
      if (same !== undefined) report(ctx, 'spec/duplicate-name', [...rat, 'name'], `${rOwner} has the same name as rule ${same + 1} of the domain.`, 'give each rule its own name.');
      else ruleNames.set(r.name, i);
    }
    (r.headers ?? []).forEach((h, j) => h.anyOf.forEach((m, k) => {
      const hat = [...rat, 'headers', j, 'anyOf', k];
      if (!HEADER_NAME.test(m.header)) report(ctx, 'spec/invalid-value', [...hat, 'header'], `${rOwner}: "${m.header}" is not a valid header name.`, 'write a header name such as x-version.');
      if (!VALUE_GLOB.test(m.valueGlob)) {
        report(ctx, 'spec/invalid-value', [...hat, 'valueGlob'], `${rOwner}: the value glob "${m.valueGlob}" has a * inside it; AWS matches prefixes (beta*), suffixes (*beta) and substrings (*beta*) only.`,
          'put the * only at the start and/or end of the value.');
      }
    }));
    (r.basePaths ?? []).forEach((b, j) => {
      if (!BASE_PATH.test(b)) {
        report(ctx, 'spec/invalid-path', [...rat, 'basePaths', j], `${rOwner}: the base path "${b}" must be segments like users or orders/v2, without a leading or trailing "/".`, 'remove the slashes at the ends.');
      }
    });
    const found = findApi(set, r.api);
    if (found && found.section !== 'restApis') {
      report(ctx, 'spec/invalid-value', [...rat, 'api'], `${rOwner} invokes "${r.api}", which is ${found.section === 'httpApis' ? 'an HTTP' : 'a WebSocket'} API; routing rules invoke REST API stages only.`,
        'name a REST API of the spec set, or map this API under mappings.');
    } else apiStageRef(set, r.api, r.stage, rat, rOwner, ['restApis'], ctx);
  });
}

/** `dns.hostedZone`: a zone id (`Z...`), or the name of a zone that holds the domain. */
function checkHostedZone(ctx: CheckContext, at: Path, owner: string, domain: string, zone: string): void {
  if (/^Z[A-Z0-9]{1,31}$/.test(zone)) return;
  const name = zone.toLowerCase().replace(/\.$/, '');
  if (/^\/?hostedzone\//i.test(zone)) {
    report(ctx, 'spec/invalid-value', at, `${owner}: "${zone}" is a hosted zone path, not a zone name or id.`, `write the id alone: ${zone.replace(/^\/?hostedzone\//i, '')}.`);
    return;
  }
  if (!/^([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(name) || name.length > 253) {
    report(ctx, 'spec/invalid-value', at, `${owner}: "${zone}" is neither a hosted zone name nor a hosted zone id.`,
      'write the zone\'s name (example.com) or its id (Z followed by letters and digits, as aws route53 list-hosted-zones shows it).');
    return;
  }
  const bare = domain.replace(/^\*\./, '');
  if (bare !== name && !bare.endsWith(`.${name}`)) {
    report(ctx, 'spec/invalid-value', at, `${owner} is not in the hosted zone ${name}: a zone holds records of its own name and the names below it.`,
      `name the zone of ${bare} or of one of its parent domains (such as ${bare.split('.').slice(-2).join('.')}).`);
  }
}

function checkTags(set: SpecSet, ctx: CheckContext): void {
  const visit = (tags: Record<string, string> | undefined, at: Path) => {
    for (const key of Object.keys(tags ?? {})) {
      if (key === 'apigw-sync:managed-by' || key === 'apigw-sync:deployment' || key === 'apigw-sync:dns-zone' || key === 'apigw-sync:lists' || key.toLowerCase().startsWith('aws:')) {
        const why = key === 'apigw-sync:deployment' ? 'apigw-sync sets it on a pinned stage: write `deployment: pinned` instead'
          : key === 'apigw-sync:dns-zone' ? 'apigw-sync sets it on a domain whose DNS records it keeps: write `dns: { hostedZone: ... }` instead'
          : key === 'apigw-sync:lists' ? 'apigw-sync records in it which account-wide lists the spec set has objects in'
          : key.startsWith('apigw-sync') ? 'apigw-sync sets it to the spec set\'s name' : 'AWS owns the aws: prefix';
        report(ctx, 'spec/reserved-tag', [...at, 'tags', key], `The tag "${key}" is reserved (${why}).`,
          'remove the tag, or rename it.', 'key');
      }
    }
  };
  for (const [section] of KINDS) {
    for (const [name, api] of entries(set[section] as Record<string, { tags?: Record<string, string>; stages?: unknown }>)) {
      visit(api.tags, [section, name]);
      for (const [stage, s] of entries(api.stages as Record<string, { tags?: Record<string, string> }> | undefined)) visit(s.tags, [section, name, 'stages', stage]);
    }
  }
  for (const section of ['apiKeys', 'usagePlans', 'domains', 'vpcLinks', 'clientCertificates'] as const) {
    for (const [name, o] of entries(set[section] as Record<string, { tags?: Record<string, string> }> | undefined)) visit(o.tags, [section, name]);
  }
}
