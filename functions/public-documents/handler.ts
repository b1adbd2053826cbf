/**
 * GET (and HEAD) /.well-known/did.json, /v1/trust-bundle, /contexts/no-criminal-record/v1
 * and /openapi.json — public documents, no token, no request body. The DID document lists every current and
 * retired signing key so credentials stay verifiable after rotation.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { composePublicDocuments } from '#shared/composition/publicDocuments.ts';
import { readConfig } from '#shared/config.ts';
import { noCriminalRecordContext } from '#shared/domain/credential/claims.ts';
import { buildDidDocument, buildTrustBundle } from '#shared/domain/credential/didDocument.ts';
import { letterContext } from '#shared/domain/credential/letter.ts';
import {
  type ApiEvent,
  headLikeGet,
  json,
  noRequestBody,
  problemDetails,
  restApiRequest,
} from '#shared/http/middlewares.ts';
import { openApiDocument } from '#shared/http/openapi.ts';
import { problems } from '#shared/http/problem.ts';
import { logger, traceHandler } from '#shared/observability.ts';

const config = readConfig();
const { keys, letterKeys, walletKeys, approvalKeys, auditKeys } =
  await composePublicDocuments(config);
const openApi = openApiDocument(config.issuer.baseUrl);
const CACHE_SHORT = { 'cache-control': 'public, max-age=300' };

async function didDocument() {
  return buildDidDocument({
    did: config.issuer.did,
    keys: await keys.listKeys(),
    letterKeys: await letterKeys.listKeys(),
    walletKeys: await walletKeys.listKeys(),
    approvalKeys: await approvalKeys.listKeys(),
    auditKeys: await auditKeys.listKeys(),
  });
}

const documents: Record<string, () => Promise<{ body: unknown; contentType?: string }>> = {
  '/.well-known/did.json': async () => ({
    body: await didDocument(),
    contentType: 'application/did+json',
  }),
  '/v1/trust-bundle': async () => ({ body: buildTrustBundle([await didDocument()]) }),
  '/contexts/no-criminal-record/v1': async () => ({
    body: noCriminalRecordContext(config.issuer.baseUrl),
    contentType: 'application/ld+json',
  }),
  '/contexts/inquiry-result-letter/v1': async () => ({
    body: letterContext(config.issuer.baseUrl),
    contentType: 'application/ld+json',
  }),
  '/openapi.json': async () => ({ body: openApi }),
};

export const handler = middy<ApiEvent>()
  .use(restApiRequest())
  .use(headLikeGet())
  .use(traceHandler())
  .use(injectLambdaContext(logger))
  .use(problemDetails(logger))
  .use(noRequestBody())
  .handler(async (event) => {
    // Own keys only: a path such as `/__proto__` must not find an inherited property.
    const document = Object.hasOwn(documents, event.rawPath) ? documents[event.rawPath] : undefined;
    if (!document) throw problems.notFound();
    const { body, contentType } = await document();
    return json(200, body, {
      ...CACHE_SHORT,
      ...(contentType ? { 'content-type': contentType } : {}),
    });
  });
