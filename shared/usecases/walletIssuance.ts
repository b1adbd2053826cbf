/**
 * Use cases of the wallet path (API.md, Wallets; OpenID4VCI 1.0 pre-authorized code flow):
 * a citizen's offer, the wallet's token and nonce, and the credential — an SD-JWT VC of the
 * certificate, bound to the wallet's key.
 *
 * The same rules as the certificate (`certificateApplication.ts`, DESIGN.md invariants 1–3):
 * the offer runs the certificate's check and counts as an application; the credential
 * endpoint checks the disclosable set again (a conviction that arrived after the offer blocks
 * it, as it would block a certificate asked for a moment later) and signs only after every
 * lookup succeeded; the issue is audited before the answer. Every step is the same for a
 * person whose records are sealed and a person who never had one.
 *
 * Grants (code, token, nonce) are single use: each is taken in one conditional write, so a
 * replayed code, token, nonce — and with it a replayed proof — finds nothing. A failure after
 * a grant was taken leaves no credential: the wallet starts again from a new offer (errs
 * towards issuing nothing, never towards issuing twice).
 */

import type { CertificateRequest } from '../domain/credential/certificateRequest.ts';
import type { Purpose } from '../domain/credential/claims.ts';
import { issueSdJwtVc } from '../domain/credential/sdJwtVc.ts';
import { maskNationalId } from '../domain/nationalId.ts';
import {
  type GrantState,
  grantKeyOf,
  grantStateSchema,
  newGrantSecret,
  openGrantState,
  sealGrantState,
} from '../domain/wallet/grants.ts';
import {
  ACCESS_TOKEN_LIFETIME_SECONDS,
  NONCE_LIFETIME_SECONDS,
  OFFER_LIFETIME_SECONDS,
  type WalletProtocol,
  WalletProtocolError,
} from '../domain/wallet/openid4vci.ts';
import { RecordOnFileError } from '../errors.ts';
import type { AuditLog } from '../ports/auditLog.ts';
import type { DisclosableConvictionLookup, IssuanceLog } from '../ports/certificates.ts';
import type { Clock } from '../ports/clock.ts';
import type { Signer } from '../ports/signer.ts';
import type { WalletGrants } from '../ports/walletGrants.ts';
import {
  acceptCertificateApplication,
  type CertificateApplicationContext,
  type CertificateApplicationDependencies,
  type CertificateSubject,
  giveBack,
} from './certificateApplication.ts';

declare module '../ports/auditLog.ts' {
  interface AuditActions {
    /** A wallet offer passed the certificate's check; its code leaves with the answer. */
    'certificate.offer': {
      blindIndex: string;
      certificateId: string;
      purpose: string;
      outcome: 'offered';
    };
    /** The offer's code was exchanged for an access token by the citizen's wallet. */
    'certificate.offer-redeem': {
      blindIndex: string;
      certificateId: string;
      outcome: 'token-issued';
    };
  }
}

const inSeconds = (now: Date, seconds: number) => Math.floor(now.getTime() / 1000) + seconds;
const certificateIdOf = (applicationId: string) => `urn:uuid:${applicationId}`;

export type OfferCertificateDependencies = CertificateApplicationDependencies & {
  grants: WalletGrants;
  clock: Clock;
};

export type CertificateOffer = {
  preAuthorizedCode: string;
  certificateId: string;
  expiresAt: Date;
};

/** `POST /v1/certificates/offers`: the certificate's check, then a single-use offer. */
export class OfferCertificate {
  private readonly deps: OfferCertificateDependencies;
  constructor(deps: OfferCertificateDependencies) {
    this.deps = deps;
  }

  async execute(
    subject: CertificateSubject,
    request: CertificateRequest,
    context: CertificateApplicationContext,
  ): Promise<CertificateOffer> {
    const { deps } = this;
    const now = deps.clock.now();
    const accepted = await acceptCertificateApplication(
      deps,
      subject,
      request,
      context,
      now,
      'wallet-offer',
    );
    const certificateId = certificateIdOf(accepted.applicationId);
    try {
      const preAuthorizedCode = newGrantSecret();
      const expiresAt = inSeconds(now, OFFER_LIFETIME_SECONDS);
      const state: GrantState = {
        applicationId: accepted.applicationId,
        blindIndex: accepted.blindIndex,
        year: accepted.year.year,
        name: subject.name,
        nationalIdMasked: maskNationalId(subject.nationalId),
        purpose: request.purpose,
        justified: request.justification !== undefined,
        actor: context.actor,
      };
      await deps.audit.append({
        eventId: `certificate.offer:${certificateId}`,
        at: now.toISOString(),
        actor: context.actor,
        action: 'certificate.offer',
        blindIndex: accepted.blindIndex,
        certificateId,
        purpose: request.purpose,
        outcome: 'offered',
      });
      await deps.grants.put({
        grantKey: grantKeyOf('offer', preAuthorizedCode),
        expiresAt,
        sealed: sealGrantState('offer', preAuthorizedCode, state),
      });
      return { preAuthorizedCode, certificateId, expiresAt: new Date(expiresAt * 1000) };
    } catch (error) {
      await giveBack(deps, accepted.year, accepted.applicationId);
      throw error;
    }
  }
}

export type WalletTokenDependencies = {
  grants: WalletGrants;
  audit: AuditLog;
  clock: Clock;
};

/** The token endpoint: one offer's code, once, for an access token. */
export class RedeemOffer {
  private readonly deps: WalletTokenDependencies;
  constructor(deps: WalletTokenDependencies) {
    this.deps = deps;
  }

  async execute(preAuthorizedCode: string): Promise<{ accessToken: string; expiresIn: number }> {
    const { deps } = this;
    const now = deps.clock.now();
    const offer = await deps.grants.take(grantKeyOf('offer', preAuthorizedCode), now);
    if (!offer?.sealed) {
      throw new WalletProtocolError('invalid_grant', 'the pre-authorized code is not valid');
    }
    const state = openGrantState('offer', preAuthorizedCode, offer.sealed, grantStateSchema);
    const accessToken = newGrantSecret();
    await deps.audit.append({
      eventId: `certificate.offer-redeem:${state.applicationId}`,
      at: now.toISOString(),
      actor: state.actor,
      action: 'certificate.offer-redeem',
      blindIndex: state.blindIndex,
      certificateId: certificateIdOf(state.applicationId),
      outcome: 'token-issued',
    });
    await deps.grants.put({
      grantKey: grantKeyOf('token', accessToken),
      // Never beyond the offer's own life: a token extends nothing.
      expiresAt: Math.min(inSeconds(now, ACCESS_TOKEN_LIFETIME_SECONDS), offer.expiresAt),
      sealed: sealGrantState('token', accessToken, state),
    });
    return {
      accessToken,
      expiresIn: Math.min(ACCESS_TOKEN_LIFETIME_SECONDS, offer.expiresAt - inSeconds(now, 0)),
    };
  }
}

/** The nonce endpoint: a fresh single-use nonce for the next key proof. */
export class IssueNonce {
  private readonly deps: { grants: WalletGrants; clock: Clock };
  constructor(deps: { grants: WalletGrants; clock: Clock }) {
    this.deps = deps;
  }

  async execute(): Promise<{ nonce: string; expiresIn: number }> {
    const nonce = newGrantSecret();
    await this.deps.grants.put({
      grantKey: grantKeyOf('nonce', nonce),
      expiresAt: inSeconds(this.deps.clock.now(), NONCE_LIFETIME_SECONDS),
    });
    return { nonce, expiresIn: NONCE_LIFETIME_SECONDS };
  }
}

export type IssueWalletCredentialDependencies = {
  grants: WalletGrants;
  disclosableConvictions: DisclosableConvictionLookup;
  issuanceLog: IssuanceLog;
  audit: AuditLog;
  signer: Signer;
  clock: Clock;
  protocol: WalletProtocol;
  issuer: { did: string };
  validityDays: number;
};

/** The credential endpoint: the SD-JWT VC for the token's holder, bound to the proof's key. */
export class IssueWalletCredential {
  private readonly deps: IssueWalletCredentialDependencies;
  constructor(deps: IssueWalletCredentialDependencies) {
    this.deps = deps;
  }

  async execute(accessToken: string, credentialRequest: Record<string, unknown>) {
    const { deps } = this;
    const now = deps.clock.now();
    const tokenKey = grantKeyOf('token', accessToken);
    const token = await deps.grants.find(tokenKey, now);
    if (!token?.sealed) {
      throw new WalletProtocolError('invalid_token', 'the access token is not valid', 401);
    }
    const state = openGrantState('token', accessToken, token.sealed, grantStateSchema);
    const proof = deps.protocol.proofOf(credentialRequest);
    const nonce = deps.protocol.claimedNonceOf(proof);
    if (!(await deps.grants.take(grantKeyOf('nonce', nonce), now))) {
      throw new WalletProtocolError('invalid_nonce', 'the nonce is unknown, used or expired');
    }
    const holderJwk = await deps.protocol.verifyKeyProof(proof, nonce, now);
    const certificateId = certificateIdOf(state.applicationId);
    const year = { blindIndex: state.blindIndex, year: state.year };

    if (await deps.disclosableConvictions.hasDisclosableConviction(state.blindIndex)) {
      await deps.audit.append({
        eventId: `certificate.refuse:${state.applicationId}`,
        at: now.toISOString(),
        actor: state.actor,
        action: 'certificate.refuse',
        blindIndex: state.blindIndex,
        purpose: state.purpose,
        outcome: 'record-on-file',
      });
      await deps.grants.take(tokenKey, now);
      await giveBack(deps, year, state.applicationId);
      throw new RecordOnFileError('record on file');
    }
    const issued = await issueSdJwtVc({
      issuer: deps.issuer,
      signer: deps.signer,
      subject: { name: state.name, nationalIdMasked: state.nationalIdMasked },
      purpose: state.purpose as Purpose,
      holderJwk,
      now,
      validityDays: deps.validityDays,
    });
    // The token is used up only now: a request that failed before this point can be retried.
    if (!(await deps.grants.take(tokenKey, now))) {
      throw new WalletProtocolError('invalid_token', 'the access token was used', 401);
    }
    await deps.audit.append({
      eventId: `certificate.issue:${certificateId}`,
      at: now.toISOString(),
      actor: state.actor,
      action: 'certificate.issue',
      blindIndex: state.blindIndex,
      certificateId,
      purpose: state.purpose,
      outcome: 'issued',
    });
    await deps.issuanceLog.append({
      certificateId,
      blindIndex: state.blindIndex,
      purpose: state.purpose,
      notBefore: issued.notBefore.toISOString(),
      expires: issued.expires.toISOString(),
      justified: state.justified,
      issuedAt: now.toISOString(),
    });
    return { certificateId, credential: issued.credential };
  }
}
