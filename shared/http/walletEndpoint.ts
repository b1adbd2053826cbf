/**
 * The middleware chains of the OpenID4VCI endpoints. The wallet speaks OAuth 2.0 here, so
 * refusals are RFC 9457 problems that also carry the OAuth members (`error`,
 * `error_description`) its client reads (the error table's `WalletProtocolError` entry);
 * the token request is a form, not JSON.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { WalletProtocolError } from '../domain/wallet/openid4vci.ts';
import { logger, metrics } from '../observability.ts';
import {
  type ApiEvent,
  headLikeGet,
  jsonRequestBody,
  noRequestBody,
  problemDetails,
} from './middlewares.ts';
import { HttpProblem, problems } from './problem.ts';

type Middleware = MiddlewareObj<ApiEvent, APIGatewayProxyStructuredResultV2, Error, Context>;
export type WalletEvent = ApiEvent & { formBody: Record<string, string> };

const MAX_FORM_BYTES = 4 * 1024;
export const MAX_CREDENTIAL_REQUEST_BYTES = 16 * 1024;

/** `application/x-www-form-urlencoded` (RFC 6749 §4.1.3), each parameter at most once. */
function formRequestBody(): Middleware {
  const formRequestBodyBefore: Middleware['before'] = async (request) => {
    const { event } = request;
    const contentType = (event.headers?.['content-type'] ?? '').toLowerCase();
    if (!/^application\/x-www-form-urlencoded(\s*;.*)?$/.test(contentType)) {
      throw new HttpProblem(
        415,
        'unsupported-media-type',
        'Unsupported Media Type',
        'The body must be application/x-www-form-urlencoded.',
      );
    }
    const raw = event.isBase64Encoded
      ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
      : (event.body ?? '');
    if (Buffer.byteLength(raw, 'utf8') > MAX_FORM_BYTES) {
      throw problems.contentTooLarge(`The body must be at most ${MAX_FORM_BYTES} bytes.`);
    }
    const form: Record<string, string> = {};
    for (const [name, value] of new URLSearchParams(raw)) {
      if (Object.hasOwn(form, name)) {
        throw new WalletProtocolError('invalid_request', `${name} is given more than once`);
      }
      form[name] = value;
    }
    (event as WalletEvent).formBody = form;
  };
  return { before: formRequestBodyBefore };
}

const outer = () =>
  middy<ApiEvent>()
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics))
    .use(problemDetails(logger, metrics));

/** The metadata documents: public, cacheable, no body. */
export const walletDocument = () =>
  middy<ApiEvent>()
    .use(headLikeGet())
    .use(injectLambdaContext(logger))
    .use(problemDetails(logger))
    .use(noRequestBody());

/** The token endpoint: a form body. */
export const walletFormEndpoint = () => outer().use(formRequestBody());

/** The nonce endpoint: no body is read. */
export const walletEmptyEndpoint = () => outer();

/** The credential endpoint: a JSON body. */
export const walletJsonEndpoint = () =>
  outer().use(jsonRequestBody({ maxBytes: MAX_CREDENTIAL_REQUEST_BYTES }));

/** The access token of `Authorization: Bearer …` (RFC 6750 §2.1). */
export function bearerTokenOf(event: ApiEvent): string {
  const [scheme, token, extra] = (event.headers?.authorization ?? '').split(' ');
  if (scheme?.toLowerCase() !== 'bearer' || !token || extra !== undefined) {
    throw new WalletProtocolError('invalid_token', 'a Bearer access token is required', 401);
  }
  return token;
}
