/**
 * Presentation verification throughput: `verifyPresentation` (the issuer's signature, the
 * disclosures, the key binding; in Node through the signature port's node:crypto adapter)
 * against raw node:crypto doing just the two ES256 signature checks each presentation needs,
 * in alternating rounds, as one ratio.
 * `npm run bench -- presentations`.
 */
import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { base64url, exportJWK, generateKeyPair } from 'jose';
import {
  ensureLocalSigningKey,
  LocalFileSigner,
  LocalKeyPublicKeySource,
} from '../shared/adapters/local/localSigner.ts';
import { buildDidDocument, buildTrustBundle } from '../shared/domain/credential/didDocument.ts';
import { type HolderJwk, issueSdJwtVc, sdJwtHasher } from '../shared/domain/credential/sdJwtVc.ts';
import { verifyPresentation } from '../shared/domain/credential/verifyPresentation.ts';
import { type Measurement, measure } from './measure.ts';

const ISSUER = 'did:web:127.0.0.1%3A3000';
const ROUNDS = 3;
const ROUND = { ms: 1_000, warmUpMs: 300 };

export async function runPresentationsBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'presentations-bench-'));
  try {
    ensureLocalSigningKey(dir);
    const keys = await new LocalKeyPublicKeySource(dir).listKeys();
    const bundle = buildTrustBundle([buildDidDocument({ did: ISSUER, keys })]);
    const holder = await generateKeyPair('ES256', { extractable: true });
    const { kty, crv, x, y } = await exportJWK(holder.publicKey);
    const { credential } = await issueSdJwtVc({
      issuer: { did: ISSUER },
      signer: LocalFileSigner.fromDirectory(dir),
      subject: { name: '测试甲', nationalIdMasked: '990105********1234' },
      purpose: 'employment',
      holderJwk: { kty, crv, x, y } as HolderJwk,
      now: new Date(),
      validityDays: 90,
    });
    const presentation = await new SDJwtVcInstance({
      hasher: sdJwtHasher,
      kbSignAlg: 'ES256',
      kbSigner: async (data) =>
        base64url.encode(
          new Uint8Array(
            await crypto.subtle.sign(
              { name: 'ECDSA', hash: 'SHA-256' },
              holder.privateKey as CryptoKey,
              new TextEncoder().encode(data),
            ),
          ),
        ),
    }).present(
      credential,
      { name: true, purpose: true },
      {
        kb: {
          payload: {
            aud: 'https://verifier.example',
            nonce: 'n-1',
            iat: Math.floor(Date.now() / 1000),
          },
        },
      },
    );
    const options = { nonce: 'n-1', audience: 'https://verifier.example', maxAgeSeconds: 3_600 };

    // The floor: the two signatures alone, by node:crypto, inputs prepared beforehand.
    const issuerJwt = presentation.slice(0, presentation.indexOf('~'));
    const kbJwt = presentation.slice(presentation.lastIndexOf('~') + 1);
    const checks = [
      [issuerJwt, createPublicKey({ key: keys[0]?.publicKeyJwk ?? {}, format: 'jwk' })],
      [kbJwt, createPublicKey({ key: { kty, crv, x, y } as never, format: 'jwk' })],
    ].map(([jwt, key]) => {
      const [header, payload, signature] = String(jwt).split('.');
      return {
        input: Buffer.from(`${header}.${payload}`),
        signature: Buffer.from(signature ?? '', 'base64url'),
        key: { key: key as ReturnType<typeof createPublicKey>, dsaEncoding: 'ieee-p1363' as const },
      };
    });

    const ours = async () => {
      if (!(await verifyPresentation(presentation, bundle, options)).valid) {
        throw new Error('not valid');
      }
    };
    const baseline = () => {
      for (const { input, signature, key } of checks) {
        if (!verify('sha256', input, key, signature)) throw new Error('not valid');
      }
    };
    const samples: { ours: Measurement[]; baseline: Measurement[] } = { ours: [], baseline: [] };
    for (let round = 1; round <= ROUNDS; round++) {
      samples.ours.push(await measure(`verifyPresentation, round ${round}`, ours, ROUND));
      samples.baseline.push(
        await measure(`node:crypto, two ES256 verifies, round ${round}`, baseline, ROUND),
      );
    }
    const oursRate = overallRate(samples.ours);
    const baselineRate = overallRate(samples.baseline);
    console.log(
      `presentations: ${Math.round(oursRate)}/s; node:crypto (two signatures each) ${Math.round(baselineRate)}/s; ratio ${(oursRate / baselineRate).toFixed(2)}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function overallRate(samples: Measurement[]): number {
  const ops = samples.reduce((sum, { ops }) => sum + ops, 0);
  const seconds = samples.reduce((sum, { ops, opsPerSecond }) => sum + ops / opsPerSecond, 0);
  return ops / seconds;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runPresentationsBench();
}
