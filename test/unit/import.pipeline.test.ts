/**
 * The bulk import pipeline alone, with an ingestion function that records what it was asked
 * and when: outcomes in line order, bounded concurrency, one person's lines one after
 * another in file order, rejections, retries, and the stop at a line that cannot be imported.
 */
import { describe, expect, it } from 'vitest';
import type { RecordSubmission } from '#shared/domain/submission.ts';
import { DependencyUnavailableError, RecordConflictError } from '#shared/errors.ts';
import {
  ImportInterruptedError,
  type ImportItem,
  type ImportOutcome,
  ImportRecords,
} from '#shared/usecases/importRecords.ts';
import type { IngestRecordResult } from '#shared/usecases/ingestRecord.ts';

type Rejection = { code: string };
const submitter = { subject: 's', role: 'court', organisation: 'o' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function item(line: number, person: string, tag = ''): ImportItem<Rejection> {
  return {
    line,
    submission: {
      caseNumber: `case-${line}${tag}`,
      subject: { nationalId: person, name: 'n', dateOfBirth: '2004-06-15' },
    } as RecordSubmission,
  };
}

const rejectionOf = (error: unknown) =>
  error instanceof RecordConflictError ? { code: 'record-conflict' } : undefined;

/** An ingestion that takes a random few milliseconds and notes concurrency, per person too. */
function recordingIngest(
  behaviour: (s: RecordSubmission, attempt: number) => void = () => undefined,
) {
  const log = {
    maxActive: 0,
    active: 0,
    perPerson: new Map<string, number>(),
    overlapPerPerson: 0,
    order: [] as string[],
  };
  const attempts = new Map<string, number>();
  const ingest = async (submission: RecordSubmission): Promise<IngestRecordResult> => {
    const person = submission.subject.nationalId;
    log.active += 1;
    log.maxActive = Math.max(log.maxActive, log.active);
    const mine = (log.perPerson.get(person) ?? 0) + 1;
    log.perPerson.set(person, mine);
    if (mine > 1) log.overlapPerPerson += 1;
    log.order.push(submission.caseNumber);
    try {
      await sleep(Math.random() * 5);
      const attempt = (attempts.get(submission.caseNumber) ?? 0) + 1;
      attempts.set(submission.caseNumber, attempt);
      behaviour(submission, attempt);
      return {
        recordId: submission.caseNumber,
        sealed: true,
        containsSealedInformation: false,
        basis: [],
        reviewFlags: [],
        created: true,
      };
    } finally {
      log.active -= 1;
      log.perPerson.set(person, (log.perPerson.get(person) ?? 1) - 1);
    }
  };
  return { ingest, log, attempts };
}

async function all(outcomes: AsyncIterable<ImportOutcome<Rejection>>) {
  const list: ImportOutcome<Rejection>[] = [];
  for await (const outcome of outcomes) list.push(outcome);
  return list;
}

describe('Class: ImportRecords', () => {
  it('yields outcomes in line order, never runs more than `concurrency` lines at once', async () => {
    const { ingest, log } = recordingIngest();
    const pipeline = new ImportRecords({ ingest, rejectionOf, concurrency: 4 });
    const items = Array.from({ length: 60 }, (_, i) => item(i + 1, `p${i}`));
    const outcomes = await all(pipeline.run(items, submitter));
    expect(outcomes.map((o) => o.line)).toEqual(items.map((i) => i.line));
    expect(log.maxActive).toBeLessThanOrEqual(4);
    expect(log.maxActive).toBeGreaterThan(1);
  });

  it('ingests one person’s lines one after another, in file order', async () => {
    const { ingest, log } = recordingIngest();
    const pipeline = new ImportRecords({ ingest, rejectionOf, concurrency: 8 });
    const items = Array.from({ length: 40 }, (_, i) => item(i + 1, `p${i % 3}`));
    await all(pipeline.run(items, submitter));
    expect(log.overlapPerPerson).toBe(0);
    for (const person of ['p0', 'p1', 'p2']) {
      const lines = items.filter(
        (i) => 'submission' in i && i.submission.subject.nationalId === person,
      );
      const cases = lines.map((i) => ('submission' in i ? i.submission.caseNumber : ''));
      expect(log.order.filter((c) => cases.includes(c))).toEqual(cases);
    }
  });

  it('passes rejections through in order and rejects a line whose error is its own', async () => {
    const { ingest } = recordingIngest((s) => {
      if (s.caseNumber === 'case-3') throw new RecordConflictError('r');
    });
    const pipeline = new ImportRecords({ ingest, rejectionOf, concurrency: 2 });
    const outcomes = await all(
      pipeline.run(
        [
          item(1, 'a'),
          { line: 2, rejection: { code: 'invalid-request' } },
          item(3, 'b'),
          item(4, 'c'),
        ],
        submitter,
      ),
    );
    expect(outcomes.map((o) => [o.line, o.kind])).toEqual([
      [1, 'sealed'],
      [2, 'rejected'],
      [3, 'rejected'],
      [4, 'sealed'],
    ]);
    expect(outcomes[2]).toMatchObject({ rejection: { code: 'record-conflict' } });
  });

  it('retries a failure that is not the line’s own, and counts what it then returns', async () => {
    const { ingest, attempts } = recordingIngest((s, attempt) => {
      if (s.caseNumber === 'case-2' && attempt < 3)
        throw new DependencyUnavailableError('dynamodb');
    });
    const pipeline = new ImportRecords({ ingest, rejectionOf, concurrency: 2, retryDelayMs: 1 });
    const outcomes = await all(pipeline.run([item(1, 'a'), item(2, 'b'), item(3, 'c')], submitter));
    expect(outcomes.map((o) => o.kind)).toEqual(['sealed', 'sealed', 'sealed']);
    expect(attempts.get('case-2')).toBe(3);
  });

  it('stops at a line that keeps failing: the lines before it come out, then the error names it', async () => {
    const { ingest, attempts } = recordingIngest((s) => {
      if (s.caseNumber === 'case-5') throw new DependencyUnavailableError('kms');
    });
    const pipeline = new ImportRecords({
      ingest,
      rejectionOf,
      concurrency: 3,
      attempts: 2,
      retryDelayMs: 1,
    });
    const seen: number[] = [];
    const items = Array.from({ length: 50 }, (_, i) => item(i + 1, `p${i}`));
    const error = await (async () => {
      try {
        for await (const outcome of pipeline.run(items, submitter)) seen.push(outcome.line);
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(ImportInterruptedError);
    expect((error as ImportInterruptedError).line).toBe(5);
    expect((error as Error).cause).toBeInstanceOf(DependencyUnavailableError);
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(attempts.get('case-5')).toBe(2);
    // It stopped admitting: far fewer lines than the file were started.
    expect(attempts.size).toBeLessThan(30);
  });

  it('stops reading when the signal aborts; lines in flight finish, nothing after them starts', async () => {
    const stop = new AbortController();
    const { ingest, attempts } = recordingIngest((s) => {
      if (s.caseNumber === 'case-10') stop.abort();
    });
    const pipeline = new ImportRecords({ ingest, rejectionOf, concurrency: 2 });
    const items = Array.from({ length: 100 }, (_, i) => item(i + 1, `p${i}`));
    const outcomes = await all(pipeline.run(items, submitter, stop.signal));
    expect(outcomes.length).toBeGreaterThanOrEqual(10);
    expect(outcomes.length).toBeLessThan(20);
    expect(outcomes.map((o) => o.line)).toEqual(outcomes.map((_, i) => i + 1));
    expect(attempts.size).toBe(outcomes.length);
  });
});
