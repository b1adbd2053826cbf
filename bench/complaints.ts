/**
 * Paged complaints, `npm run bench -- complaints`: COMPLAINTS_BENCH_N complaints (default
 * 5,000) are filed over HTTP against one police station, then the time of the first page of
 * `GET /v1/complaints` (the default 50, over real HTTP: audit append, index query, item reads
 * and decryptions) for that station and for a supervisor, median and p90 of 30 reads each,
 * and at `limit=1` (the cost of a call without its items), and the time to page through all
 * of them at `limit=100`. Issue 22 asks < 1 s for the first page with 5,000.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pLimit from 'p-limit';
import { issueDevToken } from '../shared/adapters/local/devTokens.ts';
import { startLocalStack } from '../shared/adapters/local/localStack.ts';
import { syntheticPerson } from '../test/support/fixtures.ts';

const COMPLAINTS = Number(process.env.COMPLAINTS_BENCH_N ?? 5000);
const CITIZENS = 50;
const READS = 30;

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

export async function runComplaintsBench(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'complaints-bench-'));
  process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const stack = await startLocalStack({ dataDir, inMemory: true });
  try {
    const police = await issueDevToken(dataDir, { role: 'police', sub: 'b-officer', org: 'b-psb' });
    const supervisor = await issueDevToken(dataDir, {
      role: 'supervisor',
      sub: 'b-procurator',
      org: 'b-spp',
    });
    const citizens = await Promise.all(
      Array.from({ length: CITIZENS }, () => {
        const person = syntheticPerson('2004-06-15');
        return issueDevToken(dataDir, {
          role: 'citizen',
          nationalId: person.nationalId,
          name: person.name,
        });
      }),
    );
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

    const filing = performance.now();
    const limit = pLimit(8);
    await Promise.all(
      Array.from({ length: COMPLAINTS }, (_, i) =>
        limit(() =>
          call('POST', '/v1/complaints', citizens[i % CITIZENS] ?? '', {
            against: { role: 'police', org: 'b-psb' },
            description: 'Benchmark: a sealed record was read out to an employer.',
          }),
        ),
      ),
    );
    console.log(
      `filed ${COMPLAINTS} complaints in ${((performance.now() - filing) / 1000).toFixed(1)} s`,
    );

    // limit=1 shows the cost of a call without the items (token, audit append, one query).
    for (const [who, token, limit] of [
      ['police station', police, 50],
      ['supervisor', supervisor, 50],
      ['police station', police, 1],
    ] as const) {
      const samples: number[] = [];
      for (let i = 0; i < READS; i++) {
        const start = performance.now();
        const page = await call('GET', `/v1/complaints?limit=${limit}`, token);
        samples.push(performance.now() - start);
        if ((page.complaints as unknown[]).length !== limit) throw new Error('a short page');
      }
      samples.sort((a, b) => a - b);
      console.log(
        `first page (${limit} of ${COMPLAINTS}), ${who}: median ${quantile(samples, 0.5).toFixed(1)} ms  p90 ${quantile(samples, 0.9).toFixed(1)} ms  max ${quantile(samples, 1).toFixed(1)} ms`,
      );
    }

    const walking = performance.now();
    let cursor: string | undefined;
    let seen = 0;
    let pages = 0;
    do {
      const page = await call(
        'GET',
        `/v1/complaints?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
        police,
      );
      seen += (page.complaints as unknown[]).length;
      pages += 1;
      cursor = page.cursor as string | undefined;
    } while (cursor);
    if (seen !== COMPLAINTS) throw new Error(`paged through ${seen} of ${COMPLAINTS}`);
    console.log(
      `all ${seen} in ${pages} pages of 100: ${((performance.now() - walking) / 1000).toFixed(2)} s`,
    );
  } finally {
    await stack.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
