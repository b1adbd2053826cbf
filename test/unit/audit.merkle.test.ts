/**
 * The audit log's Merkle tree (RFC 9162 §2.1) against independent implementations: roots
 * against a naive MTH written here from the RFC's definition; inclusion proofs against
 * `@sigstore/verify`'s RFC 6962 verifier (Sigstore's own code, not this repository's);
 * consistency proofs by rebuilding both roots from the leaves; window proofs against the
 * naive root; and a checkpoint signed through the Signer port parsed and verified by
 * Sigstore's C2SP signed-note checkpoint code.
 */
import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';
import { p256 } from '@noble/curves/nist.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkpointText,
  ecdsaKeyId,
  noteKeyOf,
  signCheckpoint,
  verifyCheckpointNote,
} from '#shared/domain/audit/checkpoint.ts';
import {
  CompactRange,
  consistencyProof,
  type Hash,
  inclusionProof,
  leafHash,
  type NodeSource,
  prefixSubtrees,
  rangeSubtrees,
  verifyConsistency,
  verifyInclusion,
  windowRoot,
} from '#shared/domain/audit/merkle.ts';
import type { Signer } from '#shared/ports/signer.ts';

const require = createRequire(import.meta.url);
const sigstoreMerkle = require('@sigstore/verify/dist/tlog/merkle.js') as {
  verifyMerkleInclusion(
    entry: {
      canonicalizedBody: Buffer;
      inclusionProof: { logIndex: string; hashes: Buffer[]; rootHash?: Buffer };
    },
    checkpoint: { logSize: bigint; logHash: Buffer },
  ): void;
};
const sigstoreCheckpoint = require('@sigstore/verify/dist/tlog/checkpoint.js') as {
  verifyCheckpoint(
    entry: { inclusionProof: { checkpoint: { envelope: string } } },
    tlogs: { logID: Buffer; baseURL: string; publicKey: unknown }[],
  ): { origin: string; logSize: bigint; logHash: Buffer; rest: string[] };
};

/** MTH straight from RFC 9162 §2.1.1, over leaf texts. */
function naiveRoot(leaves: readonly string[]): Buffer {
  const sha = (...parts: Uint8Array[]) => {
    const h = createHash('sha256');
    for (const p of parts) h.update(p);
    return h.digest();
  };
  if (leaves.length === 0) return sha();
  if (leaves.length === 1) return sha(Buffer.from([0]), Buffer.from(leaves[0] as string));
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return sha(Buffer.from([1]), naiveRoot(leaves.slice(0, k)), naiveRoot(leaves.slice(k)));
}

/** A tree held in memory the way the sequencer stores it: leaves and completed nodes. */
function treeOf(leaves: readonly string[]): { nodes: NodeSource; range: CompactRange } {
  const stored = new Map<string, Hash>();
  const range = CompactRange.empty();
  leaves.forEach((leaf, index) => {
    const hash = leafHash(leaf);
    stored.set(`0/${index}`, hash);
    range.append(0, hash, (subtree, node) => stored.set(`${subtree.level}/${subtree.index}`, node));
  });
  return {
    range,
    nodes: {
      async perfect({ level, index }) {
        const hash = stored.get(`${level}/${index}`);
        if (!hash) throw new Error(`no node ${level}/${index}`);
        return hash;
      },
    },
  };
}

const leavesOf = (n: number) => Array.from({ length: n }, (_, i) => `{"index":${i}}`);

describe('the audit Merkle tree', () => {
  it('has the root RFC 9162 defines, for every size up to 70', () => {
    for (let n = 0; n <= 70; n++) {
      const leaves = leavesOf(n);
      expect(Buffer.from(treeOf(leaves).range.root()).equals(naiveRoot(leaves)), `size ${n}`).toBe(
        true,
      );
    }
  });

  it('gives inclusion proofs that Sigstore’s RFC 6962 verifier accepts, and rejects when changed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 300 }), fc.nat(), async (n, pick) => {
        const leaves = leavesOf(n);
        const m = pick % n;
        const { nodes } = treeOf(leaves);
        const path = await inclusionProof(nodes, m, n);
        const root = naiveRoot(leaves);
        const entry = (body: string) => ({
          canonicalizedBody: Buffer.from(body),
          inclusionProof: { logIndex: String(m), hashes: path.map((h) => Buffer.from(h)) },
        });
        sigstoreMerkle.verifyMerkleInclusion(entry(leaves[m] as string), {
          logSize: BigInt(n),
          logHash: root,
        });
        expect(() =>
          sigstoreMerkle.verifyMerkleInclusion(entry(`${leaves[m]} `), {
            logSize: BigInt(n),
            logHash: root,
          }),
        ).toThrow();
        expect(verifyInclusion(m, n, leafHash(leaves[m] as string), path, root)).toBe(true);
        expect(verifyInclusion(m, n, leafHash('x'), path, root)).toBe(false);
      }),
      { numRuns: 150 },
    );
  });

  it('gives consistency proofs between any two sizes, checked against roots rebuilt from the leaves', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 200 }), fc.nat(), async (n, pick) => {
        const m = 1 + (pick % n);
        const leaves = leavesOf(n);
        const proof = await consistencyProof(treeOf(leaves).nodes, m, n);
        const first = naiveRoot(leaves.slice(0, m));
        const second = naiveRoot(leaves);
        expect(verifyConsistency(m, n, first, second, proof)).toBe(true);
        // A forked prefix: the same size, one leaf different.
        const forked = [...leaves.slice(0, m - 1), '{"forged":true}'];
        expect(verifyConsistency(m, n, naiveRoot(forked), second, proof)).toBe(false);
      }),
      { numRuns: 150 },
    );
  });

  it('proves a window by its two compact ranges', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 150 }), fc.nat(), fc.nat(), async (n, a, b) => {
        const start = n === 0 ? 0 : a % (n + 1);
        const end = start + (n === 0 ? 0 : b % (n - start + 1));
        const leaves = leavesOf(n);
        const { nodes } = treeOf(leaves);
        const left = await Promise.all(prefixSubtrees(start).map((s) => nodes.perfect(s)));
        const right = await Promise.all(rangeSubtrees(end, n).map((s) => nodes.perfect(s)));
        const window = leaves.slice(start, end).map((leaf) => leafHash(leaf));
        const root = windowRoot(n, start, window, left, right);
        expect(root && Buffer.from(root).equals(naiveRoot(leaves))).toBe(true);
        if (window.length > 1) {
          const swapped = [window[1] as Hash, window[0] as Hash, ...window.slice(2)];
          const wrong = windowRoot(n, start, swapped, left, right);
          expect(wrong && Buffer.from(wrong).equals(naiveRoot(leaves))).toBe(false);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('C2SP checkpoints', () => {
  const secretKey = p256.utils.randomSecretKey();
  const publicKey = createPublicKey({
    key: Buffer.concat([
      Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex'),
      p256.getPublicKey(secretKey, false),
    ]),
    format: 'der',
    type: 'spki',
  });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const signer: Signer = {
    keyId: 'audit-1',
    // ES256 over the message (noble hashes it), DER as KMS Sign returns it.
    sign: async (message) => p256.sign(message, secretKey, { format: 'der' }),
  };
  const origin = 'credentials.example.gov.cn/audit';
  const root = createHash('sha256').update('root').digest();

  it('are signed notes Sigstore’s checkpoint code parses and verifies (key ID: SHA-256 of the SPKI)', async () => {
    const note = await signCheckpoint({ origin, size: 42, root }, signer, spki);
    expect(note.startsWith(checkpointText({ origin, size: 42, root }))).toBe(true);
    expect(note).toMatch(
      /^credentials\.example\.gov\.cn\/audit\n42\n[A-Za-z0-9+/]{43}=\n\n\u2014 credentials\.example\.gov\.cn\/audit [A-Za-z0-9+/=]+\n$/,
    );
    const tlog = {
      logID: createHash('sha256').update(spki).digest(),
      baseURL: `https://${origin}`,
      publicKey,
    };
    const checkpoint = sigstoreCheckpoint.verifyCheckpoint(
      { inclusionProof: { checkpoint: { envelope: note } } },
      [tlog],
    );
    expect(checkpoint.origin).toBe(origin);
    expect(checkpoint.logSize).toBe(42n);
    expect(checkpoint.logHash.equals(root)).toBe(true);
    expect(Buffer.from(ecdsaKeyId(spki)).equals(tlog.logID.subarray(0, 4))).toBe(true);
    const tampered = note.replace('\n42\n', '\n43\n');
    expect(() =>
      sigstoreCheckpoint.verifyCheckpoint(
        { inclusionProof: { checkpoint: { envelope: tampered } } },
        [tlog],
      ),
    ).toThrow();
  });

  it('verify strictly here too: the size changed, an extension line, an unknown key', async () => {
    const note = await signCheckpoint({ origin, size: 42, root }, signer, spki);
    const jwk = publicKey.export({ format: 'jwk' });
    const key = { ...noteKeyOf('did:web:credentials.example.gov.cn#audit-1', jwk) };
    expect(verifyCheckpointNote(note, [key])).toMatchObject({ valid: true, size: 42, origin });
    expect(verifyCheckpointNote(note.replace('\n42\n', '\n43\n'), [key])).toEqual({
      valid: false,
      reason: 'bad-signature',
    });
    const [body, signatures] = note.split('\n\n') as [string, string];
    expect(verifyCheckpointNote(`${body}\nextra\n\n${signatures}`, [key])).toMatchObject({
      valid: false,
      reason: 'malformed',
    });
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
      format: 'jwk',
    });
    expect(
      verifyCheckpointNote(note, [noteKeyOf('did:web:credentials.example.gov.cn#audit-2', other)]),
    ).toEqual({ valid: false, reason: 'unknown-key' });
  });
});
