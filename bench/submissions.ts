/**
 * Timing of agency answers, `npm run bench -- submissions`: the same kind of submission for
 * people with fifteen sealed records and for people with none, over real HTTP against the
 * local stack, interleaved at random. The answer depends on the record's own facts only, so
 * the medians should match (DESIGN.md invariant 8). The sealing service's work for the
 * previous submission is drained before each timed request: in AWS it runs in another
 * function, here it would otherwise share the event loop with the next answer.
 */
import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { issueDevToken } from '../shared/adapters/local/devTokens.ts';
import { startLocalStack } from '../shared/adapters/local/localStack.ts';
import { judgment, type Person, relatedRecord, syntheticPerson } from '../test/support/fixtures.ts';

const PEOPLE_PER_GROUP = 20;
const SEALED_RECORDS_EACH = 15;
const REQUESTS = 1_000;
const WARM_UP = 100;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

export async function runSubmissionsBench(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'submissions-bench-'));
  process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const stack = await startLocalStack({ dataDir, inMemory: true });
  try {
    const court = await issueDevToken(dataDir, { role: 'court', org: 'bench-court' });
    const post = async (token: string, body: unknown) => {
      const response = await fetch(`${stack.url}/v1/records`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      if (response.status !== 201) throw new Error(`unexpected status ${response.status}`);
      return text;
    };
    const people = (sealed: boolean): Promise<Person[]> =>
      Promise.all(
        Array.from({ length: PEOPLE_PER_GROUP }, async () => {
          const person = syntheticPerson('2004-06-15');
          for (let i = 0; sealed && i < SEALED_RECORDS_EACH; i++) {
            const body =
              i % 3 === 0
                ? relatedRecord(person, 'social-investigation', `2019-0${(i % 9) + 1}-01`)
                : judgment({
                    person,
                    offenceDate: `2020-0${(i % 9) + 1}-0${(i % 7) + 1}`,
                    months: 24,
                  });
            const answer = JSON.parse(await post(court, body)) as { sealed: boolean };
            if (!answer.sealed) throw new Error('a setup record was not sealed');
          }
          return person;
        }),
      );
    const groups = { sealed: await people(true), none: await people(false) };
    await stack.drainSealingQueue();

    const samples: Record<'sealed' | 'none', number[]> = { sealed: [], none: [] };
    for (let i = 0; i < REQUESTS + WARM_UP; i++) {
      const kind = randomInt(2) === 0 ? 'sealed' : 'none';
      const person = groups[kind][randomInt(PEOPLE_PER_GROUP)] as Person;
      // An adult's conviction: for the sealed group it falls in no probation, combines
      // nothing — but would, before, have made ingestion read every earlier record.
      const body = judgment({ person, offenceDate: '2024-02-02', months: 30 });
      await stack.drainSealingQueue();
      const start = performance.now();
      await post(court, body);
      const elapsed = performance.now() - start;
      if (i >= WARM_UP) samples[kind].push(elapsed);
    }

    for (const kind of ['sealed', 'none'] as const) {
      const s = sorted(samples[kind]);
      console.log(
        `${kind === 'sealed' ? `${SEALED_RECORDS_EACH} sealed` : 'none'}`.padEnd(10) +
          ` n=${s.length}  median ${quantile(s, 0.5).toFixed(3)} ms  p90 ${quantile(s, 0.9).toFixed(3)} ms`,
      );
    }
    const ratio = quantile(sorted(samples.sealed), 0.5) / quantile(sorted(samples.none), 0.5);
    console.log(`submissions: median sealed/none ratio ${ratio.toFixed(3)}`);
  } finally {
    await stack.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
