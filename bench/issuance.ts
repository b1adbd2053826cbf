/**
 * Certificate issuance throughput through the in-process handler (middy, validation, MAC,
 * yearly count (one conditional update), disclosable-set query, signature, the audit event's
 * one put, issuance-log write) on dynalite — in a thread of its own, as DynamoDB works beside
 * the functions — sequentially and 8 at a time, and the storage
 * commands one certificate sends on its path (counted on every DynamoDB client of the
 * process) — beside those the audit sequencer sends for it off the path (in process here, as
 * `npm start` runs it; in AWS fed by the events table's stream),
 * `npm run bench -- issuance`. Locally the MAC is node:crypto HMAC and the signature is a
 * P-256 key file; in AWS each issuance adds a KMS GenerateMac and a KMS Sign round trip,
 * and the account's KMS request quotas bound the rate (see docs/deploy.md).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LambdaHandler } from '../shared/adapters/local/apiGatewayServer.ts';
import { startLocalStack } from '../shared/adapters/local/localStack.ts';
import { apiEvent, lambdaContext } from '../test/support/events.ts';
import { syntheticPerson } from '../test/support/fixtures.ts';
import { measure, memoryLine } from './measure.ts';
import { countStorageCommands } from './storageCommands.ts';

export async function runIssuanceBench(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'issuance-bench-'));
  process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const storage = countStorageCommands();
  const stack = await startLocalStack({ dataDir, inMemory: true });
  try {
    const { handler } = (await import('../functions/issue-certificate/handler.ts')) as unknown as {
      handler: LambdaHandler;
    };
    const people = Array.from({ length: 2_000 }, () => syntheticPerson());
    let n = 0;
    const issueOne = async () => {
      const person = people[n++ % people.length] ?? syntheticPerson();
      const event = apiEvent({
        path: '/v1/certificates',
        body: { purpose: 'employment', justification: 'benchmark request, same for everyone' },
        claims: {
          sub: 'bench',
          role: 'citizen',
          org: 'public',
          national_id: person.nationalId,
          name: person.name,
        },
      });
      const response = await handler(event, lambdaContext());
      if (response.statusCode !== 201) throw new Error(`unexpected status ${response.statusCode}`);
    };
    await stack.drainAuditSequencer();
    const before = storage.snapshot();
    const COUNTED = 200;
    for (let i = 0; i < COUNTED; i++) await issueOne();
    const onPath = storage.since(before);
    await stack.drainAuditSequencer();
    const all = storage.since(before);
    console.log(
      `storage commands per certificate: ${(onPath.requestPath / COUNTED).toFixed(2)} on the request path; ` +
        `${(all.sequencer / COUNTED).toFixed(2)} by the audit sequencer off it (${COUNTED} certificates)`,
    );
    const sequential = await measure('issue certificate (in-process handler, dynalite)', issueOne);
    const concurrent = await measure('issue certificate (in-process handler, dynalite)', issueOne, {
      concurrency: 8,
    });
    const perCpuSecond = (micros: number) => (1e6 / micros).toFixed(0);
    console.log(
      `issuance: concurrency 8 / sequential ${(concurrent.opsPerSecond / sequential.opsPerSecond).toFixed(2)}; ` +
        `per CPU second of this process: ${perCpuSecond(sequential.cpuMicrosPerOp)} sequential, ${perCpuSecond(concurrent.cpuMicrosPerOp)} at 8; ` +
        `of the handlers' thread alone (the database has its own): ${perCpuSecond(sequential.threadCpuMicrosPerOp)} sequential, ${perCpuSecond(concurrent.threadCpuMicrosPerOp)} at 8`,
    );
    console.log(memoryLine());
  } finally {
    await stack.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
