/**
 * The audit trail for supervisors (API.md, Oversight; DESIGN.md invariant 5): the export over
 * real HTTP, verified offline by `npm run audit:verify`; every kind of tampering — an edited,
 * dropped, reordered or inserted line, an export cut short, newest entries removed from the
 * table after a checkpoint — is caught at the first bad line. Checkpoints verify with
 * node:crypto alone.
 */
import { spawnSync } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient, createDynamoDbClient } from '#shared/adapters/dynamodb/client.ts';
import { composeAuditTrail } from '#shared/composition/auditTrail.ts';
import { readConfig } from '#shared/config.ts';
import { verifyAuditExport } from '#shared/domain/audit/verifyExport.ts';
import { auditKeysOf, parseTrustBundle } from '#shared/domain/credential/didDocument.ts';
import { CheckpointAuditChains } from '#shared/usecases/auditTrail.ts';
import { judgment, syntheticPerson } from '../support/fixtures.ts';
import { submitRecord } from '../support/records.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let supervisor: string;
let bundleFile: string;
let keys: ReturnType<typeof auditKeysOf>;
const dir = mkdtempSync(join(tmpdir(), 'audit-export-'));
const people = [syntheticPerson('2004-06-15'), syntheticPerson('1990-01-01')];

beforeAll(async () => {
  stack = await startTestStack({ inMemory: true });
  supervisor = await stack.token('supervisor', { org: 'spp-1', sub: 'procurator-audit' });
  const court = await stack.token('court', { org: 'court-1', sub: 'judge-audit' });
  for (let i = 0; i < 12; i++) {
    const person = people[i % 2] ?? syntheticPerson();
    await submitRecord(stack, court, judgment({ person, offenceDate: `2021-0${(i % 9) + 1}-01` }));
  }
  await stack.drainSealingQueue();
  const bundle = (await stack.request('GET', '/v1/trust-bundle')).json;
  bundleFile = join(dir, 'bundle.json');
  writeFileSync(bundleFile, JSON.stringify(bundle));
  keys = auditKeysOf(parseTrustBundle(bundle));
});
afterAll(async () => stack.close());

async function exportLines(query = ''): Promise<string[]> {
  const response = await stack.request('GET', `/v1/audit${query}`, { token: supervisor });
  expect(response.status, response.text).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/x-ndjson');
  return response.text.trimEnd().split('\n');
}

function cli(lines: string[]): { status: number | null; out: string } {
  const file = join(dir, `export-${Math.random()}.ndjson`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'scripts/audit-verify.ts', file, '--trust', bundleFile],
    { encoding: 'utf8' },
  );
  return { status: run.status, out: run.stdout + run.stderr };
}

const isEntry = (line: string) =>
  !line.includes('"type":"checkpoint"') && !line.includes('"type":"export"');
const isCheckpoint = (line: string) => line.includes('"type":"checkpoint"');

describe('GET /v1/audit', () => {
  it('exports every chain, closed by signed checkpoints, that audit:verify finds intact', async () => {
    const lines = await exportLines();
    expect(lines.filter(isEntry).length).toBeGreaterThanOrEqual(12);
    for (const person of people) {
      expect(lines.join('\n')).not.toContain(person.nationalId);
      expect(lines.join('\n')).not.toContain(person.name);
    }
    const first = JSON.parse(lines[0] ?? '{}');
    expect(Object.keys(first)).toEqual(
      expect.arrayContaining([
        'chain',
        'seq',
        'at',
        'actor',
        'action',
        'target',
        'outcome',
        'prevHash',
        'hash',
      ]),
    );
    expect(first.actor).toEqual({
      sub: expect.any(String),
      role: expect.any(String),
      org: expect.any(String),
    });
    expect(await verifyAuditExport(lines, keys)).toMatchObject({ intact: true });
    const run = cli(lines);
    expect(run.status, run.out).toBe(0);
    expect(run.out).toMatch(/^INTACT: /);
  });

  it('records the export itself, attributed to the supervisor', async () => {
    const lines = await exportLines();
    expect(
      lines.some((l) => l.includes('"action":"audit.export"') && l.includes('procurator-audit')),
    ).toBe(true);
  });

  it('has checkpoints that node:crypto verifies without any JOSE library', async () => {
    const checkpoint = JSON.parse((await exportLines()).find(isCheckpoint) ?? '{}');
    const [header, payload, signature] = String(checkpoint.signature).split('.');
    const jwk = keys.get(checkpoint.kid);
    expect(jwk).toBeDefined();
    const ok = verify(
      'sha256',
      Buffer.from(`${header}.${payload}`),
      { key: createPublicKey({ key: jwk as never, format: 'jwk' }), dsaEncoding: 'ieee-p1363' },
      Buffer.from(String(signature), 'base64url'),
    );
    expect(ok).toBe(true);
    expect(JSON.parse(Buffer.from(String(payload), 'base64url').toString())).toEqual({
      chain: checkpoint.chain,
      seq: checkpoint.seq,
      hash: checkpoint.hash,
      at: checkpoint.at,
    });
  });

  it('answers a window with from and to, and refuses a malformed one', async () => {
    const lines = await exportLines(
      `?from=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`,
    );
    // Nothing an hour from now: only the signed statement that the window holds no chain.
    expect(lines.filter((l) => l !== '')).toHaveLength(1);
    expect(await verifyAuditExport(lines, keys)).toMatchObject({
      intact: true,
      entries: 0,
      chains: 0,
    });
    // That statement proves the window empty: one naming chains, their lines dropped, does not.
    const full = await exportLines();
    expect(await verifyAuditExport([full.at(-1) ?? ''], keys)).toMatchObject({
      intact: false,
      problem: 'chain-differs-from-export-statement',
    });
    const bad = await stack.request('GET', '/v1/audit?from=yesterday', { token: supervisor });
    expect(bad.status).toBe(400);
    expect(
      (await stack.request('GET', '/v1/audit', { token: await stack.token('court') })).status,
    ).toBe(403);
  });
});

describe('a window of the trail (from, to)', () => {
  it('is anchored by a checkpoint of the entry before it, and verifies; its first line cannot be dropped', async () => {
    const all = (await exportLines()).filter(isEntry).map((l) => JSON.parse(l) as { at: string });
    const middle = [...all].sort((x, y) => x.at.localeCompare(y.at))[Math.floor(all.length / 2)]
      ?.at;
    const lines = await exportLines(`?from=${encodeURIComponent(String(middle))}`);
    expect(lines.filter(isEntry).length).toBeLessThan(all.length);
    expect(lines.some((l) => !isEntry(l))).toBe(true);
    expect(await verifyAuditExport(lines, keys)).toMatchObject({ intact: true });
    const firstEntry = lines.findIndex(isEntry);
    const anchored = lines.findIndex((l) => !isEntry(l)) < firstEntry;
    if (anchored) {
      const dropped = lines.filter((_, i) => i !== firstEntry);
      expect(await verifyAuditExport(dropped, keys)).toMatchObject({ intact: false });
    }
  });
});

describe('npm run audit:verify catches tampering at the first bad line', () => {
  let lines: string[];
  /** Whether some chain has a stored checkpoint with entries of its chain after it. */
  const hasCheckpointMidChain = (exported: string[]) =>
    exported.some(
      (l, i) =>
        isCheckpoint(l) &&
        exported
          .slice(i + 1)
          .some((later) => isEntry(later) && JSON.parse(later).chain === JSON.parse(l).chain),
    );
  beforeAll(async () => {
    // Each export signs every chain's head and is itself audited, after those heads.
    lines = await exportLines();
    for (let i = 0; i < 8 && !hasCheckpointMidChain(lines); i++) lines = await exportLines();
  });
  const entryIndexes = () => lines.map((l, i) => (isEntry(l) ? i : -1)).filter((i) => i >= 0);

  it('an edited event', async () => {
    const i = entryIndexes()[2] ?? 0;
    const edited = [...lines];
    edited[i] = (edited[i] ?? '').replace('"outcome":"done"', '"outcome":"refused"');
    expect(edited[i]).not.toBe(lines[i]);
    expect(await verifyAuditExport(edited, keys)).toMatchObject({
      intact: false,
      line: i + 1,
      problem: 'wrong-hash',
    });
    const run = cli(edited);
    expect(run.status).toBe(1);
    expect(run.out).toContain(`line ${i + 1}`);
  });

  it('a dropped event', async () => {
    const i = entryIndexes()[1] ?? 0;
    const dropped = lines.filter((_, j) => j !== i);
    const verdict = await verifyAuditExport(dropped, keys);
    expect(verdict).toMatchObject({ intact: false });
    expect(cli(dropped).status).toBe(1);
  });

  it('two events of one chain reordered', async () => {
    const chainOf = (i: number) => JSON.parse(lines[i] ?? '{}').chain;
    const indexes = entryIndexes();
    const a = indexes.find(
      (i, k) => indexes[k + 1] !== undefined && chainOf(i) === chainOf(indexes[k + 1] ?? -1),
    );
    const b = a === undefined ? undefined : indexes[indexes.indexOf(a) + 1];
    expect(a).toBeDefined();
    const reordered = [...lines];
    [reordered[a ?? 0], reordered[b ?? 1]] = [lines[b ?? 1] ?? '', lines[a ?? 0] ?? ''];
    const verdict = await verifyAuditExport(reordered, keys);
    expect(verdict).toMatchObject({
      intact: false,
      line: (a ?? 0) + 1,
    });
  });

  it('an inserted event, even one whose own hash is right', async () => {
    const i = entryIndexes()[0] ?? 0;
    const original = JSON.parse(lines[i] ?? '{}');
    const forged = {
      ...original,
      seq: original.seq + 1,
      action: 'record.ingest',
      target: 'forged',
    };
    const inserted = [...lines.slice(0, i + 1), JSON.stringify(forged), ...lines.slice(i + 1)];
    expect(await verifyAuditExport(inserted, keys)).toMatchObject({ intact: false });
    expect(cli(inserted).status).toBe(1);
  });

  it('an export cut short before its closing checkpoint', async () => {
    expect(lines.at(-1)).toContain('"type":"export"');
    const cut = [...lines.slice(0, -2), lines.at(-1) ?? ''];
    expect(await verifyAuditExport(cut, keys)).toMatchObject({
      intact: false,
      problem: 'chain-not-closed-by-checkpoint',
    });
  });

  it('an export without its signed statement', async () => {
    expect(await verifyAuditExport(lines.slice(0, -1), keys)).toMatchObject({
      intact: false,
      problem: 'export-statement-missing',
    });
  });

  it('a chain’s first entries dropped up to a checkpoint stored between them', async () => {
    const chainOf = (line: string) => JSON.parse(line).chain as string;
    // A chain whose run holds a stored checkpoint with entries after it: the export just
    // before this describe's signed every head, and that export was itself audited.
    const at = lines.findIndex(
      (l, i) =>
        isCheckpoint(l) &&
        lines.slice(i + 1).some((later) => isEntry(later) && chainOf(later) === chainOf(l)),
    );
    expect(at).toBeGreaterThan(0);
    const chain = chainOf(lines[at] ?? '');
    const dropped = lines.filter((l, i) => !(i < at && isEntry(l) && chainOf(l) === chain));
    expect(dropped.length).toBeLessThan(lines.length);
    expect(await verifyAuditExport(dropped, keys)).toMatchObject({
      intact: false,
      problem: 'chain-differs-from-export-statement',
      chain,
    });
    expect(cli(dropped).status).toBe(1);
  });

  it('a whole chain dropped', async () => {
    const chain = JSON.parse(lines[0] ?? '{}').chain as string;
    const dropped = lines.filter((l) => !l.includes(`"chain":"${chain}"`));
    expect(dropped.length).toBeLessThan(lines.length);
    expect(await verifyAuditExport(dropped, keys)).toMatchObject({
      intact: false,
      line: dropped.length,
      problem: 'chain-differs-from-export-statement',
      chain,
    });
  });

  it('an export statement that claims other chains than it signs', async () => {
    const statement = JSON.parse(lines.at(-1) ?? '{}');
    statement.chains = {};
    const bad = [...lines.slice(0, -1), JSON.stringify(statement)];
    expect(await verifyAuditExport(bad, keys)).toMatchObject({
      intact: false,
      line: bad.length,
      problem: 'bad-export-statement',
    });
  });

  it('a checkpoint re-signed by another key', async () => {
    const i = lines.findIndex((l) => !isEntry(l));
    const forged = JSON.parse(lines[i] ?? '{}');
    const [h, p] = String(forged.signature).split('.');
    forged.signature = `${h}.${p}.${Buffer.alloc(64, 7).toString('base64url')}`;
    const bad = [...lines];
    bad[i] = JSON.stringify(forged);
    expect(await verifyAuditExport(bad, keys)).toMatchObject({
      intact: false,
      line: i + 1,
      problem: 'bad-checkpoint-signature',
    });
  });
});

describe('removing the newest entries from the table', () => {
  it('is caught by the checkpoint taken before', async () => {
    const config = readConfig();
    const deps = await composeAuditTrail(config);
    await new CheckpointAuditChains(deps).execute();
    // The newest entry of the longest chain goes; its checkpoint stays.
    let target: { chain: string; seq: number } | undefined;
    for (const chain of deps.trail.chainNames()) {
      const head = await deps.trail.head(chain);
      if (head.seq > (target?.seq ?? 1)) target = { chain, seq: head.seq };
    }
    expect(target).toBeDefined();
    const doc = createDocumentClient(
      createDynamoDbClient({ region: 'cn-north-1', endpoint: process.env.DYNAMODB_ENDPOINT }),
    );
    await doc.send(new DeleteCommand({ TableName: 'AuditLog', Key: target }));
    const verdict = await verifyAuditExport(await exportLines(), keys);
    // Either the checkpoint is beyond the last entry, or a newer append took the freed
    // position and no longer matches the checkpoint signed there.
    expect(verdict).toMatchObject({
      intact: false,
      problem: expect.stringMatching(/^checkpoint-(ahead-of-entries|does-not-match-entry)$/),
      chain: target?.chain,
    });
  });
});
