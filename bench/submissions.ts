/**
 * Timing of agency answers, `npm run bench -- submissions`: the same kind of submission for
 * people with fifteen sealed records and for people with none, over real HTTP against the
 * local stack, interleaved at random, through every channel by which a submission can name
 * someone — the person as subject, as a made-up adult's co-defendant, by their case number,
 * as a combined case, by a guessed superseded record. The answer depends on the record's own
 * facts only, so the medians should match (DESIGN.md invariant 8). The sealing service's
 * work is drained before each timed request and held while it runs: in AWS it runs in
 * another function, here it would otherwise share the event loop with the answers.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { issueDevToken } from '../shared/adapters/local/devTokens.ts';
import { startLocalStack } from '../shared/adapters/local/localStack.ts';
import {
  judgment,
  type Person,
  relatedRecord,
  syntheticCaseNumber,
  syntheticPerson,
} from '../test/support/fixtures.ts';

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
    type Target = { person: Person; caseNumber: string };
    const people = (sealed: boolean): Promise<Target[]> =>
      Promise.all(
        Array.from({ length: PEOPLE_PER_GROUP }, async () => {
          const person = syntheticPerson('2004-06-15');
          const caseNumber = syntheticCaseNumber();
          for (let i = 0; sealed && i < SEALED_RECORDS_EACH; i++) {
            const body =
              i % 3 === 0
                ? relatedRecord(person, 'social-investigation', `2019-0${(i % 9) + 1}-01`)
                : judgment({
                    person,
                    offenceDate: `2020-0${(i % 9) + 1}-0${(i % 7) + 1}`,
                    months: 24,
                    ...(i === 1 ? { caseNumber } : {}),
                  });
            const answer = JSON.parse(await post(court, body)) as { sealed: boolean };
            if (!answer.sealed) throw new Error('a setup record was not sealed');
          }
          return { person, caseNumber };
        }),
      );
    const strawman = () => syntheticPerson('1990-01-01');
    const channels: Record<string, (target: Target) => unknown> = {
      // An adult's conviction: for the sealed group it falls in no probation, combines
      // nothing — but would, before, have made ingestion read every earlier record.
      subject: ({ person }) => judgment({ person, offenceDate: '2024-02-02', months: 30 }),
      'co-defendant': ({ person }) => ({
        ...judgment({ person: strawman(), offenceDate: '2019-01-01', months: 30 }),
        lastOffenceDate: '2024-01-01',
        effectiveDate: '2024-06-01',
        coDefendants: [{ nationalId: person.nationalId }],
      }),
      'case number': ({ caseNumber }) => ({
        ...judgment({ person: strawman(), offenceDate: '2021-09-01', months: 30 }),
        caseNumber,
      }),
      combinedWith: ({ person, caseNumber }) =>
        judgment({
          person,
          offenceDate: '2024-02-02',
          months: 72,
          combinedWith: [{ caseNumber, offenceDate: '2020-02-01' }],
        }),
      supersedes: ({ person }) =>
        judgment({
          person,
          offenceDate: '2021-09-01',
          months: 30,
          supersedesRecordId: randomUUID(),
        }),
    };
    const channelNames = Object.keys(channels);
    const groups = { sealed: await people(true), none: await people(false) };
    await stack.drainSealingQueue();

    const samples: Record<'sealed' | 'none', number[]> = { sealed: [], none: [] };
    const byChannel = new Map<string, Record<'sealed' | 'none', number[]>>(
      channelNames.map((name) => [name, { sealed: [], none: [] }]),
    );
    for (let i = 0; i < REQUESTS + WARM_UP; i++) {
      const kind = randomInt(2) === 0 ? 'sealed' : 'none';
      const target = groups[kind][randomInt(PEOPLE_PER_GROUP)] as Target;
      const channel = channelNames[randomInt(channelNames.length)] as string;
      const body = channels[channel]?.(target);
      await stack.drainSealingQueue();
      const elapsed = await stack.holdingSealingQueue(async () => {
        const start = performance.now();
        await post(court, body);
        return performance.now() - start;
      });
      if (i >= WARM_UP) {
        samples[kind].push(elapsed);
        byChannel.get(channel)?.[kind].push(elapsed);
      }
    }

    for (const kind of ['sealed', 'none'] as const) {
      const s = sorted(samples[kind]);
      console.log(
        `${kind === 'sealed' ? `${SEALED_RECORDS_EACH} sealed` : 'none'}`.padEnd(10) +
          ` n=${s.length}  median ${quantile(s, 0.5).toFixed(3)} ms  p90 ${quantile(s, 0.9).toFixed(3)} ms`,
      );
    }
    for (const [channel, split] of byChannel) {
      const ratio = quantile(sorted(split.sealed), 0.5) / quantile(sorted(split.none), 0.5);
      console.log(
        `  ${channel.padEnd(13)} n=${split.sealed.length}+${split.none.length}  median sealed/none ${ratio.toFixed(3)}`,
      );
    }
    const ratio = quantile(sorted(samples.sealed), 0.5) / quantile(sorted(samples.none), 0.5);
    console.log(`submissions: median sealed/none ratio ${ratio.toFixed(3)}`);
  } finally {
    await stack.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
