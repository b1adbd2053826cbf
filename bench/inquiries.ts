/**
 * Inquiry results, `npm run bench -- inquiries`:
 *   1. letters per second through the in-process letter handler (the function the inquiry
 *      function invokes: inquiry read, disclosable set, signature, audit append), on dynalite;
 *   2. the latency of the result step over real HTTP for people whose convictions are all
 *      sealed and people with no record, interleaved at random: the median ratio should be 1.
 * Locally the signature is a P-256 key file; in AWS each letter adds a KMS Sign and the
 * inquiry function's Lambda invocation of the letter function.
 */
import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { issueDevToken } from '../shared/adapters/local/devTokens.ts';
import { startLocalStack } from '../shared/adapters/local/localStack.ts';
import type { ResultRequest, ResultResponse } from '../shared/ports/inquiries.ts';
import { lambdaContext } from '../test/support/events.ts';
import { judgment, type Person, syntheticPerson } from '../test/support/fixtures.ts';
import { measure, memoryLine } from './measure.ts';

const PEOPLE_PER_GROUP = 20;
const REQUESTS = 600;
const WARM_UP = 60;

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

export async function runInquiriesBench(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'inquiries-bench-'));
  process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const stack = await startLocalStack({ dataDir, inMemory: true });
  try {
    const token = (role: 'court' | 'unit' | 'police', sub: string, org: string) =>
      issueDevToken(dataDir, { role, sub, org });
    const court = await token('court', 'bench-judge', 'bench-court');
    const school = await token('unit', 'bench-hr', 'bench-school');
    const police = await token('police', 'bench-officer', 'bench-psb');
    const call = async (method: string, path: string, bearer: string, body?: unknown) => {
      const response = await fetch(`${stack.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${bearer}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status}`);
      return JSON.parse(text) as Record<string, unknown>;
    };
    const approvedInquiryFor = async (person: Person) => {
      const { inquiryId } = await call('POST', '/v1/inquiries', school, {
        subject: { nationalId: person.nationalId, name: person.name },
        agency: { role: 'police', org: 'bench-psb' },
        legalBasis: 'teachers-law-14',
        reason: 'Benchmark: the same application for everyone.',
        purpose: 'Teacher recruitment',
      });
      await call('POST', `/v1/inquiries/${inquiryId}/decision`, police, { decision: 'approve' });
      await call('POST', `/v1/inquiries/${inquiryId}/acknowledgement`, school, { accepted: true });
      return String(inquiryId);
    };
    const group = async (sealed: boolean) => {
      const ids: string[] = [];
      for (let i = 0; i < PEOPLE_PER_GROUP; i++) {
        const person = syntheticPerson('2004-06-15');
        if (sealed) {
          for (const offenceDate of ['2020-03-01', '2021-05-01']) {
            const answer = await call(
              'POST',
              '/v1/records',
              court,
              judgment({ person, offenceDate, months: 24 }),
            );
            if (answer.sealed !== true) throw new Error('a setup record was not sealed');
          }
        }
        ids.push(await approvedInquiryFor(person));
      }
      return ids;
    };
    const inquiries = { sealed: await group(true), none: await group(false) };
    await stack.drainSealingQueue();

    // 1. Throughput of the letter function itself, invoked as the inquiry function does.
    const { handler } = (await import('../functions/issue-letter/handler.ts')) as unknown as {
      handler: (request: ResultRequest, context: unknown) => Promise<ResultResponse>;
    };
    const all = [...inquiries.sealed, ...inquiries.none];
    let n = 0;
    const letterOne = async () => {
      const inquiryId = all[n++ % all.length] ?? '';
      const response = await handler(
        { inquiryId, requester: { subject: 'bench-hr', role: 'unit', org: 'bench-school' } },
        lambdaContext(),
      );
      if (response.statusCode !== 200) throw new Error(`letter: ${response.statusCode}`);
    };
    const sequential = await measure(
      'inquiry letter (in-process letter handler, dynalite)',
      letterOne,
    );
    const concurrent = await measure(
      'inquiry letter (in-process letter handler, dynalite)',
      letterOne,
      { concurrency: 8 },
    );
    const perCpuSecond = (micros: number) => (1e6 / micros).toFixed(0);
    console.log(
      `letters: concurrency 8 / sequential ${(concurrent.opsPerSecond / sequential.opsPerSecond).toFixed(2)}; ` +
        `per CPU second of the handlers' thread (the database has its own): ${perCpuSecond(sequential.threadCpuMicrosPerOp)} sequential, ${perCpuSecond(concurrent.threadCpuMicrosPerOp)} at 8`,
    );

    // 2. The result step over HTTP: sealed-only against none, interleaved.
    const samples: Record<'sealed' | 'none', number[]> = { sealed: [], none: [] };
    for (let i = 0; i < REQUESTS + WARM_UP; i++) {
      const kind = randomInt(2) === 0 ? 'sealed' : 'none';
      const inquiryId = inquiries[kind][randomInt(PEOPLE_PER_GROUP)] ?? '';
      const start = performance.now();
      await call('GET', `/v1/inquiries/${inquiryId}/result`, school);
      const elapsed = performance.now() - start;
      if (i >= WARM_UP) samples[kind].push(elapsed);
    }
    for (const kind of ['sealed', 'none'] as const) {
      const s = sorted(samples[kind]);
      console.log(
        `${kind.padEnd(7)} n=${s.length}  median ${quantile(s, 0.5).toFixed(3)} ms  p90 ${quantile(s, 0.9).toFixed(3)} ms`,
      );
    }
    const ratio = quantile(sorted(samples.sealed), 0.5) / quantile(sorted(samples.none), 0.5);
    console.log(`inquiries: result step median sealed/none ratio ${ratio.toFixed(3)}`);
    console.log(memoryLine());
  } finally {
    await stack.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
