/**
 * Timing uniformity of the certificate path, `npm run bench -- uniformity`: certificates
 * for people with only sealed records and for people with none, requested over real HTTP
 * against the local stack in random interleaved order, so drift and warm-up hit both
 * alike. Prints each group's median and p90 latency and the median ratio (1.00 = no
 * difference), plus a permutation test of the medians.
 */
import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { issueDevToken } from '../shared/adapters/local/devTokens.ts';
import { startLocalStack } from '../shared/adapters/local/localStack.ts';
import { judgment, syntheticPerson } from '../test/support/fixtures.ts';

const PEOPLE_PER_GROUP = 100;
const REQUESTS = 3_000;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}
const median = (xs: number[]) =>
  quantile(
    [...xs].sort((a, b) => a - b),
    0.5,
  );

export async function runUniformityBench(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'uniformity-bench-'));
  process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const stack = await startLocalStack({ dataDir, inMemory: true });
  try {
    const court = await issueDevToken(dataDir, { role: 'court', org: 'bench-court' });
    const post = (path: string, token: string, body: unknown) =>
      fetch(`${stack.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const group = async (sealed: boolean) =>
      Promise.all(
        Array.from({ length: PEOPLE_PER_GROUP }, async () => {
          const person = syntheticPerson('2004-06-15');
          if (sealed) {
            await (
              await post(
                '/v1/records',
                court,
                judgment({ person, offenceDate: '2021-03-01', months: 24 }),
              )
            ).text();
          }
          return issueDevToken(dataDir, {
            role: 'citizen',
            nationalId: person.nationalId,
            name: person.name,
          });
        }),
      );
    const tokens = { sealed: await group(true), none: await group(false) };
    const body = { purpose: 'employment', justification: 'benchmark request, same for everyone' };
    const samples: Record<'sealed' | 'none', number[]> = { sealed: [], none: [] };

    for (let i = 0; i < REQUESTS + 200; i++) {
      const kind = randomInt(2) === 0 ? 'sealed' : 'none';
      const token = tokens[kind][randomInt(PEOPLE_PER_GROUP)] ?? '';
      const start = performance.now();
      const response = await post('/v1/certificates', token, body);
      await response.text();
      const elapsed = performance.now() - start;
      if (response.status !== 201) throw new Error(`unexpected status ${response.status}`);
      if (i >= 200) samples[kind].push(elapsed); // the first 200 warm up
    }

    const sealedMedian = median(samples.sealed);
    const noneMedian = median(samples.none);
    // Permutation test: how often does a random split differ as much as the real one?
    const all = [...samples.sealed, ...samples.none];
    const observed = Math.abs(sealedMedian - noneMedian);
    let asExtreme = 0;
    const permutations = 500;
    for (let p = 0; p < permutations; p++) {
      const shuffled = [...all].sort(() => Math.random() - 0.5);
      const a = shuffled.slice(0, samples.sealed.length);
      const b = shuffled.slice(samples.sealed.length);
      if (Math.abs(median(a) - median(b)) >= observed) asExtreme++;
    }
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    for (const kind of ['sealed', 'none'] as const) {
      const s = sorted(samples[kind]);
      console.log(
        `${kind.padEnd(7)} n=${s.length}  median ${quantile(s, 0.5).toFixed(3)} ms  p90 ${quantile(s, 0.9).toFixed(3)} ms`,
      );
    }
    console.log(`permutation test of medians: p ≈ ${(asExtreme / permutations).toFixed(2)}`);
    console.log(`uniformity: median sealed/none ratio ${(sealedMedian / noneMedian).toFixed(3)}`);
  } finally {
    await stack.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
