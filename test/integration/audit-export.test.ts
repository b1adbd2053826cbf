/**
 * The audit trail for supervisors (API.md, Oversight; DESIGN.md invariant 5): the export over
 * real HTTP, verified offline by `npm run audit:verify`. Every kind of tampering with a line
 * — an edited, dropped, reordered or inserted entry, a duplicate member name, an extra
 * member, a number written otherwise, an export cut short, a checkpoint re-signed — is caught
 * at the first bad line; `--previous` accepts a log that only grew and rejects a fork. The
 * final checkpoint and an inclusion proof are also checked with Sigstore's code.
 */
import { spawnSync } from 'node:child_process';
import { createHash, createPublicKey } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditKeysDir } from '#shared/adapters/local/localKeys.ts';
import { LocalFileSigner } from '#shared/adapters/local/localSigner.ts';
import {
  type NoteKey,
  noteKeysOf,
  signCheckpoint,
  spkiOfJwk,
} from '#shared/domain/audit/checkpoint.ts';
import { verifyAuditExport } from '#shared/domain/audit/verifyExport.ts';
import { canonicalJson } from '#shared/domain/canonicalJson.ts';
import { auditKeysOf, parseTrustBundle } from '#shared/domain/credential/didDocument.ts';
import { judgment, syntheticPerson } from '../support/fixtures.ts';
import { submitRecord } from '../support/records.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

const require = createRequire(import.meta.url);
const sigstore = {
  checkpoint: require('@sigstore/verify/dist/tlog/checkpoint.js'),
  merkle: require('@sigstore/verify/dist/tlog/merkle.js'),
};

let stack: TestStack;
let supervisor: string;
let court: string;
let bundleFile: string;
let keys: NoteKey[];
let jwks: Map<string, object>;
const dir = mkdtempSync(join(tmpdir(), 'audit-export-'));
const people = [syntheticPerson('2004-06-15'), syntheticPerson('1990-01-01')];

async function submit(count: number) {
  await warm();
  for (let i = 0; i < count; i++) {
    const person = people[i % 2] ?? syntheticPerson();
    await submitRecord(stack, court, judgment({ person, offenceDate: `2021-0${(i % 9) + 1}-01` }));
  }
  await stack.drainSealingQueue();
}

beforeAll(async () => {
  stack = await startTestStack({ inMemory: true });
  supervisor = await stack.token('supervisor', { org: 'spp-1', sub: 'procurator-audit' });
  court = await stack.token('court', { org: 'court-1', sub: 'judge-audit' });
  await submit(12);
  const bundle = (await stack.request('GET', '/v1/trust-bundle')).json;
  bundleFile = join(dir, 'bundle.json');
  writeFileSync(bundleFile, JSON.stringify(bundle));
  jwks = auditKeysOf(parseTrustBundle(bundle));
  keys = noteKeysOf(jwks);
});
afterAll(async () => stack.close());

/**
 * After a CLI run the idle keep-alive connection may have been closed by the server as
 * fetch reuses it (ECONNRESET): one throwaway request takes that socket out of the pool.
 */
async function warm(): Promise<void> {
  await stack.request('GET', '/.well-known/did.json').catch(() => undefined);
}

async function exportLines(query = ''): Promise<string[]> {
  await warm();
  const response = await stack.request('GET', `/v1/audit${query}`, { token: supervisor });
  expect(response.status, response.text).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/x-ndjson');
  return response.text.trimEnd().split('\n');
}

function write(lines: string[]): string {
  const file = join(dir, `export-${Math.random()}.ndjson`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function cli(lines: string[], extra: string[] = []): { status: number | null; out: string } {
  const run = spawnSync(
    process.execPath,
    ['scripts/audit-verify.ts', write(lines), '--trust', bundleFile, ...extra],
    { encoding: 'utf8' },
  );
  return { status: run.status, out: run.stdout + run.stderr };
}

const parsed = (line: string) => JSON.parse(line) as Record<string, unknown>;
const isEntry = (line: string) => !('type' in parsed(line));
const entryIndexes = (lines: string[]) =>
  lines.map((l, i) => (isEntry(l) ? i : -1)).filter((i) => i >= 0);
const finalNote = (lines: string[]) => String(parsed(lines.at(-1) ?? '{}').note);

describe('GET /v1/audit', { timeout: 60_000 }, () => {
  it('exports the whole log with its proofs, ending with a fresh checkpoint that audit:verify finds intact', async () => {
    const lines = await exportLines();
    const entries = lines.filter(isEntry).map(parsed);
    expect(entries.length).toBeGreaterThanOrEqual(12);
    expect(entries.map((e) => e.index)).toEqual(entries.map((_, i) => i));
    for (const person of people) {
      expect(lines.join('\n')).not.toContain(person.nationalId);
      expect(lines.join('\n')).not.toContain(person.name);
    }
    expect(Object.keys(entries[0] ?? {})).toEqual(
      expect.arrayContaining(['index', 'eventId', 'at', 'actor', 'action', 'target', 'outcome']),
    );
    expect(parsed(lines.at(-1) ?? '')).toMatchObject({ type: 'checkpoint' });
    expect(lines.every((line) => canonicalJson(JSON.parse(line)) === line)).toBe(true);
    expect(await verifyAuditExport(lines, keys)).toMatchObject({
      intact: true,
      treeSize: entries.length,
      start: 0,
      end: entries.length,
    });
    const run = cli(lines);
    expect(run.status, run.out).toBe(0);
    expect(run.out).toMatch(
      new RegExp(
        `^INTACT: tree size ${entries.length}; window the whole log: entries 0–${entries.length - 1} \\(${entries.length}\\); exported at \\d{4}-`,
      ),
    );
  });

  it('records the export itself, attributed to the supervisor, in the same export (locally)', async () => {
    const lines = await exportLines();
    const own = lines
      .filter(isEntry)
      .map(parsed)
      .filter((e) => e.action === 'audit.export');
    expect(own.some((e) => (e.actor as { sub: string }).sub === 'procurator-audit')).toBe(true);
  });

  it('ends with a C2SP checkpoint and carries an inclusion proof that Sigstore’s code verifies', async () => {
    const lines = await exportLines(
      `?from=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}`,
    );
    const note = finalNote(lines);
    const [kid, jwk] = [...jwks][0] as [string, object];
    const spki = Buffer.from(spkiOfJwk(jwk));
    const origin = kid.replace(/^did:web:/, '').replace(/#.*$/, '');
    const checkpoint = sigstore.checkpoint.verifyCheckpoint(
      { inclusionProof: { checkpoint: { envelope: note } } },
      [
        {
          logID: createHash('sha256').update(spki).digest(),
          baseURL: `http://${decodeURIComponent(origin)}/audit`,
          publicKey: createPublicKey({ key: spki, format: 'der', type: 'spki' }),
        },
      ],
    );
    const inclusion = lines.map(parsed).find((l) => l.proof === 'inclusion') as {
      index: number;
      hashes: string[];
    };
    const entry = lines.find((l) => isEntry(l) && parsed(l).index === inclusion.index) as string;
    sigstore.merkle.verifyMerkleInclusion(
      {
        canonicalizedBody: Buffer.from(entry),
        inclusionProof: {
          logIndex: String(inclusion.index),
          hashes: inclusion.hashes.map((h) => Buffer.from(h, 'base64')),
        },
      },
      checkpoint,
    );
  });

  it('answers a window with from and to, and refuses a malformed one', async () => {
    const future = await exportLines(
      `?from=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`,
    );
    expect(future.filter(isEntry)).toHaveLength(0);
    expect(await verifyAuditExport(future, keys)).toMatchObject({ intact: true });
    const all = (await exportLines()).filter(isEntry).map(parsed);
    const middle = all[Math.floor(all.length / 2)] as { at: string; index: number };
    const window = await exportLines(`?from=${encodeURIComponent(middle.at)}`);
    const inWindow = window.filter(isEntry).map(parsed);
    expect(inWindow.length).toBeLessThan(all.length + 2);
    expect(inWindow[0]?.index).toBeLessThanOrEqual(middle.index);
    expect(await verifyAuditExport(window, keys)).toMatchObject({
      intact: true,
      from: new Date(middle.at).toISOString(),
    });
    expect(cli(window).out).toContain(`window from ${new Date(middle.at).toISOString()} to now`);
    const bad = await stack.request('GET', '/v1/audit?from=yesterday', { token: supervisor });
    expect(bad.status).toBe(400);
    expect(
      (await stack.request('GET', '/v1/audit', { token: await stack.token('court') })).status,
    ).toBe(403);
  });
});

describe('npm run audit:verify catches tampering at the first bad line', {
  timeout: 120_000,
}, () => {
  let lines: string[];
  beforeAll(async () => {
    lines = await exportLines();
  });
  const tampered = async (bad: string[], line: number, problem: string) => {
    expect(await verifyAuditExport(bad, keys)).toMatchObject({ intact: false, line, problem });
    const run = cli(bad);
    expect(run.status, run.out).toBe(1);
    expect(run.out).toContain(`TAMPERED: line ${line} `);
  };

  it('an edited entry, even rewritten in canonical form', async () => {
    const i = entryIndexes(lines)[2] ?? 0;
    const edited = [...lines];
    edited[i] = canonicalJson({ ...parsed(lines[i] ?? ''), outcome: 'refused' });
    const windowLine = lines.findIndex((l) => parsed(l).proof === 'window') + 1;
    await tampered(edited, windowLine, 'entries-do-not-match-root');
  });

  it('a dropped entry', async () => {
    const i = entryIndexes(lines)[1] ?? 0;
    await tampered(
      lines.filter((_, j) => j !== i),
      i + 1,
      'out-of-order',
    );
  });

  it('two entries reordered', async () => {
    const [a, b] = entryIndexes(lines).slice(3, 5) as [number, number];
    const reordered = [...lines];
    [reordered[a], reordered[b]] = [lines[b] ?? '', lines[a] ?? ''];
    await tampered(reordered, a + 1, 'out-of-order');
  });

  it('an inserted entry, and one inserted with every later index renumbered', async () => {
    const i = entryIndexes(lines)[0] ?? 0;
    // Forged with the next index, it reads well alone: the entry after it is out of order.
    const forged = canonicalJson({ ...parsed(lines[i] ?? ''), index: 1, target: 'forged' });
    await tampered(
      [...lines.slice(0, i + 1), forged, ...lines.slice(i + 1)],
      i + 3,
      'out-of-order',
    );
    const renumbered = [...lines.slice(0, i + 1), forged, ...lines.slice(i + 1)].map((l, j) =>
      j > i + 1 && isEntry(l)
        ? canonicalJson({ ...parsed(l), index: Number(parsed(l).index) + 1 })
        : l,
    );
    const windowLine = renumbered.findIndex((l) => parsed(l).proof === 'window') + 1;
    await tampered(renumbered, windowLine, 'window-does-not-match-entries');
  });

  it('a duplicate member name in front of the real one', async () => {
    const i = entryIndexes(lines)[1] ?? 0;
    const bad = [...lines];
    bad[i] = (lines[i] ?? '').replace('{', '{"action":"record.ingest",');
    await tampered(bad, i + 1, 'duplicate-key');
  });

  it('an extra member on an entry ("type", outside any schema)', async () => {
    const i = entryIndexes(lines)[1] ?? 0;
    const bad = [...lines];
    bad[i] = canonicalJson({ ...parsed(lines[i] ?? ''), type: 'note' });
    await tampered(bad, i + 1, 'not-an-export-line');
    bad[i] = canonicalJson({ ...parsed(lines[i] ?? ''), comment: 'x' });
    await tampered(bad, i + 1, 'unknown-member');
  });

  it('a number written otherwise, whitespace, or members reordered', async () => {
    const i = entryIndexes(lines)[1] ?? 0;
    const bad = [...lines];
    bad[i] = (lines[i] ?? '').replace(/"index":(\d+)/, '"index":$1.0');
    await tampered(bad, i + 1, 'not-canonical');
    bad[i] = (lines[i] ?? '').replace('{', '{ ');
    await tampered(bad, i + 1, 'not-canonical');
  });

  it('an export cut short before its final checkpoint', async () => {
    await tampered(lines.slice(0, -1), lines.length - 1, 'final-checkpoint-missing');
  });

  it('a final checkpoint re-signed by another key, or for another size', async () => {
    const note = finalNote(lines);
    const [body] = note.split('\n\n');
    const other = `${body}\n\n\u2014 ${note.split('\u2014 ')[1]?.split(' ')[0]} ${Buffer.alloc(72, 7).toString('base64')}\n`;
    await tampered(
      [...lines.slice(0, -1), canonicalJson({ type: 'checkpoint', note: other })],
      lines.length,
      'unknown-checkpoint-key',
    );
    const resized = note.replace(/\n(\d+)\n/, (_, n) => `\n${Number(n) + 1}\n`);
    await tampered(
      [...lines.slice(0, -1), canonicalJson({ type: 'checkpoint', note: resized })],
      lines.length,
      'bad-checkpoint-signature',
    );
  });
});

describe('--previous CHECKPOINT: the log only grew', { timeout: 120_000 }, () => {
  it('accepts a grown log, from a whole export or a window that reaches back to it', async () => {
    const before = await exportLines();
    const kept = join(dir, 'kept.note');
    writeFileSync(kept, finalNote(before));
    await submit(3);
    const after = await exportLines();
    const run = cli(after, ['--previous', kept]);
    expect(run.status, run.out).toBe(0);
    expect(run.out).toMatch(/grew from the previous checkpoint \(tree size \d+\)/);
    // The kept line as exported works too.
    writeFileSync(kept, before.at(-1) ?? '');
    expect(cli(after, ['--previous', kept]).status).toBe(0);
    // A window starting after it: its own checkpoint came back with a consistency proof.
    const since = parsed(before.filter(isEntry).at(-1) ?? '{}').at as string;
    const window = await exportLines(`?from=${encodeURIComponent(since)}`);
    const windowed = cli(window, ['--previous', kept]);
    expect(windowed.status, windowed.out).toBe(0);
  });

  it('rejects a fork: a checkpoint of the same size with another root, signed by the audit key', async () => {
    const lines = await exportLines();
    const final = finalNote(lines);
    const size = Number(final.split('\n')[1]);
    const signer = LocalFileSigner.fromDirectory(auditKeysDir(stack.dataDir));
    const [, jwk] = [...jwks].find(([kid]) => kid.endsWith(`#${signer.keyId}`)) ?? [];
    const origin = final.split('\n')[0] ?? '';
    const forked = await signCheckpoint(
      { origin, size: size - 1, root: createHash('sha256').update('another history').digest() },
      signer,
      spkiOfJwk(jwk as object),
    );
    const kept = join(dir, 'forked.note');
    writeFileSync(kept, forked);
    const run = cli(lines, ['--previous', kept]);
    expect(run.status, run.out).toBe(1);
    expect(run.out).toContain('previous-checkpoint-forked');
    // And a checkpoint of a larger tree than the export: the log shrank.
    writeFileSync(
      kept,
      await signCheckpoint(
        { origin, size: size + 5, root: createHash('sha256').update('x').digest() },
        signer,
        spkiOfJwk(jwk as object),
      ),
    );
    expect(cli(lines, ['--previous', kept]).out).toContain('previous-checkpoint-ahead');
    writeFileSync(kept, 'not a note');
    expect(cli(lines, ['--previous', kept]).status).toBe(2);
  });
});
