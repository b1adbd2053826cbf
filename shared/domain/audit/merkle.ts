/**
 * The audit log's Merkle tree, hashed as RFC 9162 §2.1 (Certificate Transparency v2) says:
 * a leaf's hash is SHA-256(0x00 || leaf), an interior node's SHA-256(0x01 || left || right),
 * the empty tree's SHA-256 of nothing; a tree of n leaves splits at the largest power of two
 * below n. DESIGN.md invariant 5.
 *
 * Besides the RFC's inclusion (§2.1.3) and consistency (§2.1.4) proofs, a window of
 * consecutive leaves is proven by its two *compact ranges* (as in transparency-dev's
 * `compact` package): the perfect subtrees left of the window and right of it. Appending the
 * window's leaves to the left range, then the right range's subtrees, must give the signed
 * root — so nothing in the window can be changed, dropped, inserted or reordered.
 *
 * Pure: no storage, no I/O. Subtree hashes come from a `NodeSource` (the sequencer's table).
 */
import { createHash } from 'node:crypto';

export type Hash = Uint8Array;

export function leafHash(leaf: string | Uint8Array): Hash {
  return createHash('sha256').update(Uint8Array.of(0)).update(leaf).digest();
}

export function nodeHash(left: Hash, right: Hash): Hash {
  return createHash('sha256').update(Uint8Array.of(1)).update(left).update(right).digest();
}

export const EMPTY_TREE_HASH: Hash = createHash('sha256').digest();

export function equalHashes(a: Hash, b: Hash): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** The largest power of two strictly below n (n ≥ 2), as the RFC splits a tree. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** A perfect subtree: 2^level leaves starting at leaf index × 2^level. */
export type Subtree = { level: number; index: number };

/** The perfect subtrees that make up leaves [0, size), largest first (its set bits). */
export function prefixSubtrees(size: number): Subtree[] {
  const subtrees: Subtree[] = [];
  let start = 0;
  for (let level = Math.floor(Math.log2(Math.max(size, 1))) + 1; level >= 0; level--) {
    const width = 2 ** level;
    if (start + width <= size) {
      subtrees.push({ level, index: start / width });
      start += width;
    }
  }
  return subtrees;
}

/** The maximal aligned perfect subtrees that make up leaves [start, end), left to right. */
export function rangeSubtrees(start: number, end: number): Subtree[] {
  const subtrees: Subtree[] = [];
  let at = start;
  while (at < end) {
    let level = 0;
    while (at % 2 ** (level + 1) === 0 && at + 2 ** (level + 1) <= end) level += 1;
    subtrees.push({ level, index: at / 2 ** level });
    at += 2 ** level;
  }
  return subtrees;
}

/**
 * The compact range of leaves [0, size): one hash per perfect subtree, largest first. The
 * sequencer keeps it to append leaves and compute the root without reading the tree back.
 */
export class CompactRange {
  private levels: number[];
  private hashes: Hash[];
  private end: number;
  private constructor(levels: number[], hashes: Hash[], end: number) {
    this.levels = levels;
    this.hashes = hashes;
    this.end = end;
  }

  static empty(): CompactRange {
    return new CompactRange([], [], 0);
  }

  /** The range of [0, size) from its subtree hashes (levels follow from size). */
  static of(size: number, hashes: readonly Hash[]): CompactRange {
    const levels = prefixSubtrees(size).map(({ level }) => level);
    if (levels.length !== hashes.length) throw new RangeError('wrong number of range hashes');
    return new CompactRange(levels, [...hashes], size);
  }

  get size(): number {
    return this.end;
  }

  get subtreeHashes(): readonly Hash[] {
    return this.hashes;
  }

  /**
   * Appends a perfect subtree starting where the range ends (a leaf is level 0). Reports each
   * interior node completed on the way, so that the caller can store it.
   */
  append(level: number, hash: Hash, completed?: (node: Subtree, hash: Hash) => void): void {
    if (this.end % 2 ** level !== 0) throw new RangeError('subtree not aligned with the range');
    this.levels.push(level);
    this.hashes.push(hash);
    this.end += 2 ** level;
    while (this.levels.length >= 2 && this.levels.at(-1) === this.levels.at(-2)) {
      const right = this.hashes.pop() as Hash;
      const left = this.hashes.pop() as Hash;
      this.levels.pop();
      const merged = (this.levels.pop() as number) + 1;
      const combined = nodeHash(left, right);
      this.levels.push(merged);
      this.hashes.push(combined);
      completed?.({ level: merged, index: (this.end - 2 ** merged) / 2 ** merged }, combined);
    }
  }

  /** MTH of leaves [0, size): the subtrees folded from the right (RFC 9162 §2.1.1). */
  root(): Hash {
    if (this.hashes.length === 0) return EMPTY_TREE_HASH;
    let root = this.hashes.at(-1) as Hash;
    for (let i = this.hashes.length - 2; i >= 0; i--) root = nodeHash(this.hashes[i] as Hash, root);
    return root;
  }
}

/** Where proofs read subtree hashes from: a perfect subtree of a tree at least that large. */
export interface NodeSource {
  perfect(subtree: Subtree): Promise<Hash>;
}

/** MTH(D[start:end]) per RFC 9162 §2.1.1, from perfect subtrees wherever they line up. */
export async function rangeHash(nodes: NodeSource, start: number, end: number): Promise<Hash> {
  const width = end - start;
  if (width <= 0) return EMPTY_TREE_HASH;
  const level = Math.log2(width);
  if (Number.isInteger(level) && start % width === 0) {
    return nodes.perfect({ level, index: start / width });
  }
  const k = splitPoint(width);
  return nodeHash(await rangeHash(nodes, start, start + k), await rangeHash(nodes, start + k, end));
}

/** PATH(m, D[n]), RFC 9162 §2.1.3.1: the inclusion proof of leaf m in the tree of size n. */
export async function inclusionProof(nodes: NodeSource, m: number, n: number): Promise<Hash[]> {
  if (m < 0 || m >= n) throw new RangeError('leaf outside the tree');
  const path = async (index: number, start: number, end: number): Promise<Hash[]> => {
    if (end - start === 1) return [];
    const k = splitPoint(end - start);
    return index < k
      ? [...(await path(index, start, start + k)), await rangeHash(nodes, start + k, end)]
      : [...(await path(index - k, start + k, end)), await rangeHash(nodes, start, start + k)];
  };
  return path(m, 0, n);
}

/** PROOF(m, D[n]), RFC 9162 §2.1.4.1: that the tree of size m is a prefix of size n. */
export async function consistencyProof(nodes: NodeSource, m: number, n: number): Promise<Hash[]> {
  if (m <= 0 || m > n) throw new RangeError('sizes out of order');
  const subproof = async (
    size: number,
    start: number,
    end: number,
    whole: boolean,
  ): Promise<Hash[]> => {
    if (size === end - start) return whole ? [] : [await rangeHash(nodes, start, end)];
    const k = splitPoint(end - start);
    return size <= k
      ? [...(await subproof(size, start, start + k, whole)), await rangeHash(nodes, start + k, end)]
      : [
          ...(await subproof(size - k, start + k, end, false)),
          await rangeHash(nodes, start, start + k),
        ];
  };
  return subproof(m, 0, n, true);
}

const isOdd = (n: number) => n % 2 === 1;
const half = (n: number) => Math.floor(n / 2);

/** RFC 9162 §2.1.3.2: does `path` prove leaf `index` (hash `leaf`) in the tree `root` of `size`? */
export function verifyInclusion(
  index: number,
  size: number,
  leaf: Hash,
  path: readonly Hash[],
  root: Hash,
): boolean {
  if (index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!isOdd(fn)) {
        do {
          fn = half(fn);
          sn = half(sn);
        } while (!isOdd(fn) && fn !== 0);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equalHashes(r, root);
}

/** RFC 9162 §2.1.4.2: does `path` prove the tree (m, first) a prefix of (n, second)? */
export function verifyConsistency(
  m: number,
  n: number,
  first: Hash,
  second: Hash,
  path: readonly Hash[],
): boolean {
  if (m <= 0 || m > n) return false;
  if (m === n) return path.length === 0 && equalHashes(first, second);
  const proof = Number.isInteger(Math.log2(m)) ? [first, ...path] : [...path];
  if (proof.length === 0) return false;
  let fn = m - 1;
  let sn = n - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = proof[0] as Hash;
  let sr = proof[0] as Hash;
  for (const c of proof.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!isOdd(fn)) {
        do {
          fn = half(fn);
          sn = half(sn);
        } while (!isOdd(fn) && fn !== 0);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equalHashes(fr, first) && equalHashes(sr, second);
}

/**
 * The root of a tree of `size` leaves from a window [start, start + leaves.length) of its leaf
 * hashes, the compact range left of the window and the one right of it (`rangeSubtrees`).
 * Undefined when the proof has the wrong shape.
 */
export function windowRoot(
  size: number,
  start: number,
  leaves: readonly Hash[],
  left: readonly Hash[],
  right: readonly Hash[],
): Hash | undefined {
  const end = start + leaves.length;
  if (start < 0 || end > size) return undefined;
  const rightSubtrees = rangeSubtrees(end, size);
  if (left.length !== prefixSubtrees(start).length || right.length !== rightSubtrees.length) {
    return undefined;
  }
  const range = CompactRange.of(start, left);
  for (const leaf of leaves) range.append(0, leaf);
  rightSubtrees.forEach(({ level }, i) => {
    range.append(level, right[i] as Hash);
  });
  return range.root();
}
