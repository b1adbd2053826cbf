/**
 * POST /v1/certificates/offers — the certificate offered to the citizen's wallet: the same
 * check as POST /v1/certificates, then an OpenID4VCI credential offer with a single-use
 * pre-authorized code, as a URI and as a QR code for a phone.
 */
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { composeWalletOffers } from '#shared/composition/wallet.ts';
import { type Config, readConfig } from '#shared/config.ts';
import type { WalletProtocol } from '#shared/domain/wallet/openid4vci.ts';
import { qrSvgOf } from '#shared/domain/wallet/qrCode.ts';
import { personConcerned } from '#shared/http/caller.ts';
import { mutatingJsonEndpoint } from '#shared/http/endpoint.ts';
import { json } from '#shared/http/middlewares.ts';
import { validationProblem } from '#shared/http/problem.ts';
import { certificateOfferRequestSchema } from '#shared/http/schemas/certificateRequest.ts';
import { logger, metrics } from '#shared/observability.ts';
import { OfferCertificate } from '#shared/usecases/walletIssuance.ts';

export function walletOffersHandler(
  offerCertificate: OfferCertificate,
  protocol: WalletProtocol,
  idempotency: BasePersistenceLayer,
  config: Config,
) {
  return mutatingJsonEndpoint({
    roles: ['citizen'],
    maxBodyBytes: 4 * 1024,
    idempotency,
    config,
  }).handler(async (event) => {
    // The token's own person, or the person a guardian or agent acts for.
    const { nationalId, name, agent } = personConcerned(event.caller);
    const parsed = certificateOfferRequestSchema.safeParse(event.jsonBody);
    if (!parsed.success) throw validationProblem(parsed.error);

    const offer = await offerCertificate.execute({ nationalId, name }, parsed.data, {
      actor: {
        subject: event.caller.subject,
        role: event.caller.role,
        organisation: event.caller.organisation,
      },
      retryKey: event.idempotencyScope,
      ...(agent ? { agent } : {}),
    });
    const credentialOfferUri = await protocol.credentialOfferUri(offer.preAuthorizedCode);

    metrics.addMetric('CertificateOffers', MetricUnit.Count, 1);
    logger.info('certificate offered', { certificateId: offer.certificateId });
    return json(
      201,
      {
        credentialOfferUri,
        qrSvg: qrSvgOf(credentialOfferUri),
        expiresAt: offer.expiresAt.toISOString(),
      },
      { 'cache-control': 'no-store' },
    );
  });
}

const config = readConfig();
const { dependencies, protocol, idempotency } = await composeWalletOffers(config);
export const handler = walletOffersHandler(
  new OfferCertificate(dependencies),
  protocol,
  idempotency,
  config,
);
