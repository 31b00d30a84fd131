import { GetAccountCommand } from '@aws-sdk/client-api-gateway';
import { basename, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { accountToSpec } from '../import/account-to-spec.js';
import { readForImport } from '../import/read-live.js';
import { importDns } from '../import/dns.js';
import { restApiToSpec } from '../import/rest-to-spec.js';
import { v2ApiToSpec, v2DomainToSpec } from '../import/v2-to-spec.js';
import { layoutFiles, writeFiles, type ImportedSet } from '../import/write-spec.js';
import { explainAwsFailure } from './aws-failure.js';
import { checkConnectFlags, connect, type ConnectFlags } from './connect.js';
import type { CliIO } from './io.js';

/**
 * `apigw-sync import`: live APIs (or an OpenAPI document) -> a spec set on disk. Nothing in AWS
 * is changed: the imported objects stay unowned until `apply --adopt` tags them.
 */
export interface ImportFlags extends ConnectFlags {
  restApi?: string[];
  httpApi?: string[];
  websocketApi?: string[];
  all?: boolean;
  out?: string;
  name?: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function specSetName(flags: { name?: string; out?: string }, outDir: string, fallback: string): string {
  const name = flags.name ?? (flags.out ? basename(outDir) : fallback);
  if (!NAME.test(name)) {
    throw new UsageError(`"${name}" cannot be a spec set name (letters, digits, ".", "_" and "-", up to 128).`, 'Give one with --name NAME.');
  }
  return name;
}

export async function runImport(flags: ImportFlags, io: CliIO): Promise<number> {
  checkConnectFlags(flags);
  const rest = flags.restApi ?? [];
  const http = flags.httpApi ?? [];
  const ws = flags.websocketApi ?? [];
  if (!flags.all && rest.length + http.length + ws.length === 0) {
    throw new UsageError('Nothing to import.', 'Name what to import: --rest-api, --http-api or --websocket-api NAME|ID (repeatable), or --all for every API, API key, usage plan and domain no spec set owns.');
  }
  const outDir = resolve(io.cwd, flags.out ?? '.');
  const conn = await connect(flags, { env: io.env, cwd: io.cwd });
  let set: ImportedSet;
  let notices: string[];
  try {
    const read = await readForImport(conn.apigateway, { restApis: rest, httpApis: http, webSocketApis: ws, all: flags.all === true }, conn.apigatewayv2);
    const region = conn.region ?? (await conn.apigateway.config.region());
    const restApis: Record<string, unknown> = {};
    notices = [...read.notices];
    for (const name of read.restApis) {
      const c = restApiToSpec(name, read.live, region);
      restApis[name] = c.spec;
      notices.push(...c.warnings);
    }
    const httpApis: Record<string, unknown> = {};
    const webSocketApis: Record<string, unknown> = {};
    for (const name of read.httpApis) httpApis[name] = v2ApiToSpec('HTTP', name, read.live, notices);
    for (const name of read.webSocketApis) webSocketApis[name] = v2ApiToSpec('WEBSOCKET', name, read.live, notices);
    const account = accountToSpec(read.live);
    for (const d of read.v2Domains) account.domains[d] = v2DomainToSpec(read.live, `domain-name:${d}`);
    // A domain whose alias record already points at it keeps it, managed (adopt adds the ownership TXT).
    notices.push(...await importDns(conn.route53, account.domains as Record<string, Record<string, unknown>>, read.live));
    set = {
      name: specSetName(flags, outDir, [...read.restApis, ...read.httpApis, ...read.webSocketApis][0] ?? 'imported'),
      region,
      restApis, httpApis, webSocketApis,
      apiKeys: account.apiKeys, usagePlans: account.usagePlans, domains: account.domains, vpcLinks: account.vpcLinks,
      clientCertificates: account.clientCertificates,
      keyVariables: account.keyVariables,
    };
    // Stages that log need the account's role: the imported set declares it (when the account has
    // one), and with it the UsagePlans feature its usage plans need. A set without logging stages
    // declares no account: the account's settings are one per region, for one set to declare.
    if (/"(level|loggingLevel)":"(ERROR|INFO)"/.test(JSON.stringify([restApis, webSocketApis]))) {
      const live = await conn.apigateway.send(new GetAccountCommand({}));
      const usagePlans = Object.keys(account.usagePlans).length > 0 && (live.features ?? []).includes('UsagePlans');
      if (live.cloudwatchRoleArn) set.account = { cloudwatchRoleArn: live.cloudwatchRoleArn, ...(usagePlans ? { features: ['UsagePlans'] } : {}) };
    }
  } catch (err) {
    throw explainAwsFailure(err, conn, io.env);
  } finally {
    await conn.close();
  }
  return finish(set, notices, outDir, flags, io, `# Imported by apigw-sync from ${conn.endpoint ?? 'AWS'} (${set.region ?? 'region unknown'}).`);
}

/** Writes the set and says what was written and what to do next. Shared with the OpenAPI import. */
export function finish(set: ImportedSet, notices: string[], outDir: string, flags: { out?: string }, io: CliIO, header: string): number {
  const files = layoutFiles(set, header);
  const shown = flags.out ?? '.';
  writeFiles(outDir, files, shown);
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const links = Object.keys(set.vpcLinks ?? {}).length;
  io.stdout.write(
    `Imported ${count(Object.keys(set.restApis).length, 'REST API')}, ${count(Object.keys(set.httpApis).length, 'HTTP API')}, ` +
      `${count(Object.keys(set.webSocketApis).length, 'WebSocket API')}, ${count(Object.keys(set.apiKeys).length, 'API key')}, ` +
      `${count(Object.keys(set.usagePlans).length, 'usage plan')}${links ? `, ${count(Object.keys(set.domains).length, 'domain')} and ${count(links, 'VPC link')}` : ` and ${count(Object.keys(set.domains).length, 'domain')}`} ` +
      `into ${shown} as spec set "${set.name}":\n${[...files.keys()].map((f) => `  ${f}\n`).join('')}`,
  );
  if (set.keyVariables.size > 0) {
    io.stdout.write(`\nAPI key values are secrets and were not written. Before planning, set:\n${[...set.keyVariables].map(([k, v]) => `  ${v}  (the value of API key "${k}")\n`).join('')}`);
  }
  if (notices.length) io.stdout.write(`\nNotices:\n${notices.map((n) => `  - ${n}\n`).join('')}`);
  io.stdout.write(`\nNext: apigw-sync validate ${shown}, then apigw-sync plan ${shown} --adopt (it should only add the ownership tags), then apigw-sync apply ${shown} --adopt.\n`);
  return 0;
}
