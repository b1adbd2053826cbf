/**
 * A wallet for tests, written on the client side of `@openid4vc/openid4vci` — an OpenID4VCI
 * implementation independent of this issuer — with its own P-256 key held by jose.
 */
import { createHash } from 'node:crypto';
import {
  clientAuthenticationAnonymous,
  HashAlgorithm,
  type Jwk,
  setGlobalConfig,
} from '@openid4vc/oauth2';
import { type IssuerMetadataResult, Openid4vciClient } from '@openid4vc/openid4vci';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { base64url, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import * as z from 'zod';
import { sdJwtHasher } from '#shared/domain/credential/sdJwtVc.ts';

// The OpenID4VCI libraries set zod's error map for the whole process when they load. The
// wallet is another party: set back, so that whatever shares this process (the local stack's
// functions, other test files) reads zod's own messages, as the issuer's wallet module does.
z.config({ customError: undefined });

export type TestWallet = Awaited<ReturnType<typeof createTestWallet>>;

export async function createTestWallet() {
  // The local stack's issuer is plain HTTP on loopback.
  setGlobalConfig({ allowInsecureUrls: true });
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = (await exportJWK(publicKey)) as JWK & Jwk;
  const client = new Openid4vciClient({
    callbacks: {
      fetch,
      hash: (data, alg) =>
        createHash(alg === HashAlgorithm.Sha256 ? 'sha256' : 'sha384')
          .update(data)
          .digest(),
      generateRandom: (bytes) => crypto.getRandomValues(new Uint8Array(bytes)),
      clientAuthentication: clientAuthenticationAnonymous(),
      signJwt: async (_signer, { header, payload }) => ({
        jwt: await new SignJWT(payload).setProtectedHeader(header as never).sign(privateKey),
        signerJwk: publicJwk,
      }),
    },
  });
  const signer = { method: 'jwk' as const, alg: 'ES256', publicJwk };

  /** A proof of this wallet's key for `nonce`, optionally with another `iat` or audience. */
  async function proof(
    issuerMetadata: IssuerMetadataResult,
    nonce: string,
    options: { issuedAt?: Date } = {},
  ) {
    const { jwt } = await client.createCredentialRequestJwtProof({
      issuerMetadata,
      signer,
      nonce,
      issuedAt: options.issuedAt,
      credentialConfigurationId: Object.keys(
        issuerMetadata.credentialIssuer.credential_configurations_supported,
      )[0] as string,
    });
    return jwt;
  }

  /** The whole pre-authorized code flow from an offer URI to the credential. */
  async function receive(credentialOfferUri: string) {
    const credentialOffer = await client.resolveCredentialOffer(credentialOfferUri);
    const issuerMetadata = await client.resolveIssuerMetadata(credentialOffer.credential_issuer);
    const { accessTokenResponse } = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({
      credentialOffer,
      issuerMetadata,
    });
    const { c_nonce } = await client.requestNonce({ issuerMetadata });
    const jwt = await proof(issuerMetadata, c_nonce);
    const credentialConfigurationId = credentialOffer.credential_configuration_ids[0] as string;
    const { credentialResponse } = await client.retrieveCredentials({
      issuerMetadata,
      accessToken: accessTokenResponse.access_token,
      credentialConfigurationId,
      proofs: { jwt: [jwt] },
    });
    const credential = (credentialResponse.credentials?.[0] as { credential?: unknown })
      ?.credential;
    if (typeof credential !== 'string') throw new Error('no credential in the response');
    return {
      credential,
      credentialOffer,
      issuerMetadata,
      accessToken: accessTokenResponse.access_token,
      proofJwt: jwt,
      nonce: c_nonce,
    };
  }

  /**
   * A presentation (`<sd-jwt>~<disclosures>~<kb-jwt>`) disclosing only `disclose`, with a
   * key-binding JWT for `audience` and `nonce`, made by `@sd-jwt/sd-jwt-vc`.
   */
  async function present(
    credential: string,
    disclose: readonly string[],
    kb: { audience: string; nonce: string; issuedAt?: Date },
  ) {
    const sdJwtVc = new SDJwtVcInstance({
      hasher: sdJwtHasher,
      kbSignAlg: 'ES256',
      kbSigner: async (data) =>
        base64url.encode(
          new Uint8Array(
            await crypto.subtle.sign(
              { name: 'ECDSA', hash: 'SHA-256' },
              privateKey as CryptoKey,
              new TextEncoder().encode(data),
            ),
          ),
        ),
    });
    return sdJwtVc.present(credential, Object.fromEntries(disclose.map((claim) => [claim, true])), {
      kb: {
        payload: {
          aud: kb.audience,
          nonce: kb.nonce,
          iat: Math.floor((kb.issuedAt ?? new Date()).getTime() / 1000),
        },
      },
    });
  }

  return { client, publicJwk, privateKey, signer, proof, receive, present };
}
