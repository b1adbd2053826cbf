/**
 * The AWS calls each function makes, recorded where the local stack runs it, so that they can
 * be evaluated against the synthesized template's policies (test/infra/awsCalls.test.ts,
 * DESIGN.md invariant 2). Off unless `AWS_CALL_LOG_DIR` names a directory; then every call
 * made while a function runs is appended, as one JSON line, to `<dir>/<function>.<pid>.jsonl`.
 *
 * Each call is what the AWS adapter would send, named the way the function learns it:
 *  - DynamoDB: recorded from the local engine's clients (the same commands the adapters send
 *    to DynamoDB), with the table as configuration names it and the partition keys touched
 *    (`dynamodb:LeadingKeys`);
 *  - KMS, SQS and Lambda, which have local stand-ins (key files, in-process queue and
 *    functions): recorded at the port — the operation, the environment variable that names
 *    the key, queue or function in AWS, and the condition values the request carries
 *    (`kms:EncryptionContext:*`, `kms:MacAlgorithm`, `kms:SigningAlgorithm`, …).
 * Never a message, an item or a plaintext: names, key material references and contexts only.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { environmentVariables as v } from '../../definitions/environment.ts';
import { type TableDefinition, tables } from '../../definitions/tables.ts';
import type { MacGenerator } from '../../ports/blindIndex.ts';
import type { EncryptionContext, EnvelopeCipher, KeyClass } from '../../ports/envelope.ts';
import type { PublicKeySource, Signer } from '../../ports/signer.ts';

export type RecordedCall = {
  /** The function (definition name) whose code made the call. */
  function: string;
  /** IAM action, e.g. `dynamodb:GetItem`, `kms:GenerateDataKey`. */
  action: string;
  /** The resource, as the function's configuration names it in AWS. */
  resource:
    | { table: string; index?: string }
    | { keyFromEnv: string; signingKey?: 'active' | 'each' }
    | { queueFromEnv: string }
    | { functionFromEnv: string }
    | { arn: string };
  /** Condition keys the request carries (beside those of the principal). */
  context?: Record<string, string | string[]>;
  /** Where it was recorded: the local stack (`port`), or an SDK stub (`sdk`). */
  source: 'port' | 'sdk';
};

const running = new AsyncLocalStorage<string>();

/** Runs `work` as function `name`: the calls it makes, however deep, are that function's. */
export function runAs<T>(name: string, work: () => T): T {
  return running.run(name, work);
}

/** Appends one call of the running function (if any, and if recording is on). */
export function recordAwsCall(call: Omit<RecordedCall, 'function' | 'source'>): void {
  const dir = process.env[v.awsCallLogDir.name];
  const name = running.getStore();
  if (!dir || !name) return;
  const line: RecordedCall = { function: name, ...call, source: 'port' };
  appendFileSync(join(dir, `${name}.${process.pid}.jsonl`), `${JSON.stringify(line)}\n`);
}

const recording = () => Boolean(process.env[v.awsCallLogDir.name]);

// --- DynamoDB: the local engine's clients -------------------------------------------------

type AttributeValue = string | number | { S?: string; N?: string; B?: unknown };

const tableByName = new Map<string, TableDefinition>(
  (tables as readonly TableDefinition[]).map((table) => [table.logicalName, table]),
);

/**
 * The partition key values an operation on `table` touches: IAM's `dynamodb:LeadingKeys`.
 * `input` as the low-level client takes it (attribute values) or the document client does.
 */
export function leadingKeysOf(
  table: TableDefinition | undefined,
  operation: string,
  input: Record<string, unknown>,
): string[] | undefined {
  const index = input.IndexName
    ? table?.globalSecondaryIndexes.find((i) => i.indexName === input.IndexName)
    : undefined;
  const key = (index ?? table)?.partitionKey.name;
  if (!key) return undefined;
  const textOf = (attribute: AttributeValue | undefined): string | undefined =>
    typeof attribute === 'string' || typeof attribute === 'number'
      ? String(attribute)
      : (attribute?.S ?? attribute?.N ?? (attribute?.B === undefined ? undefined : '<binary>'));
  if (operation === 'Query') {
    const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
    const values = (input.ExpressionAttributeValues ?? {}) as Record<string, AttributeValue>;
    const condition = String(input.KeyConditionExpression ?? '');
    for (const match of condition.matchAll(/([#\w]+)\s*=\s*(:\w+)/g)) {
      const [, name = '', placeholder = ''] = match;
      if ((names[name] ?? name) === key) {
        const value = textOf(values[placeholder]);
        return value === undefined ? undefined : [value];
      }
    }
    return undefined;
  }
  const item = (input.Key ?? input.Item) as Record<string, AttributeValue> | undefined;
  const value = textOf(item?.[key]);
  return value === undefined ? undefined : [value];
}

/**
 * The tables a command acts on, each with the partition keys it touches: its `TableName`, or
 * for a batch (`BatchGetItem`, `BatchWriteItem`) every table of its `RequestItems` — IAM
 * authorises a batch table by table.
 */
function tablesTouched(
  operation: string,
  input: Record<string, unknown>,
): [string, string[] | undefined][] {
  if (input.TableName !== undefined) {
    const table = String(input.TableName);
    return [[table, leadingKeysOf(tableByName.get(table), operation, input)]];
  }
  const requestItems = (input.RequestItems ?? {}) as Record<string, unknown>;
  return Object.entries(requestItems).map(([table, items]) => {
    const itemKeys =
      operation === 'BatchGetItem'
        ? ((items as { Keys?: unknown[] }).Keys ?? [])
        : (items as { PutRequest?: { Item: unknown }; DeleteRequest?: { Key: unknown } }[]).map(
            (request) => request.PutRequest?.Item ?? request.DeleteRequest?.Key,
          );
    const keys = itemKeys.flatMap(
      (Key) => leadingKeysOf(tableByName.get(table), 'GetItem', { Key }) ?? [],
    );
    return [table, keys.length > 0 ? [...new Set(keys)] : undefined];
  });
}

/** Records every command a local-engine client sends, marshalled, as DynamoDB receives it. */
export function recordDynamoDbCalls(client: DynamoDBClient): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (recording()) {
        const operation = String(context.commandName ?? '').replace(/Command$/, '');
        const input = args.input as Record<string, unknown>;
        for (const [table, keys] of tablesTouched(operation, input)) {
          recordAwsCall({
            action: `dynamodb:${operation}`,
            resource: {
              table,
              ...(input.IndexName ? { index: String(input.IndexName) } : {}),
            },
            ...(keys && operation !== 'Scan' ? { context: { 'dynamodb:LeadingKeys': keys } } : {}),
          });
        }
      }
      return next(args);
    },
    { step: 'build', name: 'recordAwsCalls' },
  );
}

// --- KMS, at the ports ---------------------------------------------------------------------

const MAC_CONTEXT = { 'kms:MacAlgorithm': 'HMAC_SHA_256' };
const SIGN_CONTEXT = { 'kms:SigningAlgorithm': 'ECDSA_SHA_256', 'kms:MessageType': 'DIGEST' };

/** What `KmsMacGenerator` sends: `GenerateMac` with HMAC_SHA_256 on the key `keyEnvVar` names. */
export function recordingMac(mac: MacGenerator, keyEnvVar: string): MacGenerator {
  return {
    generateMac(message) {
      recordAwsCall({
        action: 'kms:GenerateMac',
        resource: { keyFromEnv: keyEnvVar },
        context: MAC_CONTEXT,
      });
      return mac.generateMac(message);
    },
  };
}

/** What `KmsSigner` sends: `Sign` (ECDSA_SHA_256, DIGEST) with the active key of `keyEnvVar`. */
export function recordingSigner(signer: Signer, keyEnvVar: string): Signer {
  return {
    keyId: signer.keyId,
    sign(message) {
      recordAwsCall({
        action: 'kms:Sign',
        resource: { keyFromEnv: keyEnvVar, signingKey: 'active' },
        context: SIGN_CONTEXT,
      });
      return signer.sign(message);
    },
  };
}

/** What `KmsPublicKeySource` sends: `GetPublicKey` on every key `keyEnvVar` lists. */
export function recordingPublicKeys(source: PublicKeySource, keyEnvVar: string): PublicKeySource {
  return {
    listKeys() {
      recordAwsCall({
        action: 'kms:GetPublicKey',
        resource: { keyFromEnv: keyEnvVar, signingKey: 'each' },
      });
      return source.listKeys();
    },
  };
}

/** The encryption context KMS sees: the envelope's own, and the key class the SDK adds. */
function kmsContext(keyClass: KeyClass, context: EncryptionContext) {
  const full = { ...context, keyClass };
  return {
    ...Object.fromEntries(
      Object.entries(full).map(([key, value]) => [`kms:EncryptionContext:${key}`, value]),
    ),
    'kms:EncryptionContextKeys': Object.keys(full).sort(),
  };
}

/**
 * What the AWS Encryption SDK's KMS keyring sends: `GenerateDataKey` to seal, `Decrypt` to
 * open, on the key of the class (`keyEnvVars`), with the envelope's encryption context.
 */
export function recordingCipher(
  cipher: EnvelopeCipher,
  keyEnvVars: Partial<Record<KeyClass, string>>,
): EnvelopeCipher {
  const record = (action: string, keyClass: KeyClass, context: EncryptionContext) => {
    const keyEnvVar = keyEnvVars[keyClass];
    if (keyEnvVar) {
      recordAwsCall({
        action,
        resource: { keyFromEnv: keyEnvVar },
        context: kmsContext(keyClass, context),
      });
    }
  };
  return {
    encrypt(plaintext, keyClass, context) {
      record('kms:GenerateDataKey', keyClass, context);
      return cipher.encrypt(plaintext, keyClass, context);
    },
    decrypt(ciphertext, keyClass, expectedContext) {
      // KMS sees the context stored with the envelope, which `decrypt` checks equals this.
      record('kms:Decrypt', keyClass, expectedContext);
      return cipher.decrypt(ciphertext, keyClass, expectedContext);
    },
  };
}
