/**
 * What the local stack's log lines say. Requests served side by side each log under their
 * own function name and request ID (the `apigw-requestid` the client got back), as on
 * Lambda; and a read that adds no metric writes no "No application metrics to publish" line.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { syntheticPerson } from '../support/fixtures.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ inMemory: true });
});
afterAll(async () => stack.close());

/** Everything this process writes while `fn` runs, one entry a line. */
const written: string[] = [];
const originals = { out: process.stdout.write, err: process.stderr.write };
function listen() {
  for (const [stream, original] of [
    [process.stdout, originals.out],
    [process.stderr, originals.err],
  ] as const) {
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      written.push(...String(chunk).split('\n').filter(Boolean));
      return (original as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
    }) as typeof stream.write;
  }
}
afterEach(() => {
  process.stdout.write = originals.out;
  process.stderr.write = originals.err;
  written.length = 0;
});

type LogLine = { message?: string; function_name?: string; function_request_id?: string };
const logLines = () =>
  written.flatMap((line) => {
    try {
      return [JSON.parse(line) as LogLine];
    } catch {
      return [];
    }
  });

describe('local logs', () => {
  it('attribute each line to the function and request that wrote it, however many run at once', async () => {
    const school = await stack.token('unit', { org: 'school-logs', sub: 'hr-logs' });
    listen();
    // Two functions, twelve requests at once; each logs after its own awaited use case.
    const requests = Array.from({ length: 12 }, async (_, i) => {
      const person = syntheticPerson();
      const response =
        i % 2 === 0
          ? await stack.post('/v1/certificates', await stack.token('citizen', { person }), {
              purpose: 'employment',
            })
          : await stack.post('/v1/inquiries', school, {
              subject: { nationalId: person.nationalId, name: person.name },
              agency: { role: 'police', org: 'psb-logs' },
              legalBasis: 'teachers-law-14',
              reason: 'Applicant for a teaching post at our school.',
              purpose: 'Recruitment of a teacher',
            });
      expect(response.status, response.text).toBeLessThan(300);
      return [
        String(response.headers.get('apigw-requestid')),
        i % 2 === 0 ? 'issue-certificate' : 'inquiries',
      ] as const;
    });
    const functionOf = new Map(await Promise.all(requests));
    const lines = logLines().filter(
      (line) => line.message === 'certificate issued' || line.message === 'inquiry received',
    );
    expect(lines).toHaveLength(12);
    for (const line of lines) {
      expect(functionOf.get(String(line.function_request_id)), JSON.stringify(line)).toBe(
        line.function_name,
      );
    }
    expect(new Set(lines.map((line) => line.function_request_id)).size).toBe(12);
  });

  it('say nothing about a read that publishes no metric', async () => {
    const police = await stack.token('police', { org: 'psb-logs' });
    listen();
    for (let i = 0; i < 5; i += 1) {
      const response = await stack.request('GET', '/v1/notices', { token: police });
      expect(response.status).toBe(200);
    }
    await stack.request('GET', '/.well-known/did.json');
    const unknown = await stack.request('GET', `/v1/inquiries/${crypto.randomUUID()}`, {
      token: police,
    });
    expect(unknown.status).toBe(404);
    expect(written.filter((line) => line.includes('No application metrics to publish'))).toEqual(
      [],
    );
    // The listener did see the requests' own lines.
    expect(logLines().map((line) => line.message)).toContain('request failed');
  });
});
