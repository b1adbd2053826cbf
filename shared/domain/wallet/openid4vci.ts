/**
 * The issuer's side of OpenID for Verifiable Credential Issuance 1.0, pre-authorized code
 * flow (API.md, Wallets), built on `@openid4vc/openid4vci` and `@openid4vc/oauth2`: their
 * schemas shape and validate the metadata, the offer, the token and credential requests,
 * and verify the `jwt` key proof. What they leave to the issuer is decided here:
 *
 * - access tokens are opaque random values stored only as hashes (the libraries' token
 *   response always wraps a JWT access token signed by the server, RFC 9068, which would
 *   give the token endpoint a signing key for nothing);
 * - a proof is accepted only with ES256, a P-256 JWK in its header, this issuer as `aud`,
 *   an `iat` within {@link PROOF_MAX_AGE_SECONDS}, and the nonce the nonce endpoint gave —
 *   each nonce once (replay is refused by using the nonce up, `usecases/walletIssuance.ts`).
 */
import {
  type CallbackContext,
  clientAuthenticationNone,
  HashAlgorithm,
  Oauth2AuthorizationServer,
  Oauth2ErrorCodes,
  Oauth2ServerErrorResponseError,
  preAuthorizedCodeGrantIdentifier,
  setGlobalConfig,
} from '@openid4vc/oauth2';
import {
  type CredentialIssuerMetadata,
  type IssuerMetadataResult,
  Openid4vciIssuer,
  Openid4vciVersion,
} from '@openid4vc/openid4vci';
import { base64url, compactVerify, importJWK } from 'jose';
import * as z from 'zod';
import { CREDENTIAL_ALG } from '../credential/claims.ts';
import {
  type HolderJwk,
  holderJwkSchema,
  NO_CRIMINAL_RECORD_VCT,
  SD_JWT_VC_FORMAT,
  SELECTIVELY_DISCLOSABLE_CLAIMS,
} from '../credential/sdJwtVc.ts';
import { WalletProtocolError } from './walletProtocolError.ts';

// Loading `@openid4vc/utils` sets zod's error map for the whole process to its own message
// style. Every other function answers with zod's own English messages, and in the local stack
// all functions share one process: without this, a field message would read one way from
// `npm start` and another from the same function in AWS. Set back once the libraries are
// loaded (they are imported here only), so that every process answers alike.
z.config({ customError: undefined });

export const WALLET_PATHS = {
  issuerMetadata: '/.well-known/openid-credential-issuer',
  authorizationServerMetadata: '/.well-known/oauth-authorization-server',
  token: '/v1/wallet/token',
  nonce: '/v1/wallet/nonce',
  credential: '/v1/wallet/credential',
} as const;

/** The one credential configuration this issuer offers. */
export const CREDENTIAL_CONFIGURATION_ID = 'NoCriminalRecordCertificate_dc+sd-jwt';

/** An offer's pre-authorized code lives at most this long (API.md: within 10 minutes). */
export const OFFER_LIFETIME_SECONDS = 600;
export const ACCESS_TOKEN_LIFETIME_SECONDS = 300;
export const NONCE_LIFETIME_SECONDS = 300;
/** How old a key proof's `iat` may be, and how far ahead of the clock (skew). */
export const PROOF_MAX_AGE_SECONDS = 300;
export const PROOF_CLOCK_SKEW_SECONDS = 60;

export { WalletProtocolError };

const trimmed = (baseUrl: string) => baseUrl.replace(/\/+$/, '');

async function sha(data: Uint8Array, alg: HashAlgorithm): Promise<Uint8Array> {
  const name = { [HashAlgorithm.Sha256]: 'SHA-256', [HashAlgorithm.Sha384]: 'SHA-384' }[
    alg as HashAlgorithm.Sha256
  ];
  if (!name) throw new WalletProtocolError(Oauth2ErrorCodes.InvalidRequest, `unsupported ${alg}`);
  return new Uint8Array(await crypto.subtle.digest(name, Uint8Array.from(data)));
}

/**
 * The callbacks the libraries need on the issuer's side: hashing, randomness and ES256
 * signature checks with a public key the JWT itself carries (jose). The issuer signs no JWT
 * through them: credentials are signed through the Signer port (`credential/sdJwtVc.ts`).
 */
const callbacks: Omit<CallbackContext, 'decryptJwe' | 'encryptJwe'> = {
  hash: sha,
  generateRandom: (bytes) => crypto.getRandomValues(new Uint8Array(bytes)),
  clientAuthentication: clientAuthenticationNone({ clientId: 'wallet' }),
  signJwt: () => {
    throw new Error('the wallet issuer signs no JWT through the protocol library');
  },
  verifyJwt: async (signer, jwt) => {
    if (signer.method !== 'jwk' || jwt.header.alg !== CREDENTIAL_ALG) return { verified: false };
    const jwk = holderJwkSchema.safeParse(
      Object.fromEntries(
        Object.entries(signer.publicJwk).filter(([name]) =>
          ['kty', 'crv', 'x', 'y'].includes(name),
        ),
      ),
    );
    if (!jwk.success) return { verified: false };
    try {
      await compactVerify(jwt.compact, await importJWK(jwk.data, CREDENTIAL_ALG), {
        algorithms: [CREDENTIAL_ALG],
      });
      return { verified: true, signerJwk: jwk.data };
    } catch {
      return { verified: false };
    }
  },
};

/** The protocol as this issuer speaks it, for one credential issuer identifier. */
export class WalletProtocol {
  readonly credentialIssuer: string;
  readonly issuerMetadata: CredentialIssuerMetadata;
  readonly authorizationServerMetadata: ReturnType<
    Oauth2AuthorizationServer['createAuthorizationServerMetadata']
  >;
  readonly #issuer = new Openid4vciIssuer({ callbacks });
  readonly #authorizationServer = new Oauth2AuthorizationServer({ callbacks });

  /** `baseUrl` is the credential issuer identifier; plain HTTP only for a loopback stack. */
  constructor(baseUrl: string) {
    this.credentialIssuer = trimmed(baseUrl);
    // The libraries refuse http:// identifiers unless told; only a local stack has one.
    setGlobalConfig({ allowInsecureUrls: new URL(this.credentialIssuer).protocol === 'http:' });
    const at = (path: string) => `${this.credentialIssuer}${path}`;
    this.authorizationServerMetadata = this.#authorizationServer.createAuthorizationServerMetadata({
      issuer: this.credentialIssuer,
      token_endpoint: at(WALLET_PATHS.token),
      grant_types_supported: [preAuthorizedCodeGrantIdentifier],
      token_endpoint_auth_methods_supported: ['none'],
      'pre-authorized_grant_anonymous_access_supported': true,
    });
    this.issuerMetadata = this.#issuer.createCredentialIssuerMetadata({
      credential_issuer: this.credentialIssuer,
      credential_endpoint: at(WALLET_PATHS.credential),
      nonce_endpoint: at(WALLET_PATHS.nonce),
      display: [
        { name: '无犯罪记录证明签发机关', locale: 'zh-CN' },
        { name: 'Issuer of certificates of no criminal record', locale: 'en' },
      ],
      credential_configurations_supported: {
        [CREDENTIAL_CONFIGURATION_ID]: {
          format: SD_JWT_VC_FORMAT,
          vct: NO_CRIMINAL_RECORD_VCT,
          cryptographic_binding_methods_supported: ['jwk'],
          credential_signing_alg_values_supported: [CREDENTIAL_ALG],
          proof_types_supported: {
            jwt: { proof_signing_alg_values_supported: [CREDENTIAL_ALG] },
          },
          credential_metadata: {
            display: [
              { name: '无犯罪记录证明', locale: 'zh-CN' },
              { name: 'Certificate of no criminal record', locale: 'en' },
            ],
            claims: [
              { path: ['statement'] },
              ...SELECTIVELY_DISCLOSABLE_CLAIMS.map((claim) => ({ path: [claim] })),
            ],
          },
        },
      },
    } as CredentialIssuerMetadata);
  }

  /** The metadata as a wallet resolves it (`IssuerMetadataResult` of the libraries). */
  get resolvedMetadata(): IssuerMetadataResult {
    return {
      originalDraftVersion: Openid4vciVersion.V1,
      credentialIssuer: this.issuerMetadata,
      authorizationServers: [this.authorizationServerMetadata],
      knownCredentialConfigurations: this.#issuer.getKnownCredentialConfigurationsSupported(
        this.issuerMetadata,
      ),
    };
  }

  /** `openid-credential-offer://?credential_offer=…` carrying the pre-authorized code. */
  async credentialOfferUri(preAuthorizedCode: string): Promise<string> {
    const { credentialOffer } = await this.#issuer.createCredentialOffer({
      issuerMetadata: this.resolvedMetadata,
      credentialConfigurationIds: [CREDENTIAL_CONFIGURATION_ID],
      grants: { [preAuthorizedCodeGrantIdentifier]: { 'pre-authorized_code': preAuthorizedCode } },
    });
    return credentialOffer;
  }

  /** The token request (form fields as an object): the pre-authorized code it presents. */
  preAuthorizedCodeOf(form: Record<string, unknown>, headers: Record<string, string>): string {
    const parsed = protocolStep(() =>
      this.#authorizationServer.parseAccessTokenRequest({
        accessTokenRequest: form,
        request: {
          method: 'POST',
          url: `${this.credentialIssuer}${WALLET_PATHS.token}`,
          headers: new Headers(headers),
        },
      }),
    );
    const { grant } = parsed;
    if (grant.grantType !== preAuthorizedCodeGrantIdentifier) {
      throw new WalletProtocolError(
        Oauth2ErrorCodes.UnsupportedGrantType,
        'only the pre-authorized code grant',
      );
    }
    if (grant.txCode !== undefined) {
      throw new WalletProtocolError(Oauth2ErrorCodes.InvalidRequest, 'no tx_code was asked for');
    }
    return grant.preAuthorizedCode;
  }

  /** The credential request's one `jwt` proof, after checking it asks for this credential. */
  proofOf(body: Record<string, unknown>): string {
    const parsed = protocolStep(() =>
      this.#issuer.parseCredentialRequest({
        issuerMetadata: this.resolvedMetadata,
        credentialRequest: body,
      }),
    );
    if (parsed.credentialConfigurationId !== CREDENTIAL_CONFIGURATION_ID) {
      throw new WalletProtocolError(
        'invalid_credential_request',
        `credential_configuration_id must be ${CREDENTIAL_CONFIGURATION_ID}`,
      );
    }
    const proofs = parsed.proofs?.jwt;
    if (proofs?.length !== 1 || typeof proofs[0] !== 'string') {
      throw new WalletProtocolError('invalid_proof', 'exactly one proof of type jwt is required');
    }
    return proofs[0];
  }

  /** The `nonce` a proof claims, read before its signature is checked (to find the nonce). */
  claimedNonceOf(proof: string): string {
    try {
      const [, payload] = proof.split('.');
      const nonce = JSON.parse(new TextDecoder().decode(base64url.decode(payload ?? ''))).nonce;
      if (typeof nonce === 'string' && nonce.length > 0 && nonce.length <= 100) return nonce;
    } catch {}
    throw new WalletProtocolError(
      'invalid_nonce',
      'the proof carries no nonce from the nonce endpoint',
    );
  }

  /**
   * Verifies the key proof: `typ`, ES256 signature by the JWK in its header, `aud`, `nonce`
   * (the one just used up) and `iat` freshness. Returns the holder's key for `cnf.jwk`.
   */
  async verifyKeyProof(proof: string, nonce: string, now: Date): Promise<HolderJwk> {
    const verified = await protocolStep(() =>
      this.#issuer.verifyCredentialRequestJwtProof({
        issuerMetadata: this.resolvedMetadata,
        jwt: proof,
        expectedNonce: nonce,
        now,
      }),
    );
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const { iat } = verified.payload;
    if (iat > nowSeconds + PROOF_CLOCK_SKEW_SECONDS || iat < nowSeconds - PROOF_MAX_AGE_SECONDS) {
      throw new WalletProtocolError('invalid_proof', 'the proof is not fresh (iat)');
    }
    const jwk = holderJwkSchema.safeParse(verified.signer.publicJwk);
    if (!jwk.success || verified.header.jwk === undefined) {
      throw new WalletProtocolError('invalid_proof', 'the proof must carry a P-256 jwk');
    }
    return jwk.data;
  }
}

/** A library refusal, as the protocol error it names (never its internal message). */
function protocolStep<T>(step: () => T): T {
  const rethrow = (error: unknown): never => {
    if (error instanceof Oauth2ServerErrorResponseError) {
      const { error: code, error_description: description } = error.errorResponse;
      throw new WalletProtocolError(code, description ?? code, error.status ?? 400);
    }
    throw new WalletProtocolError(Oauth2ErrorCodes.InvalidRequest, 'the request is not valid');
  };
  try {
    const result = step();
    return (result instanceof Promise ? result.catch(rethrow) : result) as T;
  } catch (error) {
    return rethrow(error);
  }
}
