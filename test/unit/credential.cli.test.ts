/** `scripts/verify.ts` as a verifier runs it: a child process, exit codes 0/1/2, readable output. */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  bundleOf,
  createTestKey,
  decodePart,
  documentOf,
  encodePart,
  issue,
  issuer,
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

function run(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/verify.ts', ...args],
      { cwd: root, env: { ...process.env, DATA_DIR: emptyDataDir, ...env } },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
}

describe('CLI: npm run verify', () => {
  it('prints VALID with the holder, purpose, issuer and validity window; exit 0', async () => {
    const { code, stdout } = await run([credential, '--trust', bundlePath]);
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
    const { code, stdout } = await run([
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
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: npm run --silent verify -- FILE_OR_JWT');
    expect(stdout).toContain('npm run --silent verify -- --batch DIR [--workers N]');
  });

  describe('--batch DIR', () => {
    const batchDir = join(dir, 'applicants');
    mkdirSync(batchDir);
    writeFileSync(join(batchDir, 'a.jwt'), credential);
    writeFileSync(join(batchDir, 'b.json'), JSON.stringify({ certificateId, credential }));
    const [h, p, s = ''] = credential.split('.');
    const tampered = `${h}.${p}.${s.startsWith('A') ? `B${s.slice(1)}` : `A${s.slice(1)}`}`;
    const mixedDir = join(dir, 'mixed');
    mkdirSync(mixedDir);
    writeFileSync(join(mixedDir, 'a.jwt'), credential);
    writeFileSync(join(mixedDir, 'b.jwt'), tampered);
    writeFileSync(join(mixedDir, 'c.txt'), 'hello');

    it('prints one line per file and a count; exit 0 when every file is valid', async () => {
      const { code, stdout } = await run(['--batch', batchDir, '--trust', bundlePath]);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^VALID {6}a\.jwt {2}\(until \d{4}-\d{2}-\d{2} [\d:]{8} UTC\)$/m);
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
      const { code, stdout } = await run([
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
      const { code, stderr } = await run([credential, '--trust', path]);
      expect(code).toBe(2);
      expect(stderr).toContain(path);
    }
  });
});
