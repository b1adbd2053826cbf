/**
 * Writing and sequencing audit events (DESIGN.md invariants 3, 5, 7), on real dynalite: one
 * conditional put per event, idempotent on retries and refusing other content under the same
 * ID; the sequencer gives each event one index however often it is delivered; a crash between
 * a put and its sequencing, or in the middle of a sequencing batch, loses nothing and doubles
 * nothing; an entry rewritten after it was sequenced raises the alarm (stream MODIFY, and at
 * export) while the log keeps what was sequenced; the former hash chains are imported once,
 * in order.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbAuditEvents } from '#shared/adapters/dynamodb/auditEvents.ts';
import { DynamoDbAuditLog } from '#shared/adapters/dynamodb/auditLog.ts';
import { DynamoDbAuditTree } from '#shared/adapters/dynamodb/auditTree.ts';
import { createDocumentClient, createDynamoDbClient } from '#shared/adapters/dynamodb/client.ts';
import { DynamoDbLegacyAuditChains } from '#shared/adapters/dynamodb/legacyAuditChains.ts';
import { lambdaContext } from '#shared/adapters/local/apiGatewayServer.ts';
import { ensureTables } from '#shared/adapters/local/dynalite.ts';
import { auditKeysDir } from '#shared/adapters/local/localKeys.ts';
import { LocalFileSigner, LocalKeyPublicKeySource } from '#shared/adapters/local/localSigner.ts';
import { auditLog } from '#shared/composition/audit.ts';
import { composeAuditTrail } from '#shared/composition/auditTrail.ts';
import { platformOf } from '#shared/composition/platform.ts';
import { readConfig } from '#shared/config.ts';
import { auditEventsTable, auditTable, auditTreeTable } from '#shared/definitions/tables.ts';
import { noteKeysOf, originOf, spkiOfJwk } from '#shared/domain/audit/checkpoint.ts';
import { auditRecordOf } from '#shared/domain/audit/record.ts';
import { verifyAuditExport } from '#shared/domain/audit/verifyExport.ts';
import { chainHash, GENESIS_HASH } from '#shared/domain/auditChain.ts';
import { AuditEventConflictError, IntegrityError } from '#shared/errors.ts';
import type { AuditEvent } from '#shared/ports/auditLog.ts';
import type { TamperFinding } from '#shared/ports/auditTree.ts';
import { systemClock } from '#shared/ports/clock.ts';
import { AuditSequencer } from '#shared/usecases/auditSequencer.ts';
import { ExportAuditTrail } from '#shared/usecases/auditTrail.ts';
import { spawnServer } from '../support/server.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let doc: ReturnType<typeof createDocumentClient>;

const actor = { subject: 'officer-1', role: 'court', organisation: 'court-audit' };

function event(id: string, at = new Date().toISOString()): AuditEvent {
  return {
    eventId: `test.append:${id}`,
    at,
    actor,
    action: 'record.mark-sealed-information',
    recordId: id,
    legalBasis: ['IM art. 5'],
  };
}

const documents = (endpoint: string) =>
  createDocumentClient(createDynamoDbClient({ region: 'cn-north-1', endpoint }));

/** A sequencer over tables of its own (`<prefix>AuditLog`, …), with the stack's audit key. */
async function isolatedSequencer(prefix: string) {
  const client = createDynamoDbClient({ region: 'cn-north-1', endpoint: stack.dynamoDbEndpoint });
  await ensureTables(
    client,
    [auditTable, auditEventsTable, auditTreeTable],
    (t) => `${prefix}${t.logicalName}`,
  );
  const signer = LocalFileSigner.fromDirectory(auditKeysDir(stack.dataDir));
  const [published] = await new LocalKeyPublicKeySource(auditKeysDir(stack.dataDir)).listKeys();
  const tree = new DynamoDbAuditTree(doc, `${prefix}AuditTree`);
  const sequencer = new AuditSequencer({
    tree,
    events: new DynamoDbAuditEvents(doc, `${prefix}AuditEvents`),
    legacy: new DynamoDbLegacyAuditChains(doc, `${prefix}AuditLog`),
    signer,
    signerSpki: spkiOfJwk(published?.publicKeyJwk as object),
    origin: originOf(readConfig().issuer.did),
    clock: systemClock,
  });
  return { sequencer, tree, writer: new DynamoDbAuditLog(doc, `${prefix}AuditEvents`, 'test') };
}

async function auditKeys() {
  const { json } = await stack.request('GET', '/v1/trust-bundle');
  const { auditKeysOf, parseTrustBundle } = await import(
    '#shared/domain/credential/didDocument.ts'
  );
  return noteKeysOf(auditKeysOf(parseTrustBundle(json)));
}

beforeAll(async () => {
  stack = await startTestStack({ inMemory: true });
  doc = documents(stack.dynamoDbEndpoint);
});
afterAll(async () => stack.close());

describe('writing an event: one conditional put', () => {
  const writer = () => new DynamoDbAuditLog(doc, 'AuditEvents', 'ingest-record');

  it('is one item keyed by writer and event ID; 50 concurrent writes of it leave one item', async () => {
    const e = event(`concurrent-${Math.random()}`);
    await Promise.all(Array.from({ length: 50 }, () => writer().append({ ...e })));
    const items = (await stack.scan('AuditEvents')).filter((i) =>
      String(i.eventKey).endsWith(e.eventId),
    );
    expect(items.map((i) => i.eventKey)).toEqual([`ingest-record#${e.eventId}`]);
  });

  it('takes a retry with a later time, and refuses other content under the same ID', async () => {
    const e = event(`retry-${Math.random()}`);
    await writer().append(e);
    await writer().append({ ...e, at: new Date(Date.now() + 1000).toISOString() });
    await expect(
      writer().append({ ...e, legalBasis: ['IM art. 6'] } as AuditEvent),
    ).rejects.toBeInstanceOf(AuditEventConflictError);
  });
});

describe('the sequencer', () => {
  it('gives each event one index, however often it is delivered, and keeps its first time', async () => {
    const { sequencer, writer, tree } = await isolatedSequencer('once-');
    const first = event('once-1', '2025-01-01T00:00:00.000Z');
    await writer.append(first);
    await writer.append({ ...first, at: '2025-01-01T00:00:05.000Z' });
    const written = [
      ...(
        await new DynamoDbAuditEvents(doc, 'once-AuditEvents').get([`test#${first.eventId}`])
      ).values(),
    ];
    const initial = {
      eventKey: `test#${first.eventId}`,
      record: JSON.stringify(auditRecordOf(first)),
      digest: written[0]?.digest ?? '',
    };
    await sequencer.sequence([initial, initial]);
    await sequencer.sequence(written);
    const all = await tree.leaves(0, (await tree.head())?.size ?? 0);
    expect(all).toHaveLength(1);
    expect(JSON.parse(all[0]?.entry ?? '{}')).toMatchObject({ index: 0, at: first.at });
  });

  it('loses nothing and doubles nothing after a crash between a batch’s writes and its commit', async () => {
    const { sequencer, writer, tree } = await isolatedSequencer('crash-');
    const events = Array.from({ length: 5 }, (_, i) => event(`crash-${i}`));
    for (const e of events) await writer.append(e);
    const store = new DynamoDbAuditEvents(doc, 'crash-AuditEvents');
    const written = [...(await store.get(events.map((e) => `test#${e.eventId}`))).values()];
    // A batch that wrote its leaves, nodes and markers and died before committing the head.
    const head = await tree.head();
    await tree.write({
      leaves: [
        {
          index: head?.size ?? 0,
          eventKey: written[0]?.eventKey ?? '',
          entry: '{"scratch":true}',
          leafHash: new Uint8Array(32),
          at: events[0]?.at ?? '',
        },
      ],
      nodes: [],
      sequenced: [
        {
          eventKey: written[0]?.eventKey ?? '',
          index: head?.size ?? 0,
          digest: written[0]?.digest ?? '',
        },
      ],
    });
    // Redelivered (the stream retries the batch), then swept again for good measure.
    await sequencer.sequence(written);
    await sequencer.sweep();
    const all = await tree.leaves(0, (await tree.head())?.size ?? 0);
    expect(all.map((l) => l.eventKey).sort()).toEqual(written.map((w) => w.eventKey).sort());
    expect(all.every((l) => !l.entry.includes('scratch'))).toBe(true);
  });

  it('loses nothing when another batch took the indexes of a batch cut off before its commit', async () => {
    const { sequencer, writer, tree } = await isolatedSequencer('taken-');
    const events = Array.from({ length: 4 }, (_, i) => event(`taken-${i}`));
    for (const e of events) await writer.append(e);
    const store = new DynamoDbAuditEvents(doc, 'taken-AuditEvents');
    const written = [...(await store.get(events.map((e) => `test#${e.eventId}`))).values()];
    const [cut, ...others] = written;
    if (!cut) throw new Error('no event written');
    // A batch of `cut` wrote its leaf and marker at the next index and died before committing…
    const size = (await tree.head())?.size ?? 0;
    await tree.write({
      leaves: [
        {
          index: size,
          eventKey: cut.eventKey,
          entry: '{"scratch":true}',
          leafHash: new Uint8Array(32),
          at: events[0]?.at ?? '',
        },
      ],
      nodes: [],
      sequenced: [{ eventKey: cut.eventKey, index: size, digest: cut.digest }],
    });
    // …then other events (written after the restart) were sequenced first, at that index.
    await sequencer.sequence(others);
    // The cut-off event, redelivered or swept, must not pass for sequenced at an index that
    // now holds another event.
    await sequencer.sequence([cut]);
    await sequencer.sweep();
    const all = await tree.leaves(0, (await tree.head())?.size ?? 0);
    expect(all.map((l) => l.eventKey).sort()).toEqual(written.map((w) => w.eventKey).sort());
    expect(all.every((l) => !l.entry.includes('scratch'))).toBe(true);
  });

  it('sequences after a restart what was written when the server was killed (kill -9) before sequencing it', {
    timeout: 120_000,
  }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'audit-restart-'));
    const endpoint = `unix://${join(dataDir, 'dynamodb.sock')}`;
    const e = event(`orphan-${Math.random()}`);
    const first = await spawnServer(dataDir);
    // The put succeeded; the server is killed before its in-process sequencer heard of it.
    await new DynamoDbAuditLog(documents(endpoint), 'AuditEvents', 'ingest-record').append(e);
    await first.kill();
    const second = await spawnServer(dataDir);
    try {
      const tree = new DynamoDbAuditTree(documents(endpoint), 'AuditTree');
      const all = await tree.leaves(0, (await tree.head())?.size ?? 0);
      expect(all.filter((l) => l.eventKey === `ingest-record#${e.eventId}`)).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });

  it('raises the alarm on an entry rewritten after it was sequenced (stream MODIFY), not on a retry', async () => {
    const { sequencer } = await isolatedSequencer('modify-');
    const raised: TamperFinding[] = [];
    // Imported once the stack's environment is set: the module composes itself on load.
    const { auditSequencerHandler } = await import('#functions/audit-sequencer/handler.ts');
    const handler = auditSequencerHandler(sequencer, { raise: (f) => raised.push(...f) });
    const e = auditRecordOf(event('modify-1', '2025-02-01T00:00:00.000Z'));
    const image = (record: object, digest = 'a'.repeat(64)) => ({
      eventKey: { S: 'test#x' },
      record: { S: JSON.stringify(record) },
      digest: { S: digest },
    });
    const change = (before: object, after: object) => ({
      Records: [
        {
          eventSource: 'aws:dynamodb',
          eventName: 'MODIFY',
          dynamodb: {
            Keys: { eventKey: { S: 'test#x' } },
            OldImage: image(before),
            NewImage: image(after),
          },
        },
      ],
    });
    await handler(
      change(e, { ...e, at: '2025-02-01T00:00:09.000Z' }) as never,
      lambdaContext('audit-sequencer', 'r1'),
    );
    expect(raised).toEqual([]);
    // The digest attribute left as it was: the record itself is compared.
    await handler(
      change(e, { ...e, outcome: 'refused' }) as never,
      lambdaContext('audit-sequencer', 'r2'),
    );
    expect(raised).toEqual([{ kind: 'rewritten', eventKey: 'test#x' }]);
  });

  it('raises the alarm at export on an event rewritten in the table, and exports what was sequenced', async () => {
    const e = event(`rewritten-${Math.random()}`);
    // Written as the ingestion writes, and sequenced.
    await (await auditLog(platformOf(readConfig()), 'ingest-record')).append(e);
    await stack.drainAuditSequencer();
    // A compromised writer overwrites its own event without the condition.
    await doc.send(
      new PutCommand({
        TableName: 'AuditEvents',
        Item: {
          eventKey: `ingest-record#${e.eventId}`,
          record: JSON.stringify({ ...auditRecordOf(e), outcome: 'refused' }),
          digest: 'f'.repeat(64),
        },
      }),
    );
    const raised: TamperFinding[] = [];
    const trail = new ExportAuditTrail({
      ...(await composeAuditTrail(readConfig())),
      alarm: { raise: (f) => raised.push(...f) },
    });
    const lines: string[] = [];
    for await (const line of trail.lines({}, { subject: 'procurator-1', org: 'spp' }))
      lines.push(line);
    expect(raised).toContainEqual(
      expect.objectContaining({ kind: 'rewritten', eventKey: `ingest-record#${e.eventId}` }),
    );
    expect(lines.find((l) => l.includes(e.eventId))).toContain('"outcome":"done"');
    expect(await verifyAuditExport(lines, await auditKeys())).toMatchObject({ intact: true });
  });
});

describe('importing the former hash chains', () => {
  async function writeLegacy(prefix: string, chains: Record<string, string[]>) {
    for (const [chain, times] of Object.entries(chains)) {
      let prevHash = GENESIS_HASH;
      for (const [i, at] of times.entries()) {
        const record = auditRecordOf(event(`${chain}-${i}`, at));
        const hash = chainHash(prevHash, record);
        await doc.send(
          new PutCommand({
            TableName: `${prefix}AuditLog`,
            Item: { ...record, chain, seq: i + 1, prevHash, hash },
          }),
        );
        prevHash = hash;
      }
    }
    // Beside the chains, what the former adapter also kept: claims and checkpoints.
    await doc.send(
      new PutCommand({ TableName: `${prefix}AuditLog`, Item: { chain: 'event#x', seq: 0 } }),
    );
  }

  it('imports every chain once, merged by time with each chain in its own order, before new events', async () => {
    const { sequencer, writer, tree } = await isolatedSequencer('legacy-');
    await writeLegacy('legacy-', {
      'chain-0': [
        '2024-01-01T00:00:01.000Z',
        '2024-01-01T00:00:03.000Z',
        '2024-01-01T00:00:05.000Z',
      ],
      'chain-1': ['2024-01-01T00:00:02.000Z', '2024-01-01T00:00:04.000Z'],
    });
    const fresh = event('after-migration');
    await writer.append(fresh);
    // The first sequencing imports the chains first (as the first stream batch does in AWS).
    const written = [
      ...(
        await new DynamoDbAuditEvents(doc, 'legacy-AuditEvents').get([`test#${fresh.eventId}`])
      ).values(),
    ];
    await sequencer.sequence(written);
    expect(await sequencer.migrate()).toEqual({ imported: 5, size: 6 });
    const all = (await tree.leaves(0, 6)).map((l) => JSON.parse(l.entry));
    expect(
      all.map((e) => e.migratedFrom && `${e.migratedFrom.chain}:${e.migratedFrom.seq}`),
    ).toEqual(['chain-0:1', 'chain-1:1', 'chain-0:2', 'chain-1:2', 'chain-0:3', undefined]);
    expect(all[5]).toMatchObject({ index: 5, eventId: fresh.eventId });
    const exportLines: string[] = [];
    const trail = new ExportAuditTrail({
      audit: writer,
      tree,
      events: new DynamoDbAuditEvents(doc, 'legacy-AuditEvents'),
      sequencer: { checkpoint: () => sequencer.checkpoint() },
      alarm: { raise: () => expect.fail('no alarm expected') },
      clock: systemClock,
    });
    for await (const line of trail.lines({}, { subject: 'p', org: 'spp' })) exportLines.push(line);
    expect(await verifyAuditExport(exportLines, await auditKeys())).toMatchObject({ intact: true });
  });

  it('refuses a chain that does not verify, importing nothing', async () => {
    const { sequencer, tree } = await isolatedSequencer('broken-');
    await writeLegacy('broken-', {
      'chain-0': ['2024-01-01T00:00:01.000Z', '2024-01-01T00:00:02.000Z'],
    });
    await doc.send(
      new PutCommand({
        TableName: 'broken-AuditLog',
        Item: {
          chain: 'chain-0',
          seq: 3,
          prevHash: 'x',
          hash: 'y',
          at: '2024-01-01T00:00:03.000Z',
        },
      }),
    );
    await expect(sequencer.migrate()).rejects.toBeInstanceOf(IntegrityError);
    expect(await tree.head()).toBeUndefined();
  });
});
