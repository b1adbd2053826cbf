/**
 * Offline verification of an audit export (`GET /v1/audit`; `npm run audit:verify`): every
 * event line's hash is recomputed from its content and its predecessor's hash, every chain's
 * sequence must run without a gap, and every checkpoint must carry a valid signature of the
 * issuer's audit key over exactly the entry at its sequence number. Each chain must end with
 * a checkpoint of its last entry: an export cut short, or a chain whose newest entries were
 * removed before a checkpoint had been taken of them, does not verify. The last line is the
 * export statement, signed at export: every chain exported, with the first and last sequence
 * number of its run — so that a chain's first entries dropped up to a stored checkpoint (which
 * would then look like a window's anchor), or a chain dropped whole, do not verify either.
 *
 * The first line that breaks any of these is named; nothing here needs a network or the
 * database.
 */
import type { JWK } from 'jose';
import { chainHash, GENESIS_HASH } from '../auditChain.ts';
import { canonicalJson } from '../canonicalJson.ts';
import {
  type ExportStatementClaims,
  verifyCheckpoint,
  verifyExportStatement,
} from './checkpoint.ts';

export type ExportProblem =
  | 'not-json'
  | 'not-an-entry'
  | 'gap-or-reordered'
  | 'wrong-previous-hash'
  | 'wrong-hash'
  | 'bad-checkpoint-signature'
  | 'unknown-checkpoint-key'
  | 'checkpoint-does-not-match-its-line'
  | 'checkpoint-does-not-match-entry'
  | 'checkpoint-ahead-of-entries'
  | 'chain-not-closed-by-checkpoint'
  | 'chain-not-anchored'
  | 'bad-export-statement'
  | 'export-statement-missing'
  | 'lines-after-export-statement'
  | 'chain-differs-from-export-statement'
  | 'empty-export';

export type ExportVerdict =
  | { intact: true; entries: number; checkpoints: number; chains: number }
  | { intact: false; line: number; problem: ExportProblem; chain?: string };

type ChainState = {
  /** The sequence number of the chain's first entry in the export, and that line. */
  firstSeq?: number;
  firstLine: number;
  lastSeq: number;
  lastHash: string;
  hashes: Map<number, string>;
  /** The line that last touched the chain, and whether it was a checkpoint of its head. */
  lastLine: number;
  closed: boolean;
};

const problemsInPlainWords: Record<ExportProblem, string> = {
  'not-json': 'is not a JSON object',
  'not-an-entry': 'is neither an audit entry nor a checkpoint',
  'gap-or-reordered':
    'does not follow the previous entry of its chain (dropped, inserted or reordered)',
  'wrong-previous-hash': 'does not link to the previous entry of its chain',
  'wrong-hash': 'has been changed: its hash does not match its content',
  'bad-checkpoint-signature': 'is a checkpoint whose signature does not verify',
  'unknown-checkpoint-key':
    'is a checkpoint signed by a key the trust bundle does not publish for audit',
  'checkpoint-does-not-match-its-line':
    'is a checkpoint whose signed content differs from its line',
  'checkpoint-does-not-match-entry': 'is a checkpoint of a different entry than the one exported',
  'checkpoint-ahead-of-entries': 'is a checkpoint of entries missing from the export (removed)',
  'chain-not-closed-by-checkpoint':
    'ends its chain without a checkpoint of its last entry (cut short)',
  'chain-not-anchored':
    'starts its chain after the first entry without a checkpoint of the entry before (lines dropped)',
  'bad-export-statement':
    'is an export statement whose signature does not verify, or that differs from its line',
  'export-statement-missing':
    'ends the export without its signed export statement (cut short or removed)',
  'lines-after-export-statement': 'follows the export statement, which must be the last line',
  'chain-differs-from-export-statement':
    'starts a chain whose entries differ from what the export statement signs (entries or a chain dropped)',
  'empty-export': 'the export holds no entry and no checkpoint',
};

export function describeProblem(problem: ExportProblem): string {
  return problemsInPlainWords[problem];
}

/** Verifies export lines (without their line breaks) against the published audit keys. */
export async function verifyAuditExport(
  lines: AsyncIterable<string> | Iterable<string>,
  auditKeys: ReadonlyMap<string, JWK>,
): Promise<ExportVerdict> {
  const chains = new Map<string, ChainState>();
  let lineNumber = 0;
  let entries = 0;
  let checkpoints = 0;
  let statement: { claims: ExportStatementClaims; line: number } | undefined;
  const fail = (problem: ExportProblem, chain?: string): ExportVerdict => ({
    intact: false,
    line: lineNumber,
    problem,
    ...(chain ? { chain } : {}),
  });

  for await (const text of lines) {
    lineNumber += 1;
    if (text.trim() === '') continue;
    let line: Record<string, unknown>;
    try {
      line = JSON.parse(text);
      if (typeof line !== 'object' || line === null || Array.isArray(line)) return fail('not-json');
    } catch {
      return fail('not-json');
    }
    if (statement !== undefined) return fail('lines-after-export-statement');
    if (line.type === 'export') {
      const verdict = await verifyExportStatement(String(line.signature ?? ''), auditKeys);
      if (!verdict.valid) {
        return fail(
          verdict.reason === 'unknown-key' ? 'unknown-checkpoint-key' : 'bad-export-statement',
        );
      }
      const { type: _type, signature: _signature, kid, ...shown } = line;
      if (kid !== verdict.kid || canonicalJson(shown) !== canonicalJson(verdict.claims)) {
        return fail('bad-export-statement');
      }
      statement = { claims: verdict.claims, line: lineNumber };
      continue;
    }
    const chain = typeof line.chain === 'string' ? line.chain : undefined;
    const seq = typeof line.seq === 'number' && Number.isInteger(line.seq) ? line.seq : undefined;
    if (chain === undefined || seq === undefined) return fail('not-an-entry');

    if (line.type === 'checkpoint') {
      const verdict = await verifyCheckpoint(String(line.signature ?? ''), auditKeys);
      if (!verdict.valid) {
        return fail(
          verdict.reason === 'unknown-key' ? 'unknown-checkpoint-key' : 'bad-checkpoint-signature',
          chain,
        );
      }
      const { claims } = verdict;
      if (
        claims.chain !== chain ||
        claims.seq !== seq ||
        claims.hash !== line.hash ||
        claims.at !== line.at ||
        verdict.kid !== line.kid
      ) {
        return fail('checkpoint-does-not-match-its-line', chain);
      }
      const state = chains.get(chain);
      if (state === undefined) {
        // An anchor: the run that follows continues from this signed position.
        chains.set(chain, {
          firstLine: lineNumber,
          lastSeq: seq,
          lastHash: claims.hash,
          hashes: new Map([[seq, claims.hash]]),
          lastLine: lineNumber,
          closed: false,
        });
        checkpoints += 1;
        continue;
      }
      if (seq > state.lastSeq) return fail('checkpoint-ahead-of-entries', chain);
      const expected = state.hashes.get(seq);
      if (expected !== undefined && expected !== claims.hash) {
        return fail('checkpoint-does-not-match-entry', chain);
      }
      state.lastLine = lineNumber;
      state.closed = seq === state.lastSeq;
      checkpoints += 1;
      continue;
    }

    const { chain: _c, seq: _s, prevHash, hash, type: _t, ...record } = line;
    if (typeof prevHash !== 'string' || typeof hash !== 'string') return fail('not-an-entry');
    let state = chains.get(chain);
    if (state === undefined) {
      // A chain's first line is its first entry, or the anchoring checkpoint above.
      if (seq !== 1) return fail('chain-not-anchored', chain);
      state = {
        firstLine: lineNumber,
        lastSeq: 0,
        lastHash: GENESIS_HASH,
        hashes: new Map(),
        lastLine: 0,
        closed: false,
      };
      chains.set(chain, state);
    }
    if (seq !== state.lastSeq + 1) return fail('gap-or-reordered', chain);
    if (prevHash !== state.lastHash) return fail('wrong-previous-hash', chain);
    if (chainHash(prevHash, record) !== hash) return fail('wrong-hash', chain);
    state.firstSeq ??= seq;
    state.lastSeq = seq;
    state.lastHash = hash;
    state.hashes.set(seq, hash);
    state.lastLine = lineNumber;
    state.closed = false;
    entries += 1;
  }

  // A window with no entries is still an export: its signed statement names no chain.
  if (chains.size === 0 && statement === undefined) return fail('empty-export');
  for (const [chain, state] of chains) {
    if (!state.closed) {
      return {
        intact: false,
        line: state.lastLine,
        problem: 'chain-not-closed-by-checkpoint',
        chain,
      };
    }
  }
  if (statement === undefined) return fail('export-statement-missing');
  const signed = statement.claims.chains;
  for (const [chain, state] of chains) {
    const run = signed[chain];
    if (run === undefined || run.first !== state.firstSeq || run.last !== state.lastSeq) {
      return {
        intact: false,
        line: state.firstLine,
        problem: 'chain-differs-from-export-statement',
        chain,
      };
    }
  }
  const missing = Object.keys(signed).find((chain) => !chains.has(chain));
  if (missing !== undefined) {
    return {
      intact: false,
      line: statement.line,
      problem: 'chain-differs-from-export-statement',
      chain: missing,
    };
  }
  return { intact: true, entries, checkpoints, chains: chains.size };
}
