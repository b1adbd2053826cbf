/**
 * Record ingestion throughput, `npm run bench -- records`:
 *   1. the CPU path — validation, blind indexes (HMAC), sealing rules, envelope encryption
 *      (AWS Encryption SDK, committing suite without signature, raw AES keyring) — no I/O;
 *   2. the storage floor — the same number and size of DynamoDB writes the use case makes,
 *      alone, against dynalite;
 *   3. the whole use case against dynalite.
 * Locally the MAC and data keys come from files; in AWS each record adds KMS GenerateMac
 * and GenerateDataKey round trips (a few ms each, not measurable here).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbAuditLog } from '../shared/adapters/dynamodb/auditLog.ts';
import { createDocumentClient, createDynamoDbClient } from '../shared/adapters/dynamodb/client.ts';
import { DynamoDbDisclosableConvictions } from '../shared/adapters/dynamodb/disclosableConvictions.ts';
import { DynamoDbRecordLinks } from '../shared/adapters/dynamodb/recordLinks.ts';
import { DynamoDbRecordStore } from '../shared/adapters/dynamodb/recordStore.ts';
import { ensureTables, startDynalite } from '../shared/adapters/local/dynalite.ts';
import { ensureLocalKeyMaterial } from '../shared/adapters/local/localKeys.ts';
import { envelopeCipher } from '../shared/composition/envelopes.ts';
import { macGenerator } from '../shared/composition/macs.ts';
import { platformOf } from '../shared/composition/platform.ts';
import { readConfig } from '../shared/config.ts';
import { environmentVariables } from '../shared/definitions/environment.ts';
import { tables } from '../shared/definitions/tables.ts';
import { blindIndexOfCase, blindIndexOfPerson } from '../shared/domain/blindIndex.ts';
import { decideSealing } from '../shared/domain/sealing/index.ts';
import { factsOf, recordSubmissionSchema } from '../shared/http/schemas/recordSubmission.ts';
import { systemClock } from '../shared/ports/clock.ts';
import { IngestRecord } from '../shared/usecases/ingestRecord.ts';
import { judgment, syntheticPerson } from '../test/support/fixtures.ts';
import { measure, memoryLine } from './measure.ts';

export async function runRecordsBench(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'records-bench-'));
  ensureLocalKeyMaterial(dataDir);
  const dynamo = await startDynalite({ path: join(dataDir, 'dynamodb') });
  try {
    const config = readConfig({
      ...process.env,
      [environmentVariables.keyProvider.name]: 'local',
      [environmentVariables.dataDir.name]: dataDir,
    });
    const raw = createDynamoDbClient({ region: config.region, endpoint: dynamo.endpoint });
    await ensureTables(raw, tables);
    const doc = createDocumentClient(raw);
    const mac = await macGenerator(platformOf(config));
    const cipher = await envelopeCipher(platformOf(config), [
      'records',
      'sealed-archive',
      'letter-facts',
    ]);
    const people = Array.from({ length: 1000 }, () => syntheticPerson('2004-06-15'));
    let n = 0;
    const nextBody = () =>
      judgment({
        person: people[n++ % people.length] ?? syntheticPerson(),
        offenceDate: '2021-03-01',
        months: 24,
      });

    console.log('records bench (persisted dynalite under a temp DATA_DIR)');
    await measure('validate (zod) + sealing rules', () =>
      decideSealing(factsOf(recordSubmissionSchema.parse(nextBody()))),
    );
    const sample = new TextEncoder().encode(
      JSON.stringify({ submission: nextBody(), pad: 'x'.repeat(200) }),
    );
    await measure('envelope encrypt only (ESDK, raw AES keyring)', () =>
      cipher.encrypt(sample, 'sealed-archive', {
        recordId: `r-${n++}`,
        purpose: 'criminal-record',
      }),
    );
    await measure('CPU path: validate + 2 MACs + rules + encrypt', async () => {
      const submission = recordSubmissionSchema.parse(nextBody());
      await blindIndexOfPerson(mac, submission.subject.nationalId);
      await blindIndexOfCase(mac, submission.caseNumber);
      decideSealing(factsOf(submission));
      await cipher.encrypt(new TextEncoder().encode(JSON.stringify(submission)), 'sealed-archive', {
        recordId: `r-${n++}`,
        purpose: 'criminal-record',
      });
    });

    const envelope = await cipher.encrypt(sample, 'records', { recordId: 'x', purpose: 'p' });
    // What the use case writes for one new record: the record and its audit event (one
    // conditional put each); reads are included in the use case figure only.
    await measure('storage floor: 2 conditional puts like one ingestion', async () => {
      const id = `floor-${n++}`;
      await doc.send(
        new PutCommand({
          TableName: 'CriminalRecords',
          Item: { recordId: id, blindIndex: id, envelope, status: 'sealed' },
          ConditionExpression: 'attribute_not_exists(recordId)',
        }),
      );
      await doc.send(
        new PutCommand({
          TableName: 'AuditEvents',
          Item: { eventKey: `bench#${id}`, record: '{}', digest: id },
          ConditionExpression: 'attribute_not_exists(eventKey) OR digest = :d',
          ExpressionAttributeValues: { ':d': id },
        }),
      );
    });

    const ingest = new IngestRecord({
      mac,
      cipher,
      records: new DynamoDbRecordStore(doc, config.tables.records),
      disclosable: new DynamoDbDisclosableConvictions(doc, config.tables.disclosable),
      links: new DynamoDbRecordLinks(doc, config.tables.recordLinks),
      // Writes only: the sequencer's work is off the answer's path (as the sealing service's).
      audit: new DynamoDbAuditLog(doc, config.tables.auditEvents, 'ingest-record'),
      // The sealing service's work is measured apart: here only the answer's path.
      queue: { enqueue: async () => undefined, reconcile: async () => undefined },
      clock: systemClock,
    });
    const caller = { subject: 'bench', role: 'court' as const, organisation: 'bench-court' };
    const fresh = () => {
      const body = nextBody();
      return recordSubmissionSchema.parse({ ...body, caseNumber: `(2099)测${n}号` });
    };
    await measure('whole use case (IngestRecord) on dynalite', () =>
      ingest.execute(fresh(), caller),
    );
    await measure(
      'whole use case (IngestRecord) on dynalite',
      () => ingest.execute(fresh(), caller),
      {
        concurrency: 8,
      },
    );
    console.log(memoryLine());
  } finally {
    await dynamo.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
