/**
 * The local stack's storage for one DATA_DIR, opened without a server — for the bulk import,
 * which writes into the same DATA_DIR `npm start` serves. Set up as `npm start` sets it up on
 * first use (owner-only directory, local keys, tables), under the same one-process lock, and
 * composed by the same composition root, so the records it writes are the ones the server
 * reads. This file is the import's only tie to how DATA_DIR is laid out.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ingestRecordDependencies, sealingServiceDependencies } from '../../composition.ts';
import { type Config, readConfig } from '../../config.ts';
import { tables } from '../../definitions/tables.ts';
import type { ApplySealingEffectsDependencies } from '../../usecases/applySealingEffects.ts';
import type { IngestRecordDependencies } from '../../usecases/ingestRecord.ts';
import { createDynamoDbClient } from '../dynamodb/client.ts';
import { ensureTables, startDynalite } from './dynalite.ts';
import { ensureLocalKeyMaterial, signingKeysDir } from './localKeys.ts';
import { ensureLocalSigningKey } from './localSigner.ts';
import { lockDataDir } from './localStack.ts';

export { DataDirInUseError } from './localStack.ts';

export type LocalStore = {
  dataDir: string;
  /** What the handlers would read, pointed at this DATA_DIR's engines. */
  config: Config;
  /** The ingestion's ports, without the queue: the caller decides how effects are applied. */
  ingest: Omit<IngestRecordDependencies, 'queue'>;
  /** The sealing service's ports. */
  effects: ApplySealingEffectsDependencies;
  close(): Promise<void>;
};

/**
 * Opens DATA_DIR for this process alone; throws `DataDirInUseError` while a server (or
 * another import) holds it. Composes once per process: the composition root keeps one
 * client per process, as a Lambda does.
 */
export async function openLocalStore(dataDirOption: string): Promise<LocalStore> {
  const dataDir = resolve(dataDirOption);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const unlock = lockDataDir(dataDir);
  try {
    ensureLocalKeyMaterial(dataDir);
    ensureLocalSigningKey(signingKeysDir(dataDir));
    const dynamo = await startDynalite({ path: join(dataDir, 'dynamodb') });
    // The environment the local stack gives its handlers, so that `readConfig` agrees.
    Object.assign(process.env, {
      KEY_PROVIDER: 'local',
      DATA_DIR: dataDir,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      AWS_REGION: process.env.AWS_REGION ?? 'cn-north-1',
    });
    const config = readConfig();
    const tablesClient = createDynamoDbClient({ region: config.region, endpoint: dynamo.endpoint });
    await ensureTables(tablesClient, tables);
    tablesClient.destroy();
    const { queue: _queue, ...ingest } = ingestRecordDependencies(config);
    return {
      dataDir,
      config,
      ingest,
      effects: sealingServiceDependencies(config),
      close: async () => {
        await dynamo.close();
        unlock();
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}
