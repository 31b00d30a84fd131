import { createHash, randomBytes } from 'node:crypto';
import type { RequestContext, Route } from '../router.js';
import { limitExceeded, notFound } from '../aws-error.js';
import { applyPatch, readPatchOps, stringField, type PatchRule } from './patch.js';
import { paginate } from './pagination.js';
import { clone, compact, epoch, uniqueId, v1, type Obj } from './store.js';

/**
 * Client certificates (GenerateClientCertificate and friends): AWS generates the key pair and
 * returns the certificate's PEM; the certificate lives 365 days. The emulator's PEM is a made-up
 * base64 body between the PEM armour lines (no real key pair: nothing on the emulator uses it).
 * Quota: 60 per account and region (developer guide, REST API quotas), LimitExceededException beyond.
 */
const QUOTA = 60;
const YEAR = 365 * 24 * 3600;

function certificates(ctx: RequestContext): Record<string, Obj> {
  const s = v1(ctx) as unknown as { clientCertificates?: Record<string, Obj> };
  return (s.clientCertificates ??= {});
}

function fakePem(id: string): string {
  const body = Buffer.concat([createHash('sha256').update(id).digest(), randomBytes(400)]).toString('base64');
  return `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----`;
}

function get(ctx: RequestContext): Obj {
  const c = certificates(ctx)[ctx.params.clientcertificate_id!];
  if (!c) throw notFound('Invalid Client Certificate identifier specified');
  return c;
}

const view = (c: Obj, alwaysTags: boolean): Obj => {
  const out = clone(c);
  if (!alwaysTags && !Object.keys(out.tags ?? {}).length) delete out.tags;
  return out;
};

const rules: PatchRule<Obj>[] = [stringField('description', ['replace'])];

export const clientCertificateRoutes: Route[] = [
  {
    method: 'POST', path: '/clientcertificates', operation: 'GenerateClientCertificate',
    handler: (ctx) => {
      const all = certificates(ctx);
      if (Object.keys(all).length >= QUOTA) throw limitExceeded(`Exceeded the maximum of ${QUOTA} client certificates per account`);
      const b = (ctx.body ?? {}) as Obj;
      const id = uniqueId(6, all);
      const created = epoch(ctx);
      all[id] = compact({
        clientCertificateId: id, description: b.description, pemEncodedCertificate: fakePem(id),
        createdDate: created, expirationDate: created + YEAR, tags: { ...(b.tags ?? {}) },
      });
      return { status: 201, body: view(all[id]!, false) };
    },
  },
  {
    method: 'GET', path: '/clientcertificates', operation: 'GetClientCertificates',
    handler: (ctx) => ({ status: 200, body: paginate(ctx, Object.values(certificates(ctx)).map((c) => view(c, false))) }),
  },
  { method: 'GET', path: '/clientcertificates/{clientcertificate_id}', operation: 'GetClientCertificate', handler: (ctx) => ({ status: 200, body: view(get(ctx), true) }) },
  {
    method: 'PATCH', path: '/clientcertificates/{clientcertificate_id}', operation: 'UpdateClientCertificate',
    handler: (ctx) => {
      const ops = readPatchOps(ctx, 'updateClientCertificateInput');
      const c = get(ctx);
      const updated = compact(applyPatch(clone(c), ops, rules, 'listed'));
      certificates(ctx)[c.clientCertificateId] = updated;
      return { status: 200, body: view(updated, true) };
    },
  },
  {
    method: 'DELETE', path: '/clientcertificates/{clientcertificate_id}', operation: 'DeleteClientCertificate',
    handler: (ctx) => {
      get(ctx);
      delete certificates(ctx)[ctx.params.clientcertificate_id!];
      return { status: 202 };
    },
  },
];

/** For TagResource/GetTags on `arn:aws:apigateway:REGION::/clientcertificates/ID`. */
export function clientCertificateById(ctx: RequestContext, id: string): Obj | undefined {
  return certificates(ctx)[id];
}
