/**
 * `npm run verify` as a verifier runs it: exit codes 0/1/2, readable output, for each kind of
 * document — certificate, inquiry result letter, wallet presentation — alone and mixed in a
 * batch. Each exit status, the help and a batch on worker threads are checked on
 * `scripts/verify.ts` as a child process; the other cases call the command it runs
 * (`scripts/verifyCommand.ts`) in this process, with the same arguments and environment.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type HolderJwk, issueSdJwtVc } from '#shared/domain/credential/sdJwtVc.ts';
import { verifyCommand } from '../../scripts/verifyCommand.ts';
import { createTestWallet } from '../support/wallet.ts';
import {
  bundleOf,
  convictions,
  createTestKey,
  decodePart,
  documentOf,
  encodePart,
  inquiryId,
  issue,
  issuer,
  issueTestLetter,
  letterId,
  temporaryDirectory,
} from './credential.fixtures.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = temporaryDirectory();
const emptyDataDir = temporaryDirectory();
const key = createTestKey('key-1');
const bundlePath = join(dir, 'bundle.json');
writeFileSync(bundlePath, JSON.stringify(bundleOf(documentOf(issuer.did, key))));
const { credential, certificateId } = await issue(key.signer, { now: new Date() });
const expired = new Date((decodePart(credential, 1).exp as number) * 1000 + 86_400_000);
const letterOnFile = await issueTestLetter(key.signer, { now: new Date(), convictions });
const letterNoRecord = await issueTestLetter(key.signer, { now: new Date() });
const letterExpired = new Date((decodePart(letterOnFile, 1).exp as number) * 1000 + 86_400_000);
const challenge = { nonce: 'verifier-nonce-1', audience: 'https://school.example' };
const wallet = await createTestWallet();
const { credential: sdJwtVc } = await issueSdJwtVc({
  issuer,
  signer: key.signer,
  subject: { name: '测试甲', nationalIdMasked: '990105********123X' },
  purpose: 'education',
  holderJwk: wallet.publicJwk as HolderJwk,
  now: new Date(),
  validityDays: 90,
});
const presentation = await wallet.present(sdJwtVc, ['purpose'], challenge);

/** `jwt` with its signature's first character changed. */
function tamperedSignature(jwt: string): string {
  const [h, p, s = ''] = jwt.split('.');
  return `${h}.${p}.${s.startsWith('A') ? `B${s.slice(1)}` : `A${s.slice(1)}`}`;
}

type Run = { code: number; stdout: string; stderr: string };

/** `scripts/verify.ts` in a child process, as `npm run --silent verify` starts it. */
function spawned(args: string[], env: Record<string, string> = {}) {
  return new Promise<Run>((resolve) => {
    execFile(
      process.execPath,
      ['scripts/verify.ts', ...args],
      { cwd: root, env: { ...process.env, DATA_DIR: emptyDataDir, ...env } },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
}

/** The same command in this process: what it writes, and its exit status. */
async function run(args: string[], env: Record<string, string> = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await verifyCommand(args, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: { ...process.env, DATA_DIR: emptyDataDir, ...env },
  });
  return { code, stdout, stderr };
}

describe('CLI: npm run verify', () => {
  it('prints VALID with the holder, purpose, issuer and validity window; exit 0', async () => {
    const { code, stdout } = await spawned([credential, '--trust', bundlePath]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^VALID/);
    for (const text of ['测试甲', '990105********123X', 'employment', issuer.did, certificateId]) {
      expect(stdout).toContain(text);
    }
    expect(stdout).toMatch(/Valid from: +\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/);
    expect(stdout).toMatch(/Valid until: +\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/);
  });

  it('reads the credential from a file, or from the saved issuing response', async () => {
    const jwtFile = join(dir, 'credential.jwt');
    writeFileSync(jwtFile, `${credential}\n`);
    expect((await run([jwtFile, '--trust', bundlePath])).code).toBe(0);
    const responseFile = join(dir, 'response.json');
    writeFileSync(responseFile, JSON.stringify({ certificateId, credential }));
    expect((await run([responseFile, '--trust', bundlePath])).code).toBe(0);
  });

  it('uses $DATA_DIR/trust-bundle.json when --trust is not given', async () => {
    const dataDir = temporaryDirectory();
    writeFileSync(
      join(dataDir, 'trust-bundle.json'),
      JSON.stringify(bundleOf(documentOf(issuer.did, key))),
    );
    expect((await run([credential], { DATA_DIR: dataDir })).code).toBe(0);
  });

  it('prints NOT VALID with each reason; exit 1', async () => {
    const { code, stdout } = await spawned([
      credential,
      '--trust',
      bundlePath,
      '--now',
      expired.toISOString(),
    ]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^NOT VALID/);
    expect(stdout).toContain('expired');

    const [h, , s] = credential.split('.');
    const payload = decodePart(credential, 1);
    const tampered = `${h}.${encodePart({ ...payload, exp: (payload.exp as number) + 1 })}.${s}`;
    const forged = await run([tampered, '--trust', bundlePath]);
    expect(forged.code).toBe(1);
    expect(forged.stdout).toContain('[bad-signature]');
  });

  it('prints the verdict as JSON with --json', async () => {
    const valid = await run([credential, '--trust', bundlePath, '--json']);
    expect(valid.code).toBe(0);
    expect(JSON.parse(valid.stdout)).toMatchObject({
      valid: true,
      reasons: [],
      credential: { nationalIdMasked: '990105********123X', certificateId },
    });
    const invalid = await run([
      credential,
      '--trust',
      bundlePath,
      '--json',
      '--now',
      expired.toISOString(),
    ]);
    expect(invalid.code).toBe(1);
    expect(JSON.parse(invalid.stdout)).toMatchObject({
      valid: false,
      reasons: [{ code: 'expired' }],
    });
  });

  it('--help prints usage; exit 0', async () => {
    const { code, stdout } = await spawned(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: npm run --silent verify -- FILE_OR_JWT');
    expect(stdout).toContain('npm run --silent verify -- --batch DIR [--workers N]');
  });

  describe('an inquiry result letter', () => {
    it('prints the statement, then each conviction; exit 0', async () => {
      const { code, stdout } = await run([letterOnFile, '--trust', bundlePath]);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^VALID — inquiry result letter: CRIMINAL RECORD ON FILE\.$/m);
      expect(stdout).toMatch(/^ {2}Statement: +criminal-record-on-file$/m);
      expect(stdout).toMatch(/^ {2}Convictions: +3$/m);
      expect(stdout).toContain(
        '    1. 盗窃, 诈骗 — fixed-term-imprisonment, 30 months, effective 2019-11-20',
      );
      expect(stdout).toContain(
        '    2. 危险驾驶 — criminal-detention, 3 months, effective 2024-05-06',
      );
      expect(stdout).toContain('    3. 寻衅滋事 — exempted, effective 2024-09-30');
      for (const text of ['测试甲', '990105********123X', inquiryId, letterId, 'teachers-law-14']) {
        expect(stdout).toContain(text);
      }
      expect(stdout).toContain('keep it confidential');
    });

    it('says no criminal record on file for a no-record letter, read from the saved result; exit 0', async () => {
      const resultFile = join(dir, 'result.json');
      writeFileSync(resultFile, JSON.stringify({ letter: letterNoRecord }));
      const { code, stdout } = await run([resultFile, '--trust', bundlePath]);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^VALID — inquiry result letter: no criminal record on file\.$/m);
      expect(stdout).not.toContain('Convictions');
      expect(stdout).not.toContain('RECORD ON FILE');
    });

    it('prints NOT VALID for a tampered or expired letter; exit 1', async () => {
      const forged = await run([tamperedSignature(letterOnFile), '--trust', bundlePath]);
      expect(forged.code).toBe(1);
      expect(forged.stdout).toMatch(/^NOT VALID — do not rely on this letter\./);
      expect(forged.stdout).toContain('[bad-signature]');
      expect(forged.stdout).not.toContain('盗窃');
      const old = await run([
        letterOnFile,
        '--trust',
        bundlePath,
        '--now',
        letterExpired.toISOString(),
      ]);
      expect(old.code).toBe(1);
      expect(old.stdout).toContain('[expired]');
    });

    it('prints the verdict, kind and convictions as JSON with --json', async () => {
      const { code, stdout } = await run([letterOnFile, '--trust', bundlePath, '--json']);
      expect(code).toBe(0);
      expect(JSON.parse(stdout)).toMatchObject({
        kind: 'letter',
        valid: true,
        reasons: [],
        letter: { statement: 'criminal-record-on-file', convictions, inquiryId, letterId },
      });
    });
  });

  describe('a wallet presentation', () => {
    it('shows exactly the disclosed claims and that holder binding was checked; exit 0', async () => {
      const args = ['--nonce', challenge.nonce, '--audience', challenge.audience];
      const { code, stdout } = await run([presentation, '--trust', bundlePath, ...args]);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^VALID — no criminal record on file \(presented/);
      expect(stdout).toMatch(/^ {2}Purpose: +education$/m);
      expect(stdout).toMatch(/^ {2}Holder binding: +checked/m);
      expect(stdout).not.toContain('测试甲');
      const json = await run([presentation, '--trust', bundlePath, ...args, '--json']);
      expect(JSON.parse(json.stdout)).toMatchObject({
        kind: 'presentation',
        valid: true,
        presentation: { disclosed: { purpose: 'education' } },
      });
    });

    it('exit 1 for another nonce, exit 2 without one', async () => {
      const replay = await run([
        presentation,
        '--trust',
        bundlePath,
        '--nonce',
        'another',
        '--audience',
        challenge.audience,
      ]);
      expect(replay.code).toBe(1);
      expect(replay.stdout).toContain('[wrong-nonce]');
      const usage = await run([presentation, '--trust', bundlePath, '--nonce', challenge.nonce]);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toContain('--nonce and --audience');
    });
  });

  describe('--batch DIR', () => {
    const batchDir = join(dir, 'applicants');
    mkdirSync(batchDir);
    writeFileSync(join(batchDir, 'a.jwt'), credential);
    writeFileSync(join(batchDir, 'b.json'), JSON.stringify({ certificateId, credential }));
    const tampered = tamperedSignature(credential);
    const mixedDir = join(dir, 'mixed');
    mkdirSync(mixedDir);
    writeFileSync(join(mixedDir, 'a.jwt'), credential);
    writeFileSync(join(mixedDir, 'b.jwt'), tampered);
    writeFileSync(join(mixedDir, 'c.txt'), 'hello');

    it('prints one line per file and a count; exit 0 when every file is valid', async () => {
      const { code, stdout } = await run(['--batch', batchDir, '--trust', bundlePath]);
      expect(code).toBe(0);
      expect(stdout).toMatch(
        /^VALID {6}a\.jwt {2}certificate {2}\(until \d{4}-\d{2}-\d{2} [\d:]{8} UTC\)$/m,
      );
      expect(stdout).toMatch(/^VALID {6}b\.json/m);
      expect(stdout).toContain('2 files: 2 valid, 0 not valid.');
      // A list of thousands of lines gets pasted around: no names or ID numbers in it.
      expect(stdout).not.toContain('测试甲');
      expect(stdout).not.toContain('990105');
    });

    it('names each file that is not valid and why; exit 1 when any is not', async () => {
      const { code, stdout } = await run(['--batch', mixedDir, '--trust', bundlePath]);
      expect(code).toBe(1);
      expect(stdout).toMatch(/^VALID {6}a\.jwt/m);
      expect(stdout).toMatch(/^NOT VALID {2}b\.jwt {2}bad-signature$/m);
      expect(stdout).toMatch(/^NOT VALID {2}c\.txt {2}malformed$/m);
      expect(stdout).toContain('3 files: 1 valid, 2 not valid.');
    });

    it('prints one JSON object per file with --json, with --workers', async () => {
      const { code, stdout } = await spawned([
        '--batch',
        mixedDir,
        '--trust',
        bundlePath,
        '--json',
        '--workers',
        '2',
      ]);
      expect(code).toBe(1);
      const lines = stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(lines).toMatchObject([
        { file: join(mixedDir, 'a.jwt'), valid: true, credential: { certificateId } },
        { file: join(mixedDir, 'b.jwt'), valid: false, reasons: [{ code: 'bad-signature' }] },
        { file: join(mixedDir, 'c.txt'), valid: false, reasons: [{ code: 'malformed' }] },
      ]);
    });

    describe('of every kind mixed', () => {
      const kindsDir = join(dir, 'kinds');
      mkdirSync(kindsDir);
      writeFileSync(
        join(kindsDir, '1-certificate.json'),
        JSON.stringify({ certificateId, credential }),
      );
      writeFileSync(
        join(kindsDir, '2-letter-none.json'),
        JSON.stringify({ letter: letterNoRecord }),
      );
      writeFileSync(join(kindsDir, '3-letter-record.jwt'), letterOnFile);
      writeFileSync(join(kindsDir, '4-letter-forged.jwt'), tamperedSignature(letterNoRecord));
      writeFileSync(join(kindsDir, '5-presentation.txt'), presentation);

      it('names each file’s kind and a letter’s statement, never its convictions; exit 1 when any is not valid', async () => {
        const { code, stdout } = await run([
          '--batch',
          kindsDir,
          '--trust',
          bundlePath,
          '--nonce',
          challenge.nonce,
          '--audience',
          challenge.audience,
          '--workers',
          '2',
        ]);
        expect(code).toBe(1);
        expect(stdout).toMatch(/^VALID {6}1-certificate\.json {2}certificate {2}\(until /m);
        expect(stdout).toMatch(
          /^VALID {6}2-letter-none\.json {2}letter: no criminal record on file {2}\(until /m,
        );
        expect(stdout).toMatch(
          /^VALID {6}3-letter-record\.jwt {2}letter: CRIMINAL RECORD ON FILE, 3 convictions {2}\(until /m,
        );
        expect(stdout).toMatch(/^NOT VALID {2}4-letter-forged\.jwt {2}bad-signature$/m);
        expect(stdout).toMatch(/^VALID {6}5-presentation\.txt {2}presentation {2}\(until /m);
        expect(stdout).toContain('5 files: 4 valid, 1 not valid.');
        expect(stdout).toContain('1 valid letter states a criminal record on file');
        for (const text of ['测试甲', '990105', '盗窃']) expect(stdout).not.toContain(text);
      });

      it('gives each file’s kind with --json; a presentation without --nonce is not valid', async () => {
        const { code, stdout } = await run(['--batch', kindsDir, '--trust', bundlePath, '--json']);
        expect(code).toBe(1);
        const lines = stdout
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line));
        expect(lines.map(({ kind, valid }) => [kind, valid])).toEqual([
          ['certificate', true],
          ['letter', true],
          ['letter', true],
          ['letter', false],
          ['presentation', false],
        ]);
        expect(lines[2]).toMatchObject({ letter: { convictions } });
        expect(lines[4]).toMatchObject({ reasons: [{ code: 'nonce-required' }] });
      });
    });

    it('verifies as of --now', async () => {
      const { code, stdout } = await run([
        '--batch',
        batchDir,
        '--trust',
        bundlePath,
        '--now',
        expired.toISOString(),
      ]);
      expect(code).toBe(1);
      expect(stdout).toMatch(/^NOT VALID {2}a\.jwt {2}expired$/m);
    });

    it.each([
      ['an empty directory', ['--batch', 'EMPTY'], /no files in/],
      ['a missing directory', ['--batch', '/nonexistent/dir'], /cannot read the directory/],
      ['a credential as well', ['x.y.z', '--batch', 'DIR'], /unexpected argument x\.y\.z/],
      ['--workers 0', ['--batch', 'DIR', '--workers', '0'], /--workers must be/],
      ['--workers without --batch', ['x.y.z', '--workers', '2'], /--workers needs --batch/],
      ['--nonce without --audience', ['--batch', 'DIR', '--nonce', 'n'], /go together/],
    ])('usage error for %s; exit 2', async (_label, args, message) => {
      const empty = temporaryDirectory();
      const { code, stderr } = await run(
        [...args, '--trust', bundlePath].map((arg) =>
          arg === 'EMPTY' ? empty : arg === 'DIR' ? batchDir : arg,
        ),
      );
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
    });
  });

  it.each([
    ['no credential', ['--trust', 'bundle.json'], /missing FILE_OR_JWT/],
    [
      'an unreadable file',
      ['/nonexistent/credential.jwt', '--trust', 'bundle.json'],
      /cannot read/,
    ],
    ['an unknown option', ['x.y.z', '--bogus'], /bogus/],
    ['a bad --now', ['x.y.z', '--trust', 'BUNDLE', '--now', 'yesterday'], /--now/],
    [
      'no bundle anywhere',
      ['x.y.z'],
      /curl http:\/\/127\.0\.0\.1:3000\/v1\/trust-bundle > bundle\.json/,
    ],
  ])('usage error for %s; exit 2', async (_label, args, message) => {
    const { code, stderr } = await run(args.map((arg) => (arg === 'BUNDLE' ? bundlePath : arg)));
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('usage error for a bad trust bundle; exit 2', async () => {
    const notJson = join(dir, 'not-json.json');
    writeFileSync(notJson, 'hello');
    const wrongShape = join(dir, 'wrong-shape.json');
    writeFileSync(wrongShape, JSON.stringify({ type: 'NoCriminalRecordTrustBundle', version: 1 }));
    for (const path of [notJson, wrongShape, join(dir, 'missing.json')]) {
      const { code, stderr } = await (path === notJson ? spawned : run)([
        credential,
        '--trust',
        path,
      ]);
      expect(code).toBe(2);
      expect(stderr).toContain(path);
    }
  });
});
