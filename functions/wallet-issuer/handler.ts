/**
 * The OpenID4VCI issuer (API.md, Wallets): issuer and authorization-server metadata, the
 * token endpoint (pre-authorized code grant), the nonce endpoint and the credential endpoint,
 * which answers the certificate as an SD-JWT VC bound to the key of the wallet's proof.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { composeWalletIssuer } from '#shared/composition/wallet.ts';
import { readConfig } from '#shared/config.ts';
import { byRouteKey } from '#shared/http/endpoint.ts';
import { json } from '#shared/http/middlewares.ts';
import {
  bearerTokenOf,
  type WalletEvent,
  walletDocument,
  walletEmptyEndpoint,
  walletFormEndpoint,
  walletJsonEndpoint,
} from '#shared/http/walletEndpoint.ts';
import { logger, metrics } from '#shared/observability.ts';
import {
  IssueNonce,
  IssueWalletCredential,
  type IssueWalletCredentialDependencies,
  RedeemOffer,
} from '#shared/usecases/walletIssuance.ts';

const NO_STORE = { 'cache-control': 'no-store' };
const CACHE_SHORT = { 'cache-control': 'public, max-age=300' };

export function walletIssuerHandler(dependencies: IssueWalletCredentialDependencies) {
  const { protocol } = dependencies;
  const redeemOffer = new RedeemOffer(dependencies);
  const issueNonce = new IssueNonce(dependencies);
  const issueCredential = new IssueWalletCredential(dependencies);

  return byRouteKey({
    'GET /.well-known/openid-credential-issuer': walletDocument().handler(async () =>
      json(200, protocol.issuerMetadata, CACHE_SHORT),
    ),
    'GET /.well-known/oauth-authorization-server': walletDocument().handler(async () =>
      json(200, protocol.authorizationServerMetadata, CACHE_SHORT),
    ),
    'POST /v1/wallet/token': walletFormEndpoint().handler(async (event) => {
      const code = protocol.preAuthorizedCodeOf(
        (event as WalletEvent).formBody,
        (event.headers ?? {}) as Record<string, string>,
      );
      const { accessToken, expiresIn } = await redeemOffer.execute(code);
      return json(
        200,
        { access_token: accessToken, token_type: 'Bearer', expires_in: expiresIn },
        { ...NO_STORE, pragma: 'no-cache' },
      );
    }),
    'POST /v1/wallet/nonce': walletEmptyEndpoint().handler(async () => {
      const { nonce } = await issueNonce.execute();
      return json(200, { c_nonce: nonce }, NO_STORE);
    }),
    'POST /v1/wallet/credential': walletJsonEndpoint().handler(async (event) => {
      const issued = await issueCredential.execute(
        bearerTokenOf(event),
        event.jsonBody as Record<string, unknown>,
      );
      metrics.addMetric('WalletCredentialsIssued', MetricUnit.Count, 1);
      logger.info('wallet credential issued', { certificateId: issued.certificateId });
      return json(200, { credentials: [{ credential: issued.credential }] }, NO_STORE);
    }),
  });
}

export const handler = walletIssuerHandler(await composeWalletIssuer(readConfig()));
