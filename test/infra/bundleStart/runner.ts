/**
 * Runs in a fresh process whose environment is exactly a function's template environment
 * (plus what the Lambda runtime sets): stubs the AWS SDK clients with aws-sdk-client-mock,
 * loads the built bundle — its initialisation included — and hands it one event. Prints one
 * JSON line: the handler's answer or the error, and every AWS call the bundle made.
 *
 * The stubs answer as AWS would for an empty deployment: no item found, an empty query, real
 * HMACs, data keys and P-256 signatures, so that the handler runs its whole path.
 *
 * Usage: node runner.ts <bundle.mjs> <input.json>
 *   input: { event, jwks?: { url: string, keys: object[] }, loadOnly?: true }
 * With `loadOnly` (`npm run bench -- coldstart`) it only loads the bundle and prints the
 * milliseconds that took: module evaluation and initialisation, the SDK already loaded.
 */
import { createHash, createHmac, createPublicKey, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import * as dynamodbCommands from '@aws-sdk/client-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DecryptCommand,
  GenerateDataKeyCommand,
  GenerateMacCommand,
  GetPublicKeyCommand,
  KMSClient,
  SignCommand,
} from '@aws-sdk/client-kms';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import * as documentCommands from '@aws-sdk/lib-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { p256 } from '@noble/curves/nist.js';
import { mockClient } from 'aws-sdk-client-mock';

const [bundle, inputFile] = process.argv.slice(2);
// Node reads it at start-up (the test's compile cache); the bundle starts with its template
// environment and nothing else.
delete process.env.NODE_COMPILE_CACHE;
if (!bundle || !inputFile) throw new Error('usage: runner.ts <bundle> <input.json>');
const input = JSON.parse(readFileSync(inputFile, 'utf8')) as {
  event: unknown;
  jwks?: { url: string; keys: object[] };
  loadOnly?: boolean;
};

type Call = { service: string; command: string; input: Record<string, unknown> };
const calls: Call[] = [];
/** What identifies the resource and the conditions of a call — never a message or an item. */
const KEPT = [
  'TableName',
  'IndexName',
  'KeyId',
  'EncryptionContext',
  'MacAlgorithm',
  'SigningAlgorithm',
  'MessageType',
  'QueueUrl',
  'FunctionName',
  // Key attributes, for the partition keys touched (dynamodb:LeadingKeys); items are
  // reduced to them by the test, never written anywhere.
  'Key',
  'Item',
  'KeyConditionExpression',
  'ExpressionAttributeNames',
  'ExpressionAttributeValues',
];
const record = (service: string, command: string, commandInput: object) =>
  calls.push({
    service,
    command,
    input: Object.fromEntries(Object.entries(commandInput).filter(([name]) => KEPT.includes(name))),
  });

// DynamoDB: an empty deployment — nothing found, every write accepted.
// The low-level client and the document client are stubbed apart (the latter does not go
// through the former's `send`); every command either has is answered.
for (const [client, commands] of [
  [DynamoDBClient, dynamodbCommands],
  [DynamoDBDocumentClient, documentCommands],
] as const) {
  const stub = mockClient(client as never);
  stub.onAnyCommand().rejects(new Error('unexpected DynamoDB command'));
  for (const [name, command] of Object.entries(commands)) {
    if (!name.endsWith('Command') || typeof command !== 'function') continue;
    stub.on(command as never).callsFake(async (commandInput: Record<string, unknown>) => {
      record('dynamodb', name, commandInput);
      return /^(Query|Scan)/.test(name) ? { Items: [], Count: 0, ScannedCount: 0 } : {};
    });
  }
}

// KMS: real HMACs, data keys that decrypt again, P-256 signatures over the digest.
const kms = mockClient(KMSClient);
const secret = p256.utils.randomSecretKey();
const publicKeyDer = createPublicKey({
  key: {
    kty: 'EC',
    crv: 'P-256',
    ...(() => {
      const point = p256.getPublicKey(secret, false);
      return {
        x: Buffer.from(point.slice(1, 33)).toString('base64url'),
        y: Buffer.from(point.slice(33)).toString('base64url'),
      };
    })(),
  },
  format: 'jwk',
}).export({ format: 'der', type: 'spki' });
const dataKeys = new Map<string, Uint8Array>();
kms.on(GenerateMacCommand).callsFake(async (i) => {
  record('kms', 'GenerateMacCommand', i);
  return { Mac: createHmac('sha256', String(i.KeyId)).update(i.Message).digest(), KeyId: i.KeyId };
});
kms.on(GenerateDataKeyCommand).callsFake(async (i) => {
  record('kms', 'GenerateDataKeyCommand', i);
  const plaintext = new Uint8Array(randomBytes(32));
  const blob = new Uint8Array(randomBytes(48));
  dataKeys.set(Buffer.from(blob).toString('hex'), plaintext);
  return { Plaintext: plaintext, CiphertextBlob: blob, KeyId: i.KeyId };
});
kms.on(DecryptCommand).callsFake(async (i) => {
  record('kms', 'DecryptCommand', i);
  const plaintext = dataKeys.get(Buffer.from(i.CiphertextBlob ?? []).toString('hex'));
  if (!plaintext)
    throw Object.assign(new Error('invalid ciphertext'), { name: 'InvalidCiphertextException' });
  return { Plaintext: plaintext, KeyId: i.KeyId };
});
kms.on(SignCommand).callsFake(async (i) => {
  record('kms', 'SignCommand', i);
  const signature = p256.sign(i.Message as Uint8Array, secret, { prehash: false, format: 'der' });
  return { Signature: signature, KeyId: i.KeyId, SigningAlgorithm: 'ECDSA_SHA_256' };
});
kms.on(GetPublicKeyCommand).callsFake(async (i) => {
  record('kms', 'GetPublicKeyCommand', i);
  return { PublicKey: new Uint8Array(publicKeyDer), KeySpec: 'ECC_NIST_P256', KeyId: i.KeyId };
});

const sqs = mockClient(SQSClient);
sqs.on(SendMessageCommand).callsFake(async (i) => {
  record('sqs', 'SendMessageCommand', i);
  return { MessageId: randomUUID() };
});
const lambda = mockClient(LambdaClient);
/** The audit sequencer's answer for an empty tree (RFC 9162 §2.1.1: the hash of nothing). */
const emptyTreeCheckpoint = {
  size: 0,
  root: createHash('sha256').update('').digest('base64'),
  note: 'bundle-start.invalid/audit\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n',
};
lambda.on(InvokeCommand).callsFake(async (i) => {
  record('lambda', 'InvokeCommand', i);
  const request = JSON.parse(new TextDecoder().decode(i.Payload ?? new Uint8Array())) as {
    action?: string;
  };
  const answer = request.action === 'checkpoint' ? emptyTreeCheckpoint : {};
  return { StatusCode: 200, Payload: new TextEncoder().encode(JSON.stringify(answer)) };
});

// The identity providers' JWKS: the only HTTPS the functions fetch themselves.
const realFetch = globalThis.fetch;
globalThis.fetch = (async (resource: string | URL | Request, init?: RequestInit) => {
  const url =
    typeof resource === 'string'
      ? resource
      : resource instanceof URL
        ? resource.href
        : resource.url;
  if (input.jwks && url === input.jwks.url) {
    return new Response(JSON.stringify({ keys: input.jwks.keys }), {
      headers: { 'content-type': 'application/json' },
    });
  }
  if (url.startsWith('https://')) throw new Error(`no network in this test: ${url}`);
  return realFetch(resource, init);
}) as typeof fetch;

const context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'function',
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws-cn:lambda:${process.env.AWS_REGION}:111122223333:function:f`,
  memoryLimitInMB: '1024',
  awsRequestId: randomUUID(),
  logGroupName: '/aws/lambda/function',
  logStreamName: 'stream',
  getRemainingTimeInMillis: () => 10_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};

let outcome: { ok: true; result: unknown } | { ok: false; error: string };
try {
  const started = performance.now();
  const module = (await import(pathToFileURL(bundle).href)) as {
    handler: (event: unknown, context: unknown) => Promise<unknown>;
  };
  const loadMs = performance.now() - started;
  if (typeof module.handler !== 'function') throw new Error('the bundle exports no handler');
  outcome = {
    ok: true,
    result: input.loadOnly ? { loadMs } : await module.handler(input.event, context),
  };
} catch (error) {
  outcome = { ok: false, error: `${(error as Error).name}: ${(error as Error).message}` };
}
process.stdout.write(`\n@@outcome ${JSON.stringify({ ...outcome, calls })}\n`);
process.exit(0);
