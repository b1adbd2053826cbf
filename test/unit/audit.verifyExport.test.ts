/**
 * The offline verifier of an audit export (shared/domain/audit/verifyExport.ts; API.md,
 * Oversight; DESIGN.md invariant 5): an intact export is accepted with what it covers, and
 * every forgery — a line that reads two ways, a member no schema names, a number written
 * otherwise, a line moved, dropped or added, a wrong proof, a checkpoint of another key or
 * another log — is refused at the first bad line, with the problem named.
 */
import { describe, expect, it } from 'vitest';
import { toBase64 } from '#shared/domain/audit/entry.ts';
import { leafHash } from '#shared/domain/audit/merkle.ts';
import {
  describeProblem,
  type ExportProblem,
  verifyAuditExport,
} from '#shared/domain/audit/verifyExport.ts';
import { auditKey, entryAt, exportOf, line, noteOf, treeOf } from './audit.fixtures.ts';

const key = auditKey();
const otherLog = auditKey('other.example.gov.cn');
const keys = [key.noteKey, otherLog.noteKey];

/**
 * Size 8, earlier checkpoints at 3 and 5, window [2, 6), lines:
 *  1 checkpoint(3)  2 consistency(3)  3 checkpoint(5)  4 consistency(5)
 *  5–8 entries 2–5  9 window  10 inclusion(2)  11 inclusion(5)  12 final checkpoint(8)
 */
const full = await exportOf(key, {
  size: 8,
  start: 2,
  end: 6,
  earlier: [3, 5],
  from: '2026-12-01T08:00:02.000Z',
  to: '2026-12-01T08:00:05.000Z',
});
const lines = full.lines;

const verify = (text: readonly string[], previous?: string) =>
  verifyAuditExport(text, keys, previous);
const refusal = (at: number, problem: ExportProblem) => ({ intact: false, line: at, problem });
const replaced = (at: number, text: string) => lines.map((l, i) => (i === at - 1 ? text : l));
const without = (at: number) => lines.filter((_, i) => i !== at - 1);
const inserted = (at: number, text: string) => [
  ...lines.slice(0, at - 1),
  text,
  ...lines.slice(at - 1),
];
const parsed = (at: number) => JSON.parse(lines[at - 1] as string) as Record<string, unknown>;

describe('an intact export', () => {
  it('is accepted with its tree size, window, times and number of earlier checkpoints', async () => {
    expect(await verify(lines)).toEqual({
      intact: true,
      treeSize: 8,
      start: 2,
      end: 6,
      from: '2026-12-01T08:00:02.000Z',
      to: '2026-12-01T08:00:05.000Z',
      exportedAt: '2026-12-02T09:00:00.000Z',
      earlierCheckpoints: 2,
    });
  });

  it('reads from an async stream as from an array, and ignores blank lines after the end', async () => {
    async function* stream() {
      yield* lines;
      yield '';
      yield '';
    }
    expect(await verifyAuditExport(stream(), keys)).toMatchObject({ intact: true, treeSize: 8 });
  });

  it('names no window times it was not asked for; a whole-log export has no earlier checkpoint', async () => {
    const whole = await exportOf(key, { size: 5 });
    expect(await verify(whole.lines)).toEqual({
      intact: true,
      treeSize: 5,
      start: 0,
      end: 5,
      exportedAt: '2026-12-02T09:00:00.000Z',
      earlierCheckpoints: 0,
    });
  });

  it('may hold a window with no entries, and an empty log', async () => {
    const empty = await exportOf(key, { size: 6, start: 6, end: 6, earlier: [4] });
    expect(await verify(empty.lines)).toMatchObject({ intact: true, start: 6, end: 6 });
    expect(await verify((await exportOf(key, { size: 0 })).lines)).toMatchObject({
      intact: true,
      treeSize: 0,
    });
  });

  it('may carry an earlier checkpoint of the final size, with an empty consistency proof', async () => {
    const same = await exportOf(key, { size: 4, earlier: [4] });
    expect(await verify(same.lines)).toMatchObject({ intact: true, earlierCheckpoints: 1 });
  });

  it('is verified against the keys given, and against no other', async () => {
    expect(await verifyAuditExport(lines, [otherLog.noteKey])).toEqual(
      refusal(1, 'unknown-checkpoint-key'),
    );
  });
});

describe('a line that is not strictly one canonical JSON value', () => {
  it('is refused as not JSON — a blank line inside the export included', async () => {
    expect(await verify(replaced(6, '{"index":'))).toEqual(refusal(6, 'not-json'));
    expect(await verify(inserted(6, ''))).toEqual(refusal(6, 'not-json'));
  });

  it('is refused when it names a member twice', async () => {
    const entry = lines[5] as string;
    expect(
      await verify(
        replaced(6, entry.replace('"outcome":"done"', '"outcome":"refused","outcome":"done"')),
      ),
    ).toEqual(refusal(6, 'duplicate-key'));
  });

  it('is refused when written otherwise: whitespace, member order, a number, an escape', async () => {
    const entry = lines[5] as string;
    for (const forged of [
      `${entry} `,
      entry.replace('{', '{ '),
      entry.replace('"index":3', '"index":3.0'),
      entry.replace('"index":3', '"index":3e0'),
      entry.replace('"outcome":"done"', '"outcome":"\\u0064one"'),
      JSON.stringify(JSON.parse(entry), null, 1).replaceAll('\n', ''),
    ]) {
      expect(await verify(replaced(6, forged)), forged).toEqual(refusal(6, 'not-canonical'));
    }
  });
});

describe('a line that is no export line', () => {
  it('is refused when it has a member its schema does not name, at any depth', async () => {
    for (const at of [1, 2, 5, 9, 10, 12]) {
      const extra = line({ ...parsed(at), zz: 1 });
      expect(await verify(replaced(at, extra)), `line ${at}`).toEqual(
        refusal(at, 'unknown-member'),
      );
    }
    const entry = parsed(5);
    const nested = line({ ...entry, actor: { ...(entry.actor as object), name: 'x' } });
    expect(await verify(replaced(5, nested))).toEqual(refusal(5, 'unknown-member'));
  });

  it('is refused when it is no object, or an object of no kind the export has', async () => {
    const entry = parsed(5);
    const { outcome: _outcome, ...withoutOutcome } = entry;
    for (const forged of [
      '[]',
      '1',
      '"entry"',
      'null',
      'true',
      line({ type: 'note', note: 'x' }),
      line({ ...parsed(9), proof: 'audit-path' }),
      line({ ...entry, type: 'entry' }),
      line(withoutOutcome),
      line({ ...entry, index: -1 }),
      line({ ...parsed(1), note: '' }),
      line({ ...parsed(10), index: 'x' }),
      line({ ...parsed(2), size: 'x' }),
      line({ ...parsed(9), start: 'x' }),
    ]) {
      expect(await verify(replaced(5, forged)), forged).toEqual(refusal(5, 'not-an-export-line'));
    }
  });
});

describe('entries out of their order', () => {
  it('are refused at the first entry that does not follow the one before it', async () => {
    const swapped = [...lines];
    [swapped[5], swapped[6]] = [swapped[6] as string, swapped[5] as string];
    expect(await verify(swapped)).toEqual(refusal(6, 'out-of-order'));
    expect(await verify(without(6))).toEqual(refusal(6, 'out-of-order'));
    expect(await verify(inserted(6, line(entryAt(2))))).toEqual(refusal(6, 'out-of-order'));
  });

  it('count from the first entry of the window, not from zero', async () => {
    // The window [2, 6) without its first entry: the entries run 3, 4, 5 — in order, but
    // the window says they start at 2.
    expect(await verify(without(5))).toEqual(refusal(8, 'window-does-not-match-entries'));
  });
});

describe('a line out of its place', () => {
  it('is refused: an entry after the window proof', async () => {
    expect(await verify(inserted(10, line(entryAt(6))))).toEqual(refusal(10, 'misplaced-line'));
  });

  it('is refused: a second window proof', async () => {
    expect(await verify(inserted(10, lines[8] as string))).toEqual(refusal(10, 'misplaced-line'));
  });

  it('is refused: an inclusion proof before the window proof', async () => {
    expect(await verify(inserted(5, lines[9] as string))).toEqual(refusal(5, 'misplaced-line'));
    expect(await verify(inserted(7, lines[9] as string))).toEqual(refusal(7, 'misplaced-line'));
  });

  it('is refused: a checkpoint among the entries', async () => {
    expect(await verify(inserted(7, lines[11] as string))).toEqual(refusal(7, 'misplaced-line'));
  });

  it('is refused: a consistency proof with no checkpoint before it, or for another size', async () => {
    expect(await verify(inserted(5, lines[1] as string))).toEqual(refusal(5, 'misplaced-line'));
    // Checkpoint of 3 followed by the proof for 5.
    expect(await verify([lines[0], lines[3], ...lines.slice(4)] as string[])).toEqual(
      refusal(2, 'misplaced-line'),
    );
  });

  it('is refused: anything after the final checkpoint but blank lines', async () => {
    expect(await verify([...lines, lines[11] as string])).toEqual(refusal(13, 'misplaced-line'));
    expect(await verify([...lines, '', lines[4] as string])).toEqual(refusal(14, 'misplaced-line'));
    expect(await verify([...lines, '', 'x'])).toEqual(refusal(14, 'not-json'));
  });

  it('is refused: an earlier checkpoint without its consistency proof, named at the checkpoint', async () => {
    expect(await verify(without(2))).toEqual(refusal(1, 'checkpoint-without-consistency-proof'));
    expect(await verify(without(4))).toEqual(refusal(3, 'checkpoint-without-consistency-proof'));
    expect(await verify(lines.slice(0, 3))).toEqual(
      refusal(3, 'checkpoint-without-consistency-proof'),
    );
  });
});

describe('an export cut short', () => {
  it('is refused at its last line when the final checkpoint or the window proof is missing', async () => {
    expect(await verify(lines.slice(0, 11))).toEqual(refusal(11, 'final-checkpoint-missing'));
    expect(await verify(lines.slice(0, 8))).toEqual(refusal(8, 'final-checkpoint-missing'));
    expect(await verify(lines.slice(0, 4))).toEqual(refusal(4, 'final-checkpoint-missing'));
    expect(await verify([])).toEqual(refusal(0, 'final-checkpoint-missing'));
  });
});

describe('a checkpoint that does not verify', () => {
  const [body, signatures] = (parsed(12).note as string).split('\n\n') as [string, string];

  it('is refused when it is not a well-formed signed note', async () => {
    const note = `${body}\nextension\n\n${signatures}`;
    expect(await verify(replaced(12, line({ type: 'checkpoint', note })))).toEqual(
      refusal(12, 'malformed-checkpoint'),
    );
  });

  it('is refused when its signature does not verify', async () => {
    const note = `${body.replace('\n8\n', '\n9\n')}\n\n${signatures}`;
    expect(await verify(replaced(12, line({ type: 'checkpoint', note })))).toEqual(
      refusal(12, 'bad-checkpoint-signature'),
    );
    const early = (parsed(1).note as string).replace('\n3\n', '\n2\n');
    expect(await verify(replaced(1, line({ type: 'checkpoint', note: early })))).toEqual(
      refusal(1, 'bad-checkpoint-signature'),
    );
  });

  it('is refused when no key of the trust bundle signed it', async () => {
    const stranger = auditKey();
    const note = await noteOf(stranger, 8, full.tree.root);
    expect(await verify(replaced(12, line({ type: 'checkpoint', note })))).toEqual(
      refusal(12, 'unknown-checkpoint-key'),
    );
  });
});

describe('checkpoints of another log', () => {
  it('are refused when an earlier checkpoint is of another origin than the first', async () => {
    const note = await noteOf(otherLog, 5, full.tree.rootAt(5));
    expect(await verify(replaced(3, line({ type: 'checkpoint', note })))).toEqual(
      refusal(3, 'other-log'),
    );
  });

  it('are refused when the final checkpoint is of another origin than the earlier ones', async () => {
    const note = await noteOf(otherLog, 8, full.tree.root);
    expect(await verify(replaced(12, line({ type: 'checkpoint', note })))).toEqual(
      refusal(12, 'other-log'),
    );
  });

  it('are refused when the kept checkpoint is of another log than the export', async () => {
    const kept = await noteOf(otherLog, 8, full.tree.root);
    expect(await verify(lines, kept)).toEqual(refusal(0, 'other-log'));
  });
});

describe('proofs that do not hold', () => {
  it('refuse a window proof for other entries than the export holds', async () => {
    for (const change of [{ start: 1, end: 5 }, { end: 7 }, { start: 3 }]) {
      expect(
        await verify(replaced(9, line({ ...parsed(9), ...change }))),
        JSON.stringify(change),
      ).toEqual(refusal(9, 'window-does-not-match-entries'));
    }
  });

  it('refuse a proof for another tree size than the final checkpoint', async () => {
    expect(await verify(replaced(9, line({ ...parsed(9), treeSize: 9 })))).toEqual(
      refusal(9, 'tree-size-differs'),
    );
    // An earlier checkpoint of a larger tree than the final one.
    const tree = treeOf(9);
    const bigger = line({ type: 'checkpoint', note: await noteOf(key, 9, tree.root) });
    const proof = line({ type: 'proof', proof: 'consistency', size: 9, treeSize: 8, hashes: [] });
    expect(await verify([bigger, proof, ...lines.slice(4)])).toEqual(
      refusal(2, 'tree-size-differs'),
    );
  });

  it('refuse a consistency proof that names another tree size than the final checkpoint', async () => {
    for (const treeSize of [7, 9]) {
      expect(await verify(replaced(4, line({ ...parsed(4), treeSize })))).toEqual(
        refusal(4, 'tree-size-differs'),
      );
    }
  });

  it('refuse changed entries, naming the window proof and the entries’ lines', async () => {
    const changed = line({ ...entryAt(4), outcome: 'refused' });
    expect(await verify(replaced(7, changed))).toEqual({
      ...refusal(9, 'entries-do-not-match-root'),
      lines: [5, 8],
    });
  });

  it('refuse a window whose compact ranges are changed, or of the wrong shape', async () => {
    const window = parsed(9);
    const left = window.left as string[];
    const right = window.right as string[];
    const forgedHash = toBase64(leafHash('forged'));
    for (const change of [
      { left: [forgedHash] },
      { left: [...left, forgedHash] },
      { left: [] },
      { right: [forgedHash, ...right.slice(1)] },
      { right: right.slice(1) },
    ]) {
      expect(
        await verify(replaced(9, line({ ...window, ...change }))),
        JSON.stringify(change),
      ).toEqual({ ...refusal(9, 'entries-do-not-match-root'), lines: [5, 8] });
    }
  });

  it('name no entry lines when the window holds none', async () => {
    const empty = await exportOf(key, { size: 6, start: 6, end: 6 });
    const window = JSON.parse(empty.lines[0] as string) as Record<string, unknown>;
    const forged = line({
      ...window,
      left: [toBase64(leafHash('forged')), ...(window.left as string[]).slice(1)],
    });
    expect(await verify([forged, ...empty.lines.slice(1)])).toEqual(
      refusal(1, 'entries-do-not-match-root'),
    );
  });

  it('refuse an inclusion proof that does not verify, is for another tree, or another entry', async () => {
    const inclusion = parsed(10);
    const hashes = inclusion.hashes as string[];
    for (const change of [
      { hashes: [toBase64(leafHash('forged')), ...hashes.slice(1)] },
      { hashes: hashes.slice(1) },
      { treeSize: 9 },
      { index: 3 },
      { index: 6 },
      { index: 1 },
    ]) {
      expect(
        await verify(replaced(10, line({ ...inclusion, ...change }))),
        JSON.stringify(change),
      ).toEqual(refusal(10, 'inclusion-proof-fails'));
    }
  });

  it('refuse an earlier checkpoint the final tree does not extend (history rewritten)', async () => {
    const forked = line({
      type: 'checkpoint',
      note: await noteOf(key, 5, leafHash('another history')),
    });
    expect(await verify(replaced(3, forked))).toEqual(refusal(4, 'inconsistent-checkpoint'));
    const proof = parsed(4);
    const wrongProof = line({ ...proof, hashes: (proof.hashes as string[]).slice(1) });
    expect(await verify(replaced(4, wrongProof))).toEqual(refusal(4, 'inconsistent-checkpoint'));
  });
});

describe('a checkpoint kept from before', () => {
  it('is accepted when it is an earlier checkpoint of the export', async () => {
    const kept = parsed(3).note as string;
    expect(await verify(lines, kept)).toMatchObject({ intact: true, previousSize: 5 });
    // Before the window: only the earlier checkpoint of that size can vouch for it.
    const late = await exportOf(key, { size: 8, start: 5, end: 8, earlier: [3] });
    const early = (JSON.parse(late.lines[0] as string) as { note: string }).note;
    expect(await verifyAuditExport(late.lines, keys, early)).toMatchObject({
      intact: true,
      previousSize: 3,
    });
    const forged = await noteOf(key, 3, leafHash('another history'));
    expect(await verifyAuditExport(late.lines, keys, forged)).toEqual(
      refusal(9, 'previous-checkpoint-forked'),
    );
  });

  it('is accepted when the window’s entries rebuild its tree: at the window’s start, inside, at its end', async () => {
    const plain = await exportOf(key, { size: 8, start: 2, end: 6 });
    for (const size of [2, 4, 6]) {
      const kept = await noteOf(key, size, plain.tree.rootAt(size));
      expect(await verify(plain.lines, kept), `size ${size}`).toEqual({
        intact: true,
        treeSize: 8,
        start: 2,
        end: 6,
        exportedAt: '2026-12-02T09:00:00.000Z',
        earlierCheckpoints: 0,
        previousSize: size,
      });
    }
  });

  it('is accepted when it is the final checkpoint itself: the log has not grown since', async () => {
    const whole = await exportOf(key, { size: 8 });
    const kept = (JSON.parse(whole.lines.at(-1) as string) as { note: string }).note;
    expect(await verify(whole.lines, kept)).toMatchObject({ intact: true, previousSize: 8 });
  });

  it('gives no verdict when it is older than the window and not among the earlier checkpoints', async () => {
    const plain = await exportOf(key, { size: 8, start: 2, end: 6 });
    const kept = await noteOf(key, 1, plain.tree.rootAt(1));
    expect(await verify(plain.lines, kept)).toEqual({
      intact: 'unknown',
      reason: 'previous-before-window',
      previousSize: 1,
      start: 2,
    });
    const later = await noteOf(key, 7, plain.tree.rootAt(7));
    expect(await verify(plain.lines, later)).toMatchObject({ intact: 'unknown', previousSize: 7 });
  });

  it('is refused when it is of a larger tree: the log shrank', async () => {
    const kept = await noteOf(key, 9, treeOf(9).root);
    expect(await verify(lines, kept)).toEqual(refusal(12, 'previous-checkpoint-ahead'));
  });

  it('is refused when its tree differs at its size: the log was forked', async () => {
    const plain = await exportOf(key, { size: 8, start: 2, end: 6 });
    for (const size of [2, 4, 6]) {
      const kept = await noteOf(key, size, leafHash('another history'));
      expect(await verify(plain.lines, kept), `size ${size}`).toEqual(
        refusal(8, 'previous-checkpoint-forked'),
      );
    }
    const kept = await noteOf(key, 5, leafHash('another history'));
    expect(await verify(lines, kept)).toEqual(refusal(12, 'previous-checkpoint-forked'));
  });

  it('is refused, at line 0, when it does not verify itself', async () => {
    const stranger = auditKey();
    expect(await verify(lines, await noteOf(stranger, 8, full.tree.root))).toEqual(
      refusal(0, 'unknown-checkpoint-key'),
    );
    expect(await verify(lines, 'not a note')).toEqual(refusal(0, 'malformed-checkpoint'));
  });
});

describe('the problems in plain words', () => {
  it('say what each problem means', () => {
    expect(describeProblem('duplicate-key')).toBe(
      'names a member twice (the line reads differently to different parsers)',
    );
    expect(describeProblem('previous-checkpoint-forked')).toBe(
      'the kept checkpoint does not match this tree at its size: the log was forked or rewritten',
    );
  });
});
