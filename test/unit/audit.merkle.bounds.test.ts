/**
 * The audit Merkle tree at its edges (shared/domain/audit/merkle.ts; RFC 9162 §2.1): the
 * exact hashes, where a tree splits, which perfect subtrees make up a prefix or a range, and
 * proofs refused when they are a hash too long or too short, for a leaf outside the tree or
 * sizes out of order — the cases a property test over valid proofs does not reach.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CompactRange,
  consistencyProof,
  EMPTY_TREE_HASH,
  equalHashes,
  type Hash,
  inclusionProof,
  leafHash,
  nodeHash,
  prefixSubtrees,
  rangeHash,
  rangeSubtrees,
  type Subtree,
  splitPoint,
  verifyConsistency,
  verifyInclusion,
  windowRoot,
} from '#shared/domain/audit/merkle.ts';
import { treeOf } from './audit.fixtures.ts';

const sha256 = (...parts: Uint8Array[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};
const same = (a: Hash | undefined, b: Hash) => a !== undefined && Buffer.from(a).equals(b);

describe('the hashes of RFC 9162 §2.1', () => {
  it('prefix a leaf with 0x00 and a node with 0x01; the empty tree hashes nothing', () => {
    const leaf = leafHash('{"index":0}');
    expect(same(leaf, sha256(Buffer.from([0]), Buffer.from('{"index":0}')))).toBe(true);
    expect(same(leafHash(Buffer.from('abc')), sha256(Buffer.from([0]), Buffer.from('abc')))).toBe(
      true,
    );
    const right = leafHash('{"index":1}');
    expect(same(nodeHash(leaf, right), sha256(Buffer.from([1]), leaf, right))).toBe(true);
    expect(same(EMPTY_TREE_HASH, sha256())).toBe(true);
  });

  it('are equal only byte for byte and length for length', () => {
    const a = leafHash('a');
    expect(equalHashes(a, Buffer.from(a))).toBe(true);
    expect(equalHashes(a, a.subarray(0, 31))).toBe(false);
    expect(equalHashes(a.subarray(0, 31), a)).toBe(false);
    const changed = Buffer.from(a);
    changed[31] = (changed[31] as number) ^ 1;
    expect(equalHashes(a, changed)).toBe(false);
    expect(equalHashes(new Uint8Array(0), new Uint8Array(0))).toBe(true);
  });
});

describe('the shape of the tree', () => {
  it('splits a tree of n leaves at the largest power of two below n', () => {
    expect([2, 3, 4, 5, 8, 9, 16, 17].map(splitPoint)).toEqual([1, 2, 2, 4, 4, 8, 8, 16]);
  });

  it('makes a prefix of its set bits, largest subtree first', () => {
    const at = (level: number, index: number): Subtree => ({ level, index });
    expect(prefixSubtrees(0)).toEqual([]);
    expect(prefixSubtrees(1)).toEqual([at(0, 0)]);
    expect(prefixSubtrees(2)).toEqual([at(1, 0)]);
    expect(prefixSubtrees(7)).toEqual([at(2, 0), at(1, 2), at(0, 6)]);
    expect(prefixSubtrees(8)).toEqual([at(3, 0)]);
    expect(prefixSubtrees(13)).toEqual([at(3, 0), at(2, 2), at(0, 12)]);
  });

  it('makes a range of its maximal aligned subtrees, left to right', () => {
    const at = (level: number, index: number): Subtree => ({ level, index });
    expect(rangeSubtrees(5, 5)).toEqual([]);
    expect(rangeSubtrees(0, 8)).toEqual([at(3, 0)]);
    expect(rangeSubtrees(2, 6)).toEqual([at(1, 1), at(1, 2)]);
    expect(rangeSubtrees(3, 8)).toEqual([at(0, 3), at(2, 1)]);
    expect(rangeSubtrees(1, 2)).toEqual([at(0, 1)]);
    expect(rangeSubtrees(6, 13)).toEqual([at(1, 3), at(2, 2), at(0, 12)]);
  });
});

describe('the compact range the sequencer keeps', () => {
  it('reports every interior node completed as leaves are appended', () => {
    const range = CompactRange.empty();
    const completed: Subtree[] = [];
    for (const leaf of ['a', 'b', 'c', 'd', 'e', 'f']) {
      range.append(0, leafHash(leaf), (node) => completed.push(node));
    }
    expect(completed).toEqual([
      { level: 1, index: 0 },
      { level: 1, index: 1 },
      { level: 2, index: 0 },
      { level: 1, index: 2 },
    ]);
    expect(range.size).toBe(6);
    expect(range.subtreeHashes).toHaveLength(2);
  });

  it('is rebuilt from its subtree hashes, and refuses the wrong number of them', () => {
    const tree = treeOf(7);
    const range = CompactRange.empty();
    for (const leaf of tree.leaves) range.append(0, leaf);
    const again = CompactRange.of(7, range.subtreeHashes);
    expect(again.size).toBe(7);
    expect(same(again.root(), tree.root)).toBe(true);
    expect(() => CompactRange.of(7, range.subtreeHashes.slice(1))).toThrow(RangeError);
    expect(() => CompactRange.of(8, range.subtreeHashes)).toThrow(RangeError);
    expect(same(CompactRange.of(0, []).root(), EMPTY_TREE_HASH)).toBe(true);
  });

  it('appends a subtree only where it lines up with the range’s end', () => {
    const tree = treeOf(8);
    const range = CompactRange.empty();
    range.append(0, tree.leaves[0] as Hash);
    expect(() => range.append(1, leafHash('x'))).toThrow(RangeError);
    range.append(0, tree.leaves[1] as Hash);
    range.append(1, nodeHash(tree.leaves[2] as Hash, tree.leaves[3] as Hash));
    expect(() => range.append(3, leafHash('x'))).toThrow(RangeError);
    expect(same(range.root(), tree.rootAt(4))).toBe(true);
  });
});

describe('proofs asked for out of bounds', () => {
  it('are refused for a leaf outside the tree, or sizes out of order', async () => {
    const { nodes } = treeOf(5);
    await expect(inclusionProof(nodes, -1, 5)).rejects.toThrow(RangeError);
    await expect(inclusionProof(nodes, 5, 5)).rejects.toThrow(RangeError);
    expect(await inclusionProof(nodes, 4, 5)).toHaveLength(1);
    expect(await inclusionProof(nodes, 0, 5)).toHaveLength(3);
    expect(await inclusionProof(treeOf(1).nodes, 0, 1)).toEqual([]);
    await expect(consistencyProof(nodes, 0, 5)).rejects.toThrow(RangeError);
    await expect(consistencyProof(nodes, 6, 5)).rejects.toThrow(RangeError);
    expect(await consistencyProof(nodes, 5, 5)).toEqual([]);
  });

  it('hash an empty range as the empty tree', async () => {
    const { nodes } = treeOf(4);
    expect(same(await rangeHash(nodes, 2, 2), EMPTY_TREE_HASH)).toBe(true);
    expect(same(await rangeHash(nodes, 3, 2), EMPTY_TREE_HASH)).toBe(true);
  });
});

describe('an inclusion proof', () => {
  it('is refused a hash too long or too short, or for an index outside the tree', async () => {
    const tree = treeOf(6);
    const leaf = tree.leaves[4] as Hash;
    const path = await inclusionProof(tree.nodes, 4, 6);
    expect(verifyInclusion(4, 6, leaf, path, tree.root)).toBe(true);
    expect(verifyInclusion(4, 6, leaf, [...path, leafHash('x')], tree.root)).toBe(false);
    expect(verifyInclusion(4, 6, leaf, path.slice(0, -1), tree.root)).toBe(false);
    expect(verifyInclusion(4, 5, leaf, path, tree.root)).toBe(false);
    expect(verifyInclusion(-1, 6, leaf, path, tree.root)).toBe(false);
    expect(verifyInclusion(6, 6, leaf, path, tree.root)).toBe(false);
    expect(verifyInclusion(4, 6, leaf, path, tree.rootAt(5))).toBe(false);
  });

  it('of the only leaf is empty, and the leaf is the root', () => {
    const tree = treeOf(1);
    const leaf = tree.leaves[0] as Hash;
    expect(verifyInclusion(0, 1, leaf, [], leaf)).toBe(true);
    expect(verifyInclusion(0, 1, leaf, [leaf], nodeHash(leaf, leaf))).toBe(false);
  });

  it('proves every leaf of trees up to 17, at its own index only', async () => {
    for (let n = 1; n <= 17; n++) {
      const tree = treeOf(n);
      for (let m = 0; m < n; m++) {
        const path = await inclusionProof(tree.nodes, m, n);
        const leaf = tree.leaves[m] as Hash;
        expect(verifyInclusion(m, n, leaf, path, tree.root), `${m} of ${n}`).toBe(true);
        if (n > 1) {
          const other = (m + 1) % n;
          expect(verifyInclusion(other, n, leaf, path, tree.root), `${m} as ${other}`).toBe(false);
        }
      }
    }
  });
});

describe('a consistency proof', () => {
  it('between equal sizes is empty, and holds only for equal roots', () => {
    const tree = treeOf(5);
    expect(verifyConsistency(5, 5, tree.root, tree.root, [])).toBe(true);
    expect(verifyConsistency(5, 5, tree.root, tree.rootAt(4), [])).toBe(false);
    expect(verifyConsistency(5, 5, tree.root, tree.root, [tree.root])).toBe(false);
  });

  it('is refused for sizes out of order', async () => {
    const tree = treeOf(5);
    const proof = await consistencyProof(tree.nodes, 3, 5);
    expect(verifyConsistency(3, 5, tree.rootAt(3), tree.root, proof)).toBe(true);
    expect(verifyConsistency(0, 5, tree.rootAt(0), tree.root, proof)).toBe(false);
    expect(verifyConsistency(-3, 5, tree.rootAt(3), tree.root, proof)).toBe(false);
    expect(verifyConsistency(6, 5, tree.rootAt(3), tree.root, proof)).toBe(false);
    expect(verifyConsistency(3, 4, tree.rootAt(3), tree.root, proof)).toBe(false);
  });

  it('is refused a hash too long or too short, or empty where one is needed', async () => {
    for (const [m, n] of [
      [3, 5],
      [4, 7],
      [1, 2],
      [6, 8],
    ] as const) {
      const tree = treeOf(n);
      const proof = await consistencyProof(tree.nodes, m, n);
      const first = tree.rootAt(m);
      expect(verifyConsistency(m, n, first, tree.root, proof), `${m}→${n}`).toBe(true);
      expect(verifyConsistency(m, n, first, tree.root, [...proof, leafHash('x')])).toBe(false);
      expect(verifyConsistency(m, n, first, tree.root, proof.slice(0, -1))).toBe(false);
      expect(verifyConsistency(m, n, first, tree.root, [])).toBe(false);
      expect(verifyConsistency(m, n, tree.root, first, proof)).toBe(false);
    }
  });

  it('holds between every two sizes up to 17, and for no other pair of sizes', async () => {
    for (let n = 1; n <= 17; n++) {
      const tree = treeOf(n);
      for (let m = 1; m <= n; m++) {
        const proof = await consistencyProof(tree.nodes, m, n);
        expect(verifyConsistency(m, n, tree.rootAt(m), tree.root, proof), `${m}→${n}`).toBe(true);
        if (m < n - 1) {
          expect(verifyConsistency(m + 1, n, tree.rootAt(m + 1), tree.root, proof)).toBe(false);
        }
      }
    }
  });
});

describe('a window root', () => {
  it('is undefined when the window lies outside the tree or its ranges have the wrong shape', async () => {
    const tree = treeOf(8);
    const left = await Promise.all(prefixSubtrees(2).map((s) => tree.nodes.perfect(s)));
    const right = await Promise.all(rangeSubtrees(5, 8).map((s) => tree.nodes.perfect(s)));
    const window = tree.leaves.slice(2, 5);
    expect(same(windowRoot(8, 2, window, left, right), tree.root)).toBe(true);
    // The window may end where the tree ends (nothing right of it), not beyond.
    expect(same(windowRoot(5, 2, window, left, []), tree.rootAt(5))).toBe(true);
    expect(windowRoot(4, 2, window, left, right)).toBeUndefined();
    expect(windowRoot(8, -1, window, left, right)).toBeUndefined();
    expect(windowRoot(8, 2, window, [...left, leafHash('x')], right)).toBeUndefined();
    expect(windowRoot(8, 2, window, left, right.slice(1))).toBeUndefined();
    expect(windowRoot(8, 2, window, left, [...right, leafHash('x')])).toBeUndefined();
    const all = tree.leaves;
    expect(same(windowRoot(8, 0, all, [], []), tree.root)).toBe(true);
  });
});
