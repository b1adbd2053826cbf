/**
 * Offline verification of an audit export (`GET /v1/audit`; `npm run audit:verify`), against
 * the audit keys of a pinned trust bundle and, optionally, a checkpoint kept from before.
 *
 * An export is, line by line (API.md, Oversight):
 *
 *     ( earlier checkpoint, its consistency proof to the final tree )*
 *     entries of the window, consecutive indexes
 *     the window proof (compact ranges left and right of the window; the window's time bounds)
 *     inclusion proofs of the window's first and last entry
 *     the final checkpoint, signed at export
 *
 * Every line must be exactly one of these, strictly parsed and in its canonical form
 * (`strictJson.ts`), with no member its schema does not name (`entry.ts`). The window's
 * entries, hashed as RFC 9162 leaves between its compact ranges, must give the final root;
 * each earlier checkpoint must be consistent with the final one. A checkpoint kept from an
 * earlier export (`previous`) must be a prefix of this tree: the log only grew.
 *
 * The first bad line is named. Nothing here needs a network or the database.
 */
import type * as z from 'zod';
import { type NoteKey, verifyCheckpointNote } from './checkpoint.ts';
import {
  type ConsistencyProofLine,
  checkpointLineSchema,
  consistencyProofSchema,
  entrySchema,
  fromBase64,
  inclusionProofSchema,
  leafText,
  type WindowProof,
  windowProofSchema,
} from './entry.ts';
import {
  CompactRange,
  equalHashes,
  type Hash,
  leafHash,
  verifyConsistency,
  verifyInclusion,
  windowRoot,
} from './merkle.ts';
import { parseStrictLine } from './strictJson.ts';

export type ExportProblem =
  | 'not-json'
  | 'duplicate-key'
  | 'not-canonical'
  | 'unknown-member'
  | 'not-an-export-line'
  | 'out-of-order'
  | 'misplaced-line'
  | 'checkpoint-without-consistency-proof'
  | 'malformed-checkpoint'
  | 'unknown-checkpoint-key'
  | 'bad-checkpoint-signature'
  | 'other-log'
  | 'window-does-not-match-entries'
  | 'tree-size-differs'
  | 'entries-do-not-match-root'
  | 'inclusion-proof-fails'
  | 'inconsistent-checkpoint'
  | 'final-checkpoint-missing'
  | 'previous-checkpoint-ahead'
  | 'previous-checkpoint-forked';

export type ExportVerdict =
  | {
      intact: true;
      treeSize: number;
      /** The window: entries [start, end) of the tree, and the times it was asked for. */
      start: number;
      end: number;
      from?: string;
      to?: string;
      exportedAt: string;
      earlierCheckpoints: number;
      /** The kept checkpoint's size, when `previous` was given and is a prefix of this tree. */
      previousSize?: number;
    }
  | { intact: false; line: number; problem: ExportProblem; lines?: [number, number] }
  /** The kept checkpoint is older than the export's window: not a verdict on either. */
  | { intact: 'unknown'; reason: 'previous-before-window'; previousSize: number; start: number };

const problemsInPlainWords: Record<ExportProblem, string> = {
  'not-json': 'is not one JSON value',
  'duplicate-key': 'names a member twice (the line reads differently to different parsers)',
  'not-canonical':
    'is not in its RFC 8785 canonical form (whitespace, member order, number or escape changed)',
  'unknown-member': 'has a member no entry, checkpoint or proof has',
  'not-an-export-line': 'is neither an audit entry, a checkpoint nor a proof',
  'out-of-order':
    'does not follow the entry before it (an entry dropped, inserted or reordered before it)',
  'misplaced-line': 'is out of place in an export (lines dropped, moved or added)',
  'checkpoint-without-consistency-proof':
    'is an earlier checkpoint not followed by its consistency proof',
  'malformed-checkpoint': 'is a checkpoint that is not a well-formed C2SP signed note',
  'unknown-checkpoint-key': 'is a checkpoint signed by no audit key of the trust bundle',
  'bad-checkpoint-signature': 'is a checkpoint whose signature does not verify',
  'other-log': 'is a checkpoint of another log (origin)',
  'window-does-not-match-entries': 'is a window proof for other entries than the export holds',
  'tree-size-differs': 'is a proof for another tree size than the final checkpoint',
  'entries-do-not-match-root':
    'proves the window against the final checkpoint, and the entries do not hash to its root: an entry was changed, dropped, inserted or reordered',
  'inclusion-proof-fails': 'is an inclusion proof that does not verify',
  'inconsistent-checkpoint':
    'is a consistency proof that fails: the earlier checkpoint is not a prefix of the final tree (history rewritten)',
  'final-checkpoint-missing': 'the export does not end with its final checkpoint (cut short)',
  'previous-checkpoint-ahead':
    'the kept checkpoint is of a larger tree than this export: the log shrank',
  'previous-checkpoint-forked':
    'the kept checkpoint does not match this tree at its size: the log was forked or rewritten',
};

export function describeProblem(problem: ExportProblem): string {
  return problemsInPlainWords[problem];
}

type Checkpoint = { size: number; root: Hash; origin: string };
type Classified =
  | { kind: 'entry'; index: number; leaf: Hash }
  | { kind: 'checkpoint'; note: string }
  | { kind: 'window'; proof: WindowProof }
  | { kind: 'inclusion'; index: number; treeSize: number; hashes: Hash[] }
  | { kind: 'consistency'; proof: ConsistencyProofLine; hashes: Hash[] };

function classify(value: unknown): Classified | ExportProblem {
  const record = value as Record<string, unknown>;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'not-an-export-line';
  }
  const problemOf = (error: z.ZodError): ExportProblem =>
    error.issues.some((issue) => issue.code === 'unrecognized_keys')
      ? 'unknown-member'
      : 'not-an-export-line';
  if (record.type === 'checkpoint') {
    const line = checkpointLineSchema.safeParse(value);
    return line.success ? { kind: 'checkpoint', note: line.data.note } : problemOf(line.error);
  }
  if (record.type === 'proof') {
    const schema =
      record.proof === 'window'
        ? windowProofSchema
        : record.proof === 'inclusion'
          ? inclusionProofSchema
          : record.proof === 'consistency'
            ? consistencyProofSchema
            : undefined;
    if (schema === undefined) return 'not-an-export-line';
    const line = schema.safeParse(value);
    if (!line.success) return problemOf(line.error);
    const proof = line.data;
    if (proof.proof === 'window') return { kind: 'window', proof };
    const hashes = proof.hashes.map(fromBase64);
    return proof.proof === 'inclusion'
      ? { kind: 'inclusion', index: proof.index, treeSize: proof.treeSize, hashes }
      : { kind: 'consistency', proof, hashes };
  }
  if ('type' in record) return 'not-an-export-line';
  const entry = entrySchema.safeParse(value);
  if (!entry.success) return problemOf(entry.error);
  return { kind: 'entry', index: entry.data.index, leaf: leafHash(leafText(entry.data)) };
}

/** Verifies export lines (without their line breaks) against the published audit keys. */
export async function verifyAuditExport(
  lines: AsyncIterable<string> | Iterable<string>,
  keys: readonly NoteKey[],
  previousNote?: string,
): Promise<ExportVerdict> {
  let lineNumber = 0;
  const fail = (problem: ExportProblem, at = lineNumber): ExportVerdict => ({
    intact: false,
    line: at,
    problem,
  });
  const readNote = (note: string): Checkpoint | ExportProblem => {
    const verdict = verifyCheckpointNote(note, keys);
    if (!verdict.valid) {
      return verdict.reason === 'malformed'
        ? 'malformed-checkpoint'
        : verdict.reason === 'unknown-key'
          ? 'unknown-checkpoint-key'
          : 'bad-checkpoint-signature';
    }
    return { size: verdict.size, root: verdict.root, origin: verdict.origin };
  };

  type Phase = 'earlier' | 'entries' | 'inclusions' | 'done';
  let phase: Phase = 'earlier';
  let pending: { checkpoint: Checkpoint; line: number } | undefined;
  const earlier: { checkpoint: Checkpoint; proof: Hash[]; treeSize: number; line: number }[] = [];
  const leaves: Hash[] = [];
  let firstIndex: number | undefined;
  let firstEntryLine = 0;
  let window: { proof: WindowProof; line: number } | undefined;
  const inclusions: { index: number; treeSize: number; hashes: Hash[]; line: number }[] = [];
  let final: { checkpoint: Checkpoint; line: number } | undefined;

  for await (const text of lines) {
    lineNumber += 1;
    if (text === '' && phase === 'done') continue;
    const parsed = parseStrictLine(text);
    if (!parsed.ok) return fail(parsed.problem);
    const line = classify(parsed.value);
    if (typeof line === 'string') return fail(line);
    if (phase === 'done') return fail('misplaced-line');
    if (pending !== undefined && line.kind !== 'consistency') {
      return fail('checkpoint-without-consistency-proof', pending.line);
    }
    switch (line.kind) {
      case 'checkpoint': {
        const checkpoint = readNote(line.note);
        if (typeof checkpoint === 'string') return fail(checkpoint);
        const origin = earlier[0]?.checkpoint.origin ?? pending?.checkpoint.origin;
        if (origin !== undefined && origin !== checkpoint.origin) return fail('other-log');
        if (phase === 'earlier') pending = { checkpoint, line: lineNumber };
        else if (phase === 'inclusions') {
          if (earlier.some(({ checkpoint: e }) => e.origin !== checkpoint.origin)) {
            return fail('other-log');
          }
          final = { checkpoint, line: lineNumber };
          phase = 'done';
        } else return fail('misplaced-line');
        break;
      }
      case 'consistency': {
        if (pending === undefined) return fail('misplaced-line');
        if (line.proof.size !== pending.checkpoint.size) return fail('misplaced-line');
        earlier.push({
          checkpoint: pending.checkpoint,
          proof: line.hashes,
          treeSize: line.proof.treeSize,
          line: lineNumber,
        });
        pending = undefined;
        break;
      }
      case 'entry': {
        if (phase === 'earlier') {
          phase = 'entries';
          firstIndex = line.index;
          firstEntryLine = lineNumber;
        } else if (phase !== 'entries') return fail('misplaced-line');
        if (line.index !== (firstIndex ?? 0) + leaves.length) return fail('out-of-order');
        leaves.push(line.leaf);
        break;
      }
      case 'window': {
        if (phase !== 'earlier' && phase !== 'entries') return fail('misplaced-line');
        const { start, end } = line.proof;
        if (end !== start + leaves.length || (firstIndex !== undefined && firstIndex !== start)) {
          return fail('window-does-not-match-entries');
        }
        window = { proof: line.proof, line: lineNumber };
        phase = 'inclusions';
        break;
      }
      case 'inclusion': {
        if (phase !== 'inclusions') return fail('misplaced-line');
        inclusions.push({ ...line, line: lineNumber });
        break;
      }
    }
  }
  if (pending !== undefined) return fail('checkpoint-without-consistency-proof', pending.line);
  if (final === undefined || window === undefined) {
    return fail('final-checkpoint-missing', lineNumber);
  }

  // Every proof is checked against the final checkpoint, in the order of the lines.
  const { size, root } = final.checkpoint;
  for (const { checkpoint, proof, treeSize, line } of earlier) {
    if (checkpoint.size > size || treeSize !== size) return fail('tree-size-differs', line);
    if (!verifyConsistency(checkpoint.size, size, checkpoint.root, root, proof)) {
      return fail('inconsistent-checkpoint', line);
    }
  }
  const { proof } = window;
  if (proof.treeSize !== size) return fail('tree-size-differs', window.line);
  const left = proof.left.map(fromBase64);
  const computed = windowRoot(size, proof.start, leaves, left, proof.right.map(fromBase64));
  if (computed === undefined || !equalHashes(computed, root)) {
    return {
      intact: false,
      line: window.line,
      problem: 'entries-do-not-match-root',
      ...(leaves.length > 0
        ? { lines: [firstEntryLine, firstEntryLine + leaves.length - 1] as [number, number] }
        : {}),
    };
  }
  for (const inclusion of inclusions) {
    const leaf = leaves[inclusion.index - proof.start];
    if (
      inclusion.treeSize !== size ||
      leaf === undefined ||
      !verifyInclusion(inclusion.index, size, leaf, inclusion.hashes, root)
    ) {
      return fail('inclusion-proof-fails', inclusion.line);
    }
  }

  let previousSize: number | undefined;
  if (previousNote !== undefined) {
    const previous = readNote(previousNote);
    if (typeof previous === 'string') return fail(previous, 0);
    if (previous.origin !== final.checkpoint.origin) return fail('other-log', 0);
    previousSize = previous.size;
    if (previous.size > size) return fail('previous-checkpoint-ahead', final.line);
    // The tree at the kept size: from an earlier checkpoint of that size in this export
    // (proven consistent above), or rebuilt from the window's left range and its entries.
    let rootThen: Hash | undefined = earlier.find(
      ({ checkpoint }) => checkpoint.size === previous.size,
    )?.checkpoint.root;
    if (rootThen === undefined && previous.size >= proof.start && previous.size <= proof.end) {
      const range = CompactRange.of(proof.start, left);
      for (const leaf of leaves.slice(0, previous.size - proof.start)) range.append(0, leaf);
      rootThen = range.root();
    }
    if (rootThen === undefined) {
      return {
        intact: 'unknown',
        reason: 'previous-before-window',
        previousSize: previous.size,
        start: proof.start,
      };
    }
    if (!equalHashes(rootThen, previous.root)) {
      return fail('previous-checkpoint-forked', final.line);
    }
  }

  return {
    intact: true,
    treeSize: size,
    start: proof.start,
    end: proof.end,
    ...(proof.from === undefined ? {} : { from: proof.from }),
    ...(proof.to === undefined ? {} : { to: proof.to }),
    exportedAt: proof.exportedAt,
    earlierCheckpoints: earlier.length,
    ...(previousSize === undefined ? {} : { previousSize }),
  };
}
