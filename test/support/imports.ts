/**
 * Bulk import in tests: historical files of synthetic people (area code 99) whose records
 * exercise the sealing service — sealed minors, adults, joint crimes, a combined sentence
 * that unseals, sealing notices — plus invalid lines; the CLI run as its own process, as an
 * agency runs it; and what a DATA_DIR holds afterwards, read straight from its tables.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { createDynamoDbClient } from '#shared/adapters/dynamodb/client.ts';
import { startDynalite } from '#shared/adapters/local/dynalite.ts';
import { envelopeCipher } from '#shared/composition/envelopes.ts';
import { platformOf } from '#shared/composition/platform.ts';
import { readConfig } from '#shared/config.ts';
import { decodeEnvelope, type RecordEnvelope } from '#shared/domain/recordEnvelope.ts';
import type { KeyClass } from '#shared/ports/envelope.ts';
import { recordEnvelopeContext } from '#shared/ports/recordStore.ts';
import { type StoredLog, storedLog } from './exactlyOnce.ts';
import {
  judgment,
  type Person,
  relatedRecord,
  syntheticCaseNumber,
  syntheticPerson,
} from './fixtures.ts';

export type HistoricalFile = {
  /** Valid `POST /v1/records` bodies, all for the `court` role. */
  bodies: Record<string, unknown>[];
  /** People whose records are all sealed: a certificate is issued to them. */
  sealedOnly: Person[];
  /** People with an unsealed conviction on file: a certificate is refused. */
  convicted: Person[];
};

/**
 * `groups` groups of records of a court's archive, six people and seven records a group:
 * a minor's sealed judgment with a sealing notice to the police; an adult's conviction; a
 * joint crime (the minor sealed, the adult's record marked); an earlier juvenile judgment
 * unsealed by a later combined sentence over five years; a minor's social investigation.
 */
export function historicalFile(groups: number): HistoricalFile {
  const file: HistoricalFile = { bodies: [], sealedOnly: [], convicted: [] };
  for (let g = 0; g < groups; g += 1) {
    const minor = syntheticPerson('2004-06-15');
    file.bodies.push(
      judgment({
        person: minor,
        offenceDate: '2021-03-01',
        months: 24,
        notify: [{ role: 'police', org: 'police-import' }],
      }),
      relatedRecord(minor, 'social-investigation', '2021-03-01'),
    );
    file.sealedOnly.push(minor);

    const adult = syntheticPerson('1990-01-01');
    file.bodies.push(judgment({ person: adult, offenceDate: '2022-05-01', months: 12 }));
    file.convicted.push(adult);

    const youngAccomplice = syntheticPerson('2005-01-01');
    const olderAccomplice = syntheticPerson('1991-01-01');
    const jointCase = syntheticCaseNumber();
    file.bodies.push(
      judgment({
        person: youngAccomplice,
        offenceDate: '2021-06-01',
        caseNumber: jointCase,
        months: 24,
        coDefendants: [olderAccomplice],
      }),
      judgment({
        person: olderAccomplice,
        offenceDate: '2021-06-01',
        caseNumber: jointCase,
        months: 36,
        coDefendants: [youngAccomplice],
      }),
    );
    file.sealedOnly.push(youngAccomplice);
    file.convicted.push(olderAccomplice);

    const reoffender = syntheticPerson('2004-06-15');
    const earlierCase = syntheticCaseNumber();
    file.bodies.push(
      judgment({
        person: reoffender,
        caseNumber: earlierCase,
        offenceDate: '2019-08-01',
        effectiveDate: '2020-01-10',
        months: 24,
      }),
      judgment({
        person: reoffender,
        offenceDate: '2021-08-01',
        effectiveDate: '2022-03-01',
        months: 72,
        combinedWith: [earlierCase],
      }),
    );
    file.convicted.push(reoffender);
  }
  return file;
}

/** Lines no agency system should send, each rejected for a different reason. */
export function invalidLines(): string[] {
  const person = syntheticPerson('2004-06-15');
  const valid = judgment({ person, offenceDate: '2021-03-01', months: 24 });
  const badId = `${person.nationalId.slice(0, 17)}${person.nationalId.endsWith('0') ? '1' : '0'}`;
  return [
    'this is not JSON',
    JSON.stringify({ ...valid, subject: { ...person, nationalId: badId } }),
    JSON.stringify({ ...valid, offenceDate: '2999-01-01' }),
    JSON.stringify({ ...valid, caseNumber: undefined }),
    JSON.stringify([valid]),
  ];
}

export function writeNdjson(path: string, lines: readonly string[], ending = '\n'): string {
  writeFileSync(path, lines.map((line) => `${line}${ending}`).join(''));
  return path;
}

export type ImportRun = {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
};

/** `npm run import` as its own process, exactly as an agency runs it. */
export function spawnImport(
  dataDir: string,
  args: readonly string[],
): { child: ChildProcess; done: Promise<ImportRun> } {
  const child = spawn(process.execPath, ['scripts/import.ts', ...args], {
    env: { ...process.env, DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
  const done = new Promise<ImportRun>((resolve) => {
    child.once('close', (code, signal) => {
      const run = {
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      };
      // What the import printed joins the suite-wide search for test IDs and names.
      const dir = process.env.TEST_LOG_DIR;
      if (dir) appendFileSync(join(dir, `import-${child.pid}.log`), `${run.stdout}${run.stderr}`);
      resolve(run);
    });
  });
  return { child, done };
}

export function runImport(dataDir: string, args: readonly string[]): Promise<ImportRun> {
  return spawnImport(dataDir, args).done;
}

/** The summary line's figures; fails unless the last line of stdout is exactly that line. */
export function summaryOf(run: ImportRun) {
  const lines = run.stdout.trimEnd().split('\n');
  const match =
    /^imported (\d+) records: (\d+) sealed, (\d+) not sealed, (\d+) already present, (\d+) rejected$/.exec(
      lines.at(-1) ?? '',
    );
  if (!match) throw new Error(`no summary line (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  const [records = 0, sealed = 0, notSealed = 0, alreadyPresent = 0, rejected = 0] = match
    .slice(1)
    .map(Number);
  return { records, sealed, notSealed, alreadyPresent, rejected };
}

export type DataDirState = {
  records: Record<string, unknown>[];
  /** The sequenced audit entries, in index order. */
  auditEntries: Record<string, unknown>[];
  /** The audit log as stored (events and tree), for `logVerdict`. */
  auditLog: StoredLog;
  disclosable: Record<string, unknown>[];
  notices: Record<string, unknown>[];
  links: Record<string, unknown>[];
};

/** Every table of a DATA_DIR no process holds, read with its own embedded engine. */
export async function readDataDir(dataDir: string): Promise<DataDirState> {
  const engine = await startDynalite({ path: join(dataDir, 'dynamodb') });
  const client = createDynamoDbClient({ region: 'cn-north-1', endpoint: engine.endpoint });
  const scan = async (table: string) => {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await client
        .send(new ScanCommand({ TableName: table, ExclusiveStartKey: start as never }))
        .catch((error: unknown) => {
          // A process killed while it was creating the tables: this one holds nothing yet.
          if ((error as Error).name === 'ResourceNotFoundException') return { Items: [] };
          throw error;
        });
      for (const item of page.Items ?? []) items.push(unmarshall(item));
      start = 'LastEvaluatedKey' in page ? page.LastEvaluatedKey : undefined;
    } while (start);
    return items;
  };
  try {
    const [records, auditLog, disclosable, notices, links] = await Promise.all([
      scan('CriminalRecords'),
      storedLog(scan),
      scan('DisclosableConvictions'),
      scan('Notices'),
      scan('RecordLinks'),
    ]);
    return {
      records,
      auditEntries: auditLog.leaves.map((leaf) => JSON.parse(leaf.entry)),
      auditLog,
      disclosable,
      notices,
      links,
    };
  } finally {
    client.destroy();
    await engine.close();
  }
}

/** A stored record's envelope, opened with the DATA_DIR's local keys. */
export async function openEnvelope(
  dataDir: string,
  record: Record<string, unknown>,
): Promise<RecordEnvelope> {
  const config = readConfig({ KEY_PROVIDER: 'local', DATA_DIR: dataDir });
  const cipher = await envelopeCipher(platformOf(config), ['records', 'sealed-archive']);
  const plaintext = await cipher.decrypt(
    new Uint8Array(record.envelope as Uint8Array),
    record.keyClass as KeyClass,
    recordEnvelopeContext(String(record.recordId)),
  );
  return decodeEnvelope(plaintext);
}

/** What must be equal between two runs that ended in the same state (IDs differ by key). */
export function stateFigures(state: DataDirState) {
  const tally = (values: string[]) => {
    const counts: Record<string, number> = {};
    for (const value of values.sort()) counts[value] = (counts[value] ?? 0) + 1;
    return counts;
  };
  return {
    records: tally(
      state.records.map((r) =>
        [
          r.recordType,
          r.owningAgency,
          r.status,
          r.keyClass,
          r.containsSealedInformation ? 'marked' : 'unmarked',
          r.unsealedFrom ?? '-',
          r.effectsPending ? 'PENDING' : 'done',
        ].join(' '),
      ),
    ),
    auditActions: tally(state.auditEntries.map((e) => String(e.action))),
    disclosable: state.disclosable.length,
    notices: tally(state.notices.map((n) => String(n.kind))),
    links: state.links.length,
  };
}
