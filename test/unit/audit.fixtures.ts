/**
 * Shared fixtures for the audit tests: P-256 audit keys signing C2SP checkpoints, a Merkle
 * tree held in memory the way the sequencer stores it, and exports laid out line by line as
 * API.md (Oversight) describes them — built from the domain's own pieces, so that a test can
 * forge exactly one thing and watch the verifier name it.
 */
import { createPublicKey } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { type NoteKey, noteKeyOf, signCheckpoint } from '#shared/domain/audit/checkpoint.ts';
import { type AuditEntry, leafText, toBase64 } from '#shared/domain/audit/entry.ts';
import {
  CompactRange,
  consistencyProof,
  type Hash,
  inclusionProof,
  leafHash,
  type NodeSource,
  prefixSubtrees,
  rangeSubtrees,
} from '#shared/domain/audit/merkle.ts';
import { canonicalJson } from '#shared/domain/canonicalJson.ts';
import type { Signer } from '#shared/domain/signing.ts';

export type AuditKey = {
  origin: string;
  spki: Uint8Array;
  jwk: object;
  signer: Signer;
  noteKey: NoteKey;
};

/** A fresh audit key of the issuer `did:web:<host>` (origin `<host>/audit`). */
export function auditKey(host = 'credentials.example.gov.cn', keyId = 'audit-1'): AuditKey {
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
  const jwk = publicKey.export({ format: 'jwk' });
  const signer: Signer = {
    keyId,
    // ES256 over the message (noble hashes it), DER as KMS Sign returns it.
    sign: async (message) => p256.sign(message, secretKey, { format: 'der' }),
  };
  return {
    origin: `${host}/audit`,
    spki,
    jwk,
    signer,
    noteKey: noteKeyOf(`did:web:${host}#${keyId}`, jwk),
  };
}

export async function noteOf(key: AuditKey, size: number, root: Hash, origin = key.origin) {
  return signCheckpoint({ origin, size, root }, key.signer, key.spki);
}

/** The entry the sequencer would have given index `index`. */
export function entryAt(index: number): AuditEntry {
  return {
    index,
    eventId: `record.submit:record-${index}`,
    at: `2026-12-01T08:${String(Math.floor(index / 60) % 60).padStart(2, '0')}:${String(index % 60).padStart(2, '0')}.000Z`,
    actor: { sub: 'judge-1', role: 'court', org: 'court-1' },
    action: 'record.submit',
    target: `record-${index}`,
    legalBasis: ['IM art. 11'],
    outcome: 'done',
  };
}

/** A tree of `size` entries, held as the sequencer holds it: leaves and completed nodes. */
export function treeOf(size: number) {
  const entries = Array.from({ length: size }, (_, i) => entryAt(i));
  const texts = entries.map(leafText);
  const leaves = texts.map((text) => leafHash(text));
  const stored = new Map<string, Hash>();
  const range = CompactRange.empty();
  leaves.forEach((hash, index) => {
    stored.set(`0/${index}`, hash);
    range.append(0, hash, (subtree, node) => stored.set(`${subtree.level}/${subtree.index}`, node));
  });
  const nodes: NodeSource = {
    async perfect({ level, index }) {
      const hash = stored.get(`${level}/${index}`);
      if (!hash) throw new Error(`no node ${level}/${index}`);
      return hash;
    },
  };
  /** The root of the tree's first `m` leaves. */
  const rootAt = (m: number): Hash => {
    const prefix = CompactRange.empty();
    for (const leaf of leaves.slice(0, m)) prefix.append(0, leaf);
    return prefix.root();
  };
  return { entries, texts, leaves, nodes, root: range.root(), rootAt };
}

export type ExportOptions = {
  size: number;
  start?: number;
  end?: number;
  /** Sizes of earlier checkpoints, each followed by its consistency proof. */
  earlier?: number[];
  from?: string;
  to?: string;
  exportedAt?: string;
};

export const line = (value: object) => canonicalJson(value);

/** An export exactly as `GET /v1/audit` lays it out, signed by `key`. */
export async function exportOf(key: AuditKey, options: ExportOptions) {
  const { size, earlier = [], exportedAt = '2026-12-02T09:00:00.000Z' } = options;
  const start = options.start ?? 0;
  const end = options.end ?? size;
  const tree = treeOf(size);
  const lines: string[] = [];
  for (const m of earlier) {
    lines.push(line({ type: 'checkpoint', note: await noteOf(key, m, tree.rootAt(m)) }));
    lines.push(
      line({
        type: 'proof',
        proof: 'consistency',
        size: m,
        treeSize: size,
        hashes: (await consistencyProof(tree.nodes, m, size)).map(toBase64),
      }),
    );
  }
  lines.push(...tree.texts.slice(start, end));
  const perfect = (subtrees: { level: number; index: number }[]) =>
    Promise.all(subtrees.map((subtree) => tree.nodes.perfect(subtree)));
  lines.push(
    line({
      type: 'proof',
      proof: 'window',
      treeSize: size,
      start,
      end,
      left: (await perfect(prefixSubtrees(start))).map(toBase64),
      right: (await perfect(rangeSubtrees(end, size))).map(toBase64),
      exportedAt,
      ...(options.from === undefined ? {} : { from: options.from }),
      ...(options.to === undefined ? {} : { to: options.to }),
    }),
  );
  for (const index of end > start ? [...new Set([start, end - 1])] : []) {
    lines.push(
      line({
        type: 'proof',
        proof: 'inclusion',
        index,
        treeSize: size,
        hashes: (await inclusionProof(tree.nodes, index, size)).map(toBase64),
      }),
    );
  }
  lines.push(line({ type: 'checkpoint', note: await noteOf(key, size, tree.root) }));
  return { lines, tree };
}
