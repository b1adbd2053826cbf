/**
 * Offline verification throughput: this project's `verifyCredential` (in Node, the
 * node:crypto adapter of the signature port) against raw node:crypto ES256 verification of
 * the same credential — the limit, since the signature check is most of the work — with the
 * WebCrypto adapter (what the browser page uses) and did-jwt-vc's own verifier for reference.
 * `npm run bench -- verify`, or `node bench/verify.ts`.
 * Goal: verify ≥ 0.8 × the node:crypto baseline, measured in alternating 1 s rounds (5 each).
 */
import { createPublicKey, randomUUID, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { verifyCredential as didJwtVcVerifyCredential } from 'did-jwt-vc';
import {
  ensureLocalSigningKey,
  LocalFileSigner,
  LocalKeyPublicKeySource,
} from '../shared/adapters/local/localSigner.ts';
import { buildDidDocument, buildTrustBundle } from '../shared/domain/credential/didDocument.ts';
import { issueCredential } from '../shared/domain/credential/issueCredential.ts';
import { verifyCredential } from '../shared/domain/credential/verifyCredential.ts';
import { webCryptoSignatureVerifier } from '../shared/domain/credential/webCryptoSignatureVerifier.ts';
import { type Measurement, measure } from './measure.ts';

const issuer = { did: 'did:web:127.0.0.1%3A3000', baseUrl: 'http://127.0.0.1:3000' };
const ROUNDS = 5;
const ROUND = { ms: 1_000, warmUpMs: 300 };

export async function runVerifyBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'verify-bench-'));
  try {
    ensureLocalSigningKey(dir);
    const keys = await new LocalKeyPublicKeySource(dir).listKeys();
    const didDocument = buildDidDocument({ did: issuer.did, keys });
    const bundle = buildTrustBundle([didDocument]);
    const { credential } = await issueCredential({
      issuer,
      signer: LocalFileSigner.fromDirectory(dir),
      subject: { name: '测试甲', nationalIdMasked: '990105********1234' },
      purpose: 'employment',
      now: new Date(),
      validityDays: 90,
      certificateId: `urn:uuid:${randomUUID()}`,
    });

    const [header, payload, signature] = credential.split('.') as [string, string, string];
    const signingInput = Buffer.from(`${header}.${payload}`);
    const jose = Buffer.from(signature, 'base64url');
    const publicKey = createPublicKey({ key: keys[0]?.publicKeyJwk ?? {}, format: 'jwk' });
    const resolver = {
      resolve: async () => ({ didDocument, didDocumentMetadata: {}, didResolutionMetadata: {} }),
    };

    const ours = async () => {
      if (!(await verifyCredential(credential, bundle)).valid) throw new Error('not valid');
    };
    const webCrypto = async () => {
      const options = { signatureVerifier: webCryptoSignatureVerifier };
      if (!(await verifyCredential(credential, bundle, options)).valid)
        throw new Error('not valid');
    };
    const baseline = () => {
      const options = { key: publicKey, dsaEncoding: 'ieee-p1363' } as const;
      if (!verify('sha256', signingInput, options, jose)) throw new Error('not valid');
    };
    const reference = async () => {
      await didJwtVcVerifyCredential(credential, resolver as never, {
        proofPurpose: 'assertionMethod',
      });
    };

    // Alternating rounds, so that load from elsewhere on the machine hits both figures alike.
    const samples: { ours: Measurement[]; baseline: Measurement[] } = { ours: [], baseline: [] };
    for (let round = 1; round <= ROUNDS; round++) {
      samples.ours.push(await measure(`verifyCredential, round ${round}`, ours, ROUND));
      samples.baseline.push(
        await measure(`node:crypto ES256 verify, round ${round}`, baseline, ROUND),
      );
    }
    const webCryptoRate = (
      await measure('verifyCredential, WebCrypto adapter (reference)', webCrypto, ROUND)
    ).opsPerSecond;
    await measure('did-jwt-vc verifyCredential (reference)', reference, ROUND);
    const oursRate = overallRate(samples.ours);
    const baselineRate = overallRate(samples.baseline);
    const oursCpu = cpuRate(samples.ours);
    const baselineCpu = cpuRate(samples.baseline);

    console.log(
      `verify: ${Math.round(oursRate)}/s; node:crypto baseline ${Math.round(baselineRate)}/s; ratio ${(oursRate / baselineRate).toFixed(2)} ` +
        `(goal ≥ 0.80; WebCrypto adapter ${Math.round(webCryptoRate)}/s, ${(webCryptoRate / baselineRate).toFixed(2)})`,
    );
    // Per CPU-second: the same comparison with time the machine gave to other work left out.
    console.log(
      `verify per CPU-second: ${Math.round(oursCpu)}/s; node:crypto baseline ${Math.round(baselineCpu)}/s; ratio ${(oursCpu / baselineCpu).toFixed(2)}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function cpuRate(samples: Measurement[]): number {
  const ops = samples.reduce((sum, { ops }) => sum + ops, 0);
  const micros = samples.reduce((sum, { ops, cpuMicrosPerOp }) => sum + ops * cpuMicrosPerOp, 0);
  return (ops * 1_000_000) / micros;
}

function overallRate(samples: Measurement[]): number {
  const ops = samples.reduce((sum, { ops }) => sum + ops, 0);
  const seconds = samples.reduce((sum, { ops, opsPerSecond }) => sum + ops / opsPerSecond, 0);
  return ops / seconds;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runVerifyBench();
}
