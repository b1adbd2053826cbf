/**
 * The local stack's storage for one DATA_DIR, opened without a server — for the bulk import,
 * which writes into the same DATA_DIR `npm start` serves. Set up as `npm start` sets it up on
 * first use (owner-only, local keys, the embedded DynamoDB on its socket, tables), under the
 * same one-process lock, and composed by the same compositions as the ingestion function and
 * the sealing service, so the records it writes are the ones the server reads. This file is
 * the import's only tie to how DATA_DIR is laid out.
 */
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { composeAuditSequencer } from '../../composition/auditSequencer.ts';
import { composeBulkImport } from '../../composition/bulkImport.ts';
import { composeSealingService } from '../../composition/sealingService.ts';
import { type Config, readConfig } from '../../config.ts';
import { auditSequencerFunction } from '../../definitions/functions.ts';
import { tables } from '../../definitions/tables.ts';
import type { ApplySealingEffectsDependencies } from '../../usecases/applySealingEffects.ts';
import { AuditSequencer } from '../../usecases/auditSequencer.ts';
import type { IngestRecordDependencies } from '../../usecases/ingestRecord.ts';
import { createDocumentClient, createDynamoDbClient } from '../dynamodb/client.ts';
import { lockDataDir, makeDataDirPrivate } from './dataDir.ts';
import { ensureTables, socketPathIn, startDynalite } from './dynalite.ts';
import { inProcessAuditSequencer } from './inProcessAuditSequencer.ts';
import { ensureLocalKeyMaterial } from './localKeys.ts';
import { ensureLocalSigningKeys } from './localSigner.ts';
import { ensureAgencyDirectory } from './seedAgencyDirectory.ts';

export { DataDirInUseError } from './dataDir.ts';

const repositoryRoot = resolve(import.meta.dirname, '../../..');

export type LocalStore = {
  dataDir: string;
  /** What the handlers would read, pointed at this DATA_DIR's engines. */
  config: Config;
  /** The one DynamoDB client both compositions use. */
  dynamoDb: DynamoDBClient;
  /** The ingestion's ports, without the queue: the caller decides how effects are applied. */
  ingest: Omit<IngestRecordDependencies, 'queue'>;
  /** The sealing service's ports. */
  effects: ApplySealingEffectsDependencies;
  close(): Promise<void>;
};

/** Opens DATA_DIR for this process alone; throws `DataDirInUseError` while a server holds it. */
export async function openLocalStore(dataDirOption: string): Promise<LocalStore> {
  const dataDir = resolve(dataDirOption);
  makeDataDirPrivate(dataDir);
  const lock = await lockDataDir(dataDir);
  try {
    ensureLocalKeyMaterial(dataDir);
    ensureLocalSigningKeys(dataDir);
    const dynamo = await startDynalite({
      path: join(dataDir, 'dynamodb'),
      socketPath: socketPathIn(dataDir),
    });
    // The environment the local stack gives its handlers, so that `readConfig` agrees.
    Object.assign(process.env, {
      KEY_PROVIDER: 'local',
      DATA_DIR: dataDir,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      AWS_REGION: process.env.AWS_REGION ?? 'cn-north-1',
    });
    const config = readConfig();
    const dynamoDb = createDynamoDbClient({ region: config.region, endpoint: dynamo.endpoint });
    await ensureTables(dynamoDb, tables);
    await ensureAgencyDirectory(createDocumentClient(dynamoDb), config.tables.agencyDirectory);
    const { queue: _queue, ...ingest } = await composeBulkImport(config, { dynamoDb });
    // The audit events the import writes are sequenced by the sequencer's own code, as
    // `npm start` sequences them — without the Lambda logs on the import's output.
    const { sequencerRequests, answerOf } = await import(
      pathToFileURL(join(repositoryRoot, auditSequencerFunction.entry)).href
    );
    const composed = await composeAuditSequencer(config, { dynamoDb });
    const handle = sequencerRequests(new AuditSequencer(composed.dependencies), composed.alarm);
    inProcessAuditSequencer.setHandler(async (event) => answerOf(await handle(event as never)));
    await inProcessAuditSequencer.sweep();
    return {
      dataDir,
      config,
      dynamoDb,
      ingest,
      effects: await composeSealingService(config, { dynamoDb }),
      close: async () => {
        await inProcessAuditSequencer.drain();
        inProcessAuditSequencer.setHandler(undefined);
        dynamoDb.destroy();
        await dynamo.close();
        lock.release();
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}
