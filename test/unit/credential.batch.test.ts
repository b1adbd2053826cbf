/** `verifyBatch`: many credential files over several threads, verdicts in file order. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type FileVerdict, listCredentialFiles, verifyBatch } from '../../scripts/verifyBatch.ts';
import {
  bundleOf,
  createTestKey,
  documentOf,
  issue,
  issuer,
  now,
  temporaryDirectory,
} from './credential.fixtures.ts';

const key = createTestKey('key-1');
const bundle = bundleOf(documentOf(issuer.did, key));
const { credential } = await issue(key.signer);
const [h, p, s = ''] = credential.split('.');
const tampered = `${h}.${p}.${s.startsWith('A') ? `B${s.slice(1)}` : `A${s.slice(1)}`}`;

/** 150 files (three jobs of 64): valid ones, with a few of every kind of failure among them. */
const dir = temporaryDirectory();
const expected = new Map<string, string[]>();
for (let i = 0; i < 150; i++) {
  const name = `applicant-${String(i).padStart(3, '0')}.jwt`;
  const [content, codes]: [string, string[]] =
    i === 7
      ? [tampered, ['bad-signature']]
      : i === 70
        ? ['not a credential', ['malformed']]
        : i === 140
          ? ['x'.repeat(70_000), ['malformed']]
          : i % 2 === 0
            ? [credential, []]
            : [JSON.stringify({ certificateId: 'urn:uuid:x', credential }), []];
  writeFileSync(join(dir, name), content);
  expected.set(join(dir, name), codes);
}
writeFileSync(join(dir, '.DS_Store'), 'hidden');
mkdirSync(join(dir, 'archive'));
writeFileSync(join(dir, 'archive', 'old.jwt'), tampered);
const files = listCredentialFiles(dir);

function summary(results: FileVerdict[]) {
  return results.map(({ file, verdict }) => [file, verdict.reasons.map(({ code }) => code)]);
}

describe('Function: listCredentialFiles', () => {
  it('lists the regular files in name order, without hidden files and subdirectories', () => {
    expect(files).toEqual([...expected.keys()]);
  });
});

describe('Function: verifyBatch', () => {
  it('returns every file’s verdict, in file order, on the main thread alone', async () => {
    const results = await verifyBatch({ files, bundle, now, threads: 1 });
    expect(summary(results)).toEqual([...expected.entries()]);
    const first = results[0]?.verdict;
    expect(first?.kind === 'certificate' && first.valid && first.credential.nationalIdMasked).toBe(
      '990105********123X',
    );
  });

  it('gives the same verdicts when worker threads do all the work', async () => {
    const results = await verifyBatch({
      files,
      bundle,
      now,
      threads: 3,
      verifyOnMainThread: false,
    });
    expect(summary(results)).toEqual([...expected.entries()]);
    // Dates survive the trip from the worker (structured clone).
    const first = results[0]?.verdict;
    expect(first?.kind === 'certificate' && first.valid && first.credential.expires).toBeInstanceOf(
      Date,
    );
  });

  it('verifies as of the given instant in the workers too', async () => {
    const later = new Date(now.getTime() + 365 * 86_400_000);
    const results = await verifyBatch({
      files: files.slice(0, 2),
      bundle,
      now: later,
      threads: 2,
      verifyOnMainThread: false,
    });
    expect(summary(results).map(([, codes]) => codes)).toEqual([['expired'], ['expired']]);
  });

  it('returns nothing for no files', async () => {
    expect(await verifyBatch({ files: [], bundle, threads: 2 })).toEqual([]);
  });
});
