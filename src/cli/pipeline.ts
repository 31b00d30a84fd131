import type { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import type { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { Route53Client } from '@aws-sdk/client-route-53';
import type { ClientSource } from '../reconcile/client-source.js';
import type { Model } from '../reconcile/model.js';
import type { Plan } from '../reconcile/plan-types.js';

/**
 * What the plan, apply and destroy commands need from the spec loader and the planner, in one
 * place: the commands are written against this, and `default-pipeline.ts` wires the real functions.
 * (Method syntax on purpose: the real functions take the loader's richer SpecSet type.)
 */
export interface SpecSetLike {
  name: string;
  region?: string;
  environment?: string;
  restApis: Record<string, unknown>;
  httpApis: Record<string, unknown>;
  webSocketApis: Record<string, unknown>;
  apiKeys: Record<string, unknown>;
  usagePlans: Record<string, unknown>;
  domains: Record<string, unknown>;
  vpcLinks?: Record<string, unknown>;
  /** destroy: the set as written, whose Lambda functions' policies are read for statements to remove. */
  formerly?: SpecSetLike;
}

export interface DiagnosticLike {
  severity: 'error' | 'warning';
  message: string;
}

export type LoadOutcome<S extends SpecSetLike = SpecSetLike> =
  | { ok: true; specSet: S; warnings: DiagnosticLike[] }
  | { ok: false; diagnostics: DiagnosticLike[] };

export interface PlanOptions {
  adopt?: boolean;
  allowDestroy?: boolean;
  allowDuplicateName?: boolean;
  target?: string;
  environment?: string;
  /** `promote --stage NAME`, or `promote --from A --to B`. */
  promote?: string | { from: string; to: string };
  /** `--no-bulk`: one call per object. */
  noBulk?: boolean;
}

export interface Pipeline {
  loadSpecSet(paths: string[], opts: { env: NodeJS.ProcessEnv; environment?: string; cwd: string }): LoadOutcome | Promise<LoadOutcome>;
  computePlan(input: {
    specSet: SpecSetLike;
    clients: { apigateway: APIGatewayClient; apigatewayv2?: ApiGatewayV2Client; lambda?: ClientSource<LambdaClient>; route53?: ClientSource<Route53Client> };
    options: PlanOptions;
    /** Where secret values (API key values) are read from. */
    env: NodeJS.ProcessEnv;
  }): Promise<{ plan: Plan; desired: Model; live: Model }>;
  fingerprintLive(live: Model): string;
  /** Located diagnostics (file:line:column, message, fix), as `validate` prints them. */
  renderDiagnostics(diagnostics: DiagnosticLike[], opts: { colour: boolean }): string;
}

/** The spec set with nothing in it: planning it deletes everything the set owns (destroy). */
export function emptied<S extends SpecSetLike>(specSet: S): S {
  return { ...specSet, restApis: {}, httpApis: {}, webSocketApis: {}, apiKeys: {}, usagePlans: {}, domains: {}, vpcLinks: {}, formerly: specSet };
}
