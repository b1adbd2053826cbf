/**
 * Powertools' DynamoDB idempotency store, with the stored first response encrypted. A
 * certificate response contains the holder's name and masked ID; in the clear it would sit
 * in the idempotency table for as long as retries are honoured.
 *
 * The key is derived per idempotency record through the MAC port (KMS `GenerateMac`) with
 * the function's own idempotency HMAC key: the certificate function must not hold
 * `GenerateDataKey`/`Decrypt` (DESIGN.md invariant 2), which rules out the AWS Encryption
 * SDK here. AES-256-GCM from node:crypto, a fresh 96-bit IV per response, the idempotency
 * key as additional data.
 *
 * Isolation between functions: every record's key begins with the function's name
 * (`<function>#<hash>`, pinned here whatever Powertools derives from the environment), which
 * is what the function's role may touch (IAM `dynamodb:LeadingKeys`); and the sealing key is
 * the function's own, so even a record copied across could be neither opened nor forged.
 *
 * Two races Powertools leaves to the caller are closed here. A record that vanishes between
 * the failed "put if absent" and the read that follows (its owner failed and removed it,
 * or it expired) is reported as an inconsistent state, which Powertools answers by trying
 * the put again — so the request runs instead of failing. And the in-progress lease — how
 * long a crashed request's key stays locked — can be capped below the function's remaining
 * time, where the local stand-in's 29-second deadline is far longer than any request.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { JSONValue } from '@aws-lambda-powertools/commons/types';
import {
  IdempotencyInconsistentStateError,
  IdempotencyItemAlreadyExistsError,
  IdempotencyPersistenceLayerError,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';
import type { MacGenerator } from '../../ports/blindIndex.ts';

type JsonValue = IdempotencyRecord['responseData'];
type DynamoDBPersistenceOptions = ConstructorParameters<typeof DynamoDBPersistenceLayer>[0];
type SealedResponse = { sealedResponse: 'v1'; iv: string; data: string; tag: string };

const encoder = new TextEncoder();

function isSealed(value: unknown): value is SealedResponse {
  return typeof value === 'object' && value !== null && 'sealedResponse' in value;
}

export type InProgressLease = {
  /** Longest an in-progress record locks its key; absent: the function's remaining time. */
  maxSeconds?: number;
};

export class SealedResponseIdempotencyStore extends DynamoDBPersistenceLayer {
  readonly #mac: MacGenerator;
  readonly #maxInProgressMillis: number | undefined;
  readonly #owner: string;

  /** `owner`: the function whose records these are; every key begins with `<owner>#`. */
  constructor(
    config: DynamoDBPersistenceOptions,
    mac: MacGenerator,
    owner: string,
    lease: InProgressLease = {},
  ) {
    super(config);
    this.#mac = mac;
    this.#owner = owner;
    this.idempotencyKeyPrefix = owner;
    this.#maxInProgressMillis =
      lease.maxSeconds === undefined ? undefined : lease.maxSeconds * 1000;
  }

  override configure(options: Parameters<DynamoDBPersistenceLayer['configure']>[0]): void {
    super.configure({ ...options, keyPrefix: this.#owner });
  }

  override async saveInProgress(data: JSONValue, remainingTimeInMillis?: number): Promise<void> {
    const cap = this.#maxInProgressMillis;
    const lease =
      cap === undefined ? remainingTimeInMillis : Math.min(remainingTimeInMillis ?? cap, cap);
    await super.saveInProgress(data, lease);
  }

  protected override async _updateRecord(record: IdempotencyRecord): Promise<void> {
    if (record.responseData !== undefined) {
      record.responseData = await this.#seal(record.idempotencyKey, record.responseData);
    }
    await super._updateRecord(record);
  }

  protected override async _getRecord(idempotencyKey: string): Promise<IdempotencyRecord> {
    let record: IdempotencyRecord;
    try {
      record = await super._getRecord(idempotencyKey);
    } catch (error) {
      // Read only after a put found the record: gone since means retry the put.
      if ((error as Error).name === 'IdempotencyItemNotFoundError') {
        throw new IdempotencyInconsistentStateError('the record vanished after the put', {
          cause: error,
        });
      }
      throw new IdempotencyPersistenceLayerError('failed to read the record', { cause: error });
    }
    record.responseData = await this.#open(idempotencyKey, record.responseData);
    return record;
  }

  protected override async _putRecord(record: IdempotencyRecord): Promise<void> {
    try {
      await super._putRecord(record);
    } catch (error) {
      // A replay arrives here: the existing record, with its response, is in the error.
      if (error instanceof IdempotencyItemAlreadyExistsError && error.existingRecord) {
        const existing = error.existingRecord;
        existing.responseData = await this.#open(existing.idempotencyKey, existing.responseData);
      }
      throw error;
    }
  }

  async #keyFor(idempotencyKey: string): Promise<Uint8Array> {
    return this.#mac.generateMac(encoder.encode(`idempotency-response:v1:${idempotencyKey}`));
  }

  async #seal(idempotencyKey: string, response: JsonValue): Promise<JsonValue> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', await this.#keyFor(idempotencyKey), iv);
    cipher.setAAD(encoder.encode(idempotencyKey));
    const data = Buffer.concat([cipher.update(JSON.stringify(response), 'utf8'), cipher.final()]);
    const sealed: SealedResponse = {
      sealedResponse: 'v1',
      iv: iv.toString('base64'),
      data: data.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
    };
    return sealed;
  }

  async #open(idempotencyKey: string, stored: JsonValue): Promise<JsonValue> {
    if (stored === undefined) return undefined; // in progress: no response yet
    const key = await this.#keyFor(idempotencyKey);
    try {
      return this.#decrypt(idempotencyKey, key, stored);
    } catch (error) {
      throw new IdempotencyPersistenceLayerError('stored response cannot be opened', {
        cause: error,
      });
    }
  }

  #decrypt(idempotencyKey: string, key: Uint8Array, stored: JsonValue): JsonValue {
    if (!isSealed(stored)) {
      throw new IdempotencyPersistenceLayerError('stored response is not sealed');
    }
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(stored.iv, 'base64'));
    decipher.setAAD(encoder.encode(idempotencyKey));
    decipher.setAuthTag(Buffer.from(stored.tag, 'base64'));
    const plaintext = Buffer.concat([
      decipher.update(Buffer.from(stored.data, 'base64')),
      decipher.final(),
    ]);
    return JSON.parse(plaintext.toString('utf8')) as JsonValue;
  }
}
