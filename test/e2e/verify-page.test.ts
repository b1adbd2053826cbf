/**
 * The offline verification page in a real headless Chromium: built with `buildWeb`, opened
 * from file:// as an HR clerk would open it, fed the trust bundle and the documents the local
 * API actually issued — certificates, inquiry result letters, a wallet's presentation —
 * through the page's own file pickers and paste boxes, and watched for any network request it
 * might make.
 *
 * Needs Chromium at /usr/bin/chromium (CI: `apt-get install -y chromium`). Without it the
 * suite fails, by design: a verifier page nobody ran in a browser is not tested.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildWeb } from '../../scripts/build-web.ts';
import { newBrowserContext } from '../support/browser.ts';
import { judgment, type Person, syntheticPerson } from '../support/fixtures.ts';
import { decodeJwt } from '../support/jwt.ts';
import { submitRecord } from '../support/records.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';
import { createTestWallet } from '../support/wallet.ts';

const DAY = 86_400_000;

let stack: TestStack | undefined;
let context: BrowserContext | undefined;
let outDir: string;
let pageUrl: string;
let trustBundle: string;
let issuerDid: string;
/** The sealed-record holder, their certificate as the API returned it, and its JWT. */
let holder: Person;
let issued: { certificateId: string; credential: string };
let expiredCredential: string;
/** The API's inquiry results: a letter listing two convictions, and a no-record letter. */
let letterWithConvictions: string;
let letterNoRecord: string;
/** A wallet's presentation of the SD-JWT VC, disclosing name and purpose only. */
const challenge = { nonce: 'page-nonce-4711', audience: 'https://school.example/verify' };
let presentation: string;
let scriptGzipBytes: number;
/** Every request any page of the browser made, and every console error or page error. */
const requests: string[] = [];
const errors: string[] = [];

async function issueCertificate(
  person: Person,
): Promise<{ certificateId: string; credential: string }> {
  if (stack === undefined) throw new Error('no stack');
  const citizen = await stack.token('citizen', { person });
  const response = await stack.post('/v1/certificates', citizen, { purpose: 'employment' });
  expect(response.status, response.text).toBe(201);
  return response.json as { certificateId: string; credential: string };
}

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'verify-page-dist-'));
  const build = await buildWeb({ outDir });
  pageUrl = pathToFileURL(build.html).href;
  scriptGzipBytes = build.sizes.scriptGzip;

  context = await newBrowserContext();
  context.on('request', (request) => requests.push(request.url()));

  stack = await startTestStack({ inMemory: true });
  const court = await stack.token('court');
  holder = syntheticPerson('2004-06-15');
  const record = await stack.post(
    '/v1/records',
    court,
    judgment({ person: holder, offenceDate: '2021-08-01', months: 24 }),
  );
  expect(record.status, record.text).toBe(201);
  expect(record.json.sealed).toBe(true);
  issued = await issueCertificate(holder);

  const bundleResponse = await stack.request('GET', '/v1/trust-bundle');
  expect(bundleResponse.status).toBe(200);
  trustBundle = bundleResponse.text;
  issuerDid = (JSON.parse(trustBundle) as { didDocuments: { id: string }[] }).didDocuments[0]
    ?.id as string;

  // Letters as a kindergarten receives them: applied for, approved by the police, the notice
  // accepted, the result fetched. The convicted adult's convictions are not sealed; the
  // holder's only record is, so their letter is the no-record letter.
  const convicted = syntheticPerson('1990-03-01');
  await submitRecord(
    stack,
    court,
    judgment({ person: convicted, offenceDate: '2019-05-01', months: 30 }),
    {
      sealed: false,
    },
  );
  await submitRecord(
    stack,
    court,
    {
      ...judgment({
        person: convicted,
        offenceDate: '2024-01-10',
        penalty: 'criminal-detention',
        months: 3,
      }),
      offences: [{ name: '危险驾驶罪', intentional: false }],
    },
    { sealed: false },
  );
  await stack.drainSealingQueue();
  // A bar on any criminal record (School Bus Safety Regulations art. 23: 无犯罪记录), so that
  // the letter lists both convictions: a detention is no bar under the Teachers Law.
  letterWithConvictions = await letterFor(convicted, 'school-bus-safety-regulations-23');
  letterNoRecord = await letterFor(holder);

  const wallet = await createTestWallet();
  const citizen = await stack.token('citizen', { person: holder });
  const offer = await stack.post('/v1/certificates/offers', citizen, { purpose: 'employment' });
  expect(offer.status, offer.text).toBe(201);
  const { credential: sdJwtVc } = await wallet.receive(String(offer.json.credentialOfferUri));
  presentation = await wallet.present(sdJwtVc, ['name', 'purpose'], challenge);

  // Issued for real by the same API, with its clock 200 days back: a 90-day credential that
  // expired 110 days ago. Only Date is faked, and only while it is issued.
  vi.useFakeTimers({ toFake: ['Date'], now: Date.now() - 200 * DAY });
  try {
    expiredCredential = (await issueCertificate(syntheticPerson('1990-03-01'))).credential;
  } finally {
    vi.useRealTimers();
  }
}, 120_000);

/** An inquiry applied for, approved and acknowledged; the API's result response, as text. */
async function letterFor(person: Person, legalBasis = 'teachers-law-14'): Promise<string> {
  if (stack === undefined) throw new Error('no stack');
  const school = await stack.token('unit', { org: 'kindergarten-1', sub: 'hr-officer-1' });
  const police = await stack.token('police', { org: 'psb-1', sub: 'police-officer-1' });
  const applied = await stack.post('/v1/inquiries', school, {
    subject: { nationalId: person.nationalId, name: person.name },
    agency: { role: 'police', org: 'psb-1' },
    legalBasis,
    reason: 'Applicant for a teaching post at our kindergarten.',
    purpose: 'Recruitment of a kindergarten teacher',
  });
  expect(applied.status, applied.text).toBe(202);
  const inquiry = `/v1/inquiries/${String(applied.json.inquiryId)}`;
  const decided = await stack.post(`${inquiry}/decision`, police, { decision: 'approve' });
  expect(decided.status, decided.text).toBe(200);
  const accepted = await stack.post(`${inquiry}/acknowledgement`, school, { accepted: true });
  expect(accepted.status, accepted.text).toBe(200);
  const result = await stack.request('GET', `${inquiry}/result`, { token: school });
  expect(result.status, result.text).toBe(200);
  expect(typeof result.json.letter).toBe('string');
  return result.text;
}

afterAll(async () => {
  await context?.close();
  await stack?.close();
  if (outDir !== undefined) rmSync(outDir, { recursive: true, force: true });
});

async function openPage(): Promise<Page> {
  if (context === undefined) throw new Error('no browser');
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  await page.goto(pageUrl);
  await page.locator('html[data-ready="true"]').waitFor({ state: 'attached' });
  return page;
}

/** A page with the issuer's bundle pinned, whatever an earlier test left in storage. */
async function openPageWithBundle(): Promise<Page> {
  const page = await openPage();
  await chooseBundleFile(page, trustBundle);
  await page.locator('#bundle-status.ok').waitFor();
  return page;
}

async function chooseBundleFile(page: Page, text: string): Promise<void> {
  await page.locator('#bundle-file').setInputFiles({
    name: 'trust-bundle.json',
    mimeType: 'application/json',
    buffer: Buffer.from(text),
  });
}

/** Pastes into the credential box, presses Verify, and returns the verdict region. */
async function pasteAndVerify(page: Page, text: string, presentedFor?: typeof challenge) {
  await page.locator('#credential-text').fill(text);
  if (presentedFor !== undefined) {
    await page.getByLabel(/Nonce/).fill(presentedFor.nonce);
    await page.getByLabel(/audience/).fill(presentedFor.audience);
  }
  await page.getByRole('button', { name: /Verify/ }).click();
  const verdict = page.getByRole('status').and(page.locator('#verdict[data-verdict]'));
  await verdict.waitFor();
  return verdict;
}

/** `credential` with one character of its decoded payload changed: the holder's name. */
function withForgedName(credential: string, forgedName: string): string {
  const [header, payload, signature] = credential.split('.') as [string, string, string];
  const text = Buffer.from(payload, 'base64url').toString('utf8');
  const forged = text.replace(holder.name, forgedName);
  expect(forged).not.toBe(text);
  return [header, Buffer.from(forged).toString('base64url'), signature].join('.');
}

describe('web/verify.html, offline, in Chromium', () => {
  it('builds one self-contained page whose policy allows no network access', async () => {
    const page = await openPage();
    const policy = await page
      .locator('meta[http-equiv="Content-Security-Policy"]')
      .getAttribute('content');
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("connect-src 'none'");
    expect(policy).toMatch(/script-src 'sha256-[A-Za-z0-9+/]{43}='/);
    expect(policy).not.toContain('unsafe-inline');
    expect(await page.locator('script[src], link[rel="stylesheet"]').count()).toBe(0);
    await page.close();
  });

  it('shows VALID with the holder’s name, masked ID and certificate ID: bundle chosen as a file, the API’s JSON pasted', async () => {
    const page = await openPage();
    await expect(page.locator('#bundle-status').textContent()).resolves.toContain(
      'No trust bundle loaded',
    );
    await chooseBundleFile(page, trustBundle);
    await page.locator('#bundle-status.ok').waitFor();
    expect(await page.locator('#bundle-status').textContent()).toContain(issuerDid);

    const verdict = await pasteAndVerify(page, JSON.stringify(issued));
    expect(await verdict.getAttribute('data-verdict')).toBe('valid');
    const text = await verdict.textContent();
    expect(text).toContain('VALID');
    expect(text).not.toContain('NOT VALID');
    expect(text).toContain('有效');
    expect(await verdict.locator('dd.holder').textContent()).toBe(holder.name);
    expect(text).toContain(
      `${holder.nationalId.slice(0, 6)}********${holder.nationalId.slice(-4)}`,
    );
    expect(text).toContain(issued.certificateId);
    expect(text).toContain(issuerDid);
    expect(text).toContain('Employment');
    await page.close();
  });

  it('remembers the bundle across a reload and verifies a chosen .jwt file at once', async () => {
    const page = await openPage();
    await page.locator('#bundle-status.ok').waitFor();
    await page.locator('#credential-file').setInputFiles({
      name: 'certificate.jwt',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from(`${issued.credential}\n`),
    });
    const verdict = page.locator('#verdict[data-verdict]');
    await verdict.waitFor();
    expect(await verdict.getAttribute('data-verdict')).toBe('valid');
    expect(await verdict.locator('dd.holder').textContent()).toBe(holder.name);
    await page.close();
  });

  it('shows NOT VALID with the signature reason for a credential whose payload was altered', async () => {
    const page = await openPage();
    const forgedName = `${holder.name.slice(0, -1)}${holder.name.endsWith('甲') ? '乙' : '甲'}`;
    const tampered = withForgedName(issued.credential, forgedName);
    expect(decodeJwt(tampered).payload.iss).toBe(issuerDid);

    const verdict = await pasteAndVerify(page, tampered);
    expect(await verdict.getAttribute('data-verdict')).toBe('invalid');
    const text = await verdict.textContent();
    expect(text).toContain('NOT VALID');
    expect(text).toContain('无效');
    expect(
      await verdict
        .locator('li[data-code]')
        .evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.code)),
    ).toEqual(['bad-signature']);
    expect(text).toContain('altered after it was issued');
    expect(text).toContain('签名不符');
    expect(text).not.toContain(forgedName);
    await page.close();
  });

  it('shows NOT VALID with the expiry reason for a credential that has expired', async () => {
    expect(decodeJwt(expiredCredential).payload.exp).toBeLessThan(Date.now() / 1000);
    const page = await openPage();
    const verdict = await pasteAndVerify(page, expiredCredential);
    expect(await verdict.getAttribute('data-verdict')).toBe('invalid');
    expect(
      await verdict
        .locator('li[data-code]')
        .evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.code)),
    ).toEqual(['expired']);
    const text = await verdict.textContent();
    expect(text).toContain('NOT VALID');
    expect(text).toContain('The credential expired at');
    expect(text).toContain('证书已过期');
    await page.close();
  });

  it('clears a verdict as soon as the credential is edited, and refuses to verify without a bundle', async () => {
    const page = await openPage();
    const verdict = await pasteAndVerify(page, issued.credential);
    expect(await verdict.getAttribute('data-verdict')).toBe('valid');
    await page.locator('#credential-text').press('End');
    await page.locator('#credential-text').press('Backspace');
    expect(await page.locator('#verdict').getAttribute('data-verdict')).toBeNull();
    expect(await page.locator('#verdict').textContent()).toBe('');

    await page.locator('#bundle-section summary').click();
    await page.getByRole('button', { name: /Forget the saved bundle/ }).click();
    const refused = await pasteAndVerify(page, issued.credential);
    expect(await refused.getAttribute('data-verdict')).toBe('error');
    expect(await refused.textContent()).toContain('No trust bundle is loaded');

    await page.locator('#bundle-text').fill('{"type":"SomethingElse"}');
    await page.getByRole('button', { name: /Use the pasted bundle/ }).click();
    await page.locator('#bundle-status.bad', { hasText: 'not a usable trust bundle' }).waitFor();
    await page.close();

    // Forgotten for good: a fresh page has no bundle either.
    const fresh = await openPage();
    expect(await fresh.locator('#bundle-status').textContent()).toContain('No trust bundle loaded');
    await fresh.close();
  });

  it('shows a letter’s criminal record on file, unmistakably, with each conviction', async () => {
    const letter = String(JSON.parse(letterWithConvictions).letter);
    const subject = (decodeJwt(letter).payload.vc as { credentialSubject: Record<string, unknown> })
      .credentialSubject;
    expect(subject.statement).toBe('criminal-record-on-file');
    const page = await openPageWithBundle();
    const verdict = await pasteAndVerify(page, letterWithConvictions);
    expect(await verdict.getAttribute('data-verdict')).toBe('valid');
    expect(await verdict.getAttribute('data-kind')).toBe('letter');
    const statement = verdict.locator('[data-statement]');
    expect(await statement.getAttribute('data-statement')).toBe('criminal-record-on-file');
    expect(await statement.textContent()).toContain('有犯罪记录');
    expect(await statement.textContent()).toContain('Criminal record on file: 2 convictions');
    const rows = await verdict
      .locator('table.convictions tbody tr')
      .evaluateAll((trs) => trs.map((tr) => (tr.textContent ?? '').replace(/\s+/g, ' ')));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('测试罪名');
    expect(rows[0]).toContain('有期徒刑');
    expect(rows[0]).toContain('30 个月');
    expect(rows[0]).toContain('2020-05-01');
    expect(rows[1]).toContain('危险驾驶');
    expect(rows[1]).toContain('拘役');
    expect(rows[1]).toContain('Criminal detention');
    const text = await verdict.textContent();
    expect(text).toContain('school-bus-safety-regulations-23');
    expect(text).toContain('Recruitment of a kindergarten teacher');
    expect(text).toContain(String(subject.inquiryId));
    expect(text).toContain('keep it confidential');
    await page.close();
  });

  it('shows a no-record letter chosen as a file: no criminal record on file, no convictions', async () => {
    const page = await openPageWithBundle();
    await page.locator('#credential-file').setInputFiles({
      name: 'inquiry-result.json',
      mimeType: 'application/json',
      buffer: Buffer.from(letterNoRecord),
    });
    const verdict = page.locator('#verdict[data-verdict]');
    await verdict.waitFor();
    expect(await verdict.getAttribute('data-verdict')).toBe('valid');
    expect(await verdict.getAttribute('data-kind')).toBe('letter');
    expect(await verdict.locator('[data-statement]').getAttribute('data-statement')).toBe(
      'no-criminal-record-on-file',
    );
    expect(await verdict.locator('[data-statement]').textContent()).toContain('无犯罪记录');
    expect(await verdict.locator('table.convictions').count()).toBe(0);
    expect(await verdict.textContent()).not.toContain('有犯罪记录');
    expect(await verdict.locator('dd.holder').textContent()).toBe(holder.name);
    await page.close();
  });

  it('refuses a letter whose statement was changed after signing', async () => {
    const letter = String(JSON.parse(letterWithConvictions).letter);
    const [h, p, s] = letter.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    const { convictions: _removed, ...subject } = payload.vc.credentialSubject;
    payload.vc.credentialSubject = { ...subject, statement: 'no-criminal-record-on-file' };
    const cleared = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    const page = await openPageWithBundle();
    const verdict = await pasteAndVerify(page, cleared);
    expect(await verdict.getAttribute('data-verdict')).toBe('invalid');
    expect(await verdict.textContent()).toContain('请勿采信此查询结果函');
    expect(
      await verdict
        .locator('li[data-code]')
        .evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.code)),
    ).toEqual(['bad-signature']);
    await page.close();
  });

  it('shows exactly the claims a wallet disclosed, and that holder binding was checked', async () => {
    const page = await openPageWithBundle();
    const verdict = await pasteAndVerify(page, presentation, challenge);
    expect(await verdict.getAttribute('data-verdict')).toBe('valid');
    expect(await verdict.getAttribute('data-kind')).toBe('presentation');
    expect(await verdict.locator('[data-binding="checked"]').textContent()).toContain(
      'Holder binding checked',
    );
    expect(await verdict.locator('dd.holder').textContent()).toBe(holder.name);
    const text = await verdict.textContent();
    expect(text).toContain('无犯罪记录');
    expect(text).toContain('Employment');
    // Withheld: the masked ID and the check time are named as not disclosed, never shown.
    expect(text).not.toContain(holder.nationalId.slice(0, 6));
    expect(await verdict.locator('dd.withheld').textContent()).toContain('National ID (masked)');
    expect(await verdict.locator('dd.withheld').textContent()).toContain('Records checked');
    await page.close();
  });

  it('refuses the presentation for another nonce, and asks for a nonce and audience when missing', async () => {
    const page = await openPageWithBundle();
    const wrong = await pasteAndVerify(page, presentation, { ...challenge, nonce: 'another' });
    expect(await wrong.getAttribute('data-verdict')).toBe('invalid');
    expect(await wrong.getAttribute('data-kind')).toBe('presentation');
    expect(
      await wrong
        .locator('li[data-code]')
        .evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.code)),
    ).toEqual(['wrong-nonce']);
    expect(await wrong.textContent()).toContain('可能是重放');

    // Editing the nonce clears the verdict; with it emptied the page asks for one.
    await page.getByLabel(/Nonce/).fill('');
    expect(await page.locator('#verdict').getAttribute('data-verdict')).toBeNull();
    await page.getByRole('button', { name: /Verify/ }).click();
    const missing = page.locator('#verdict[data-verdict="error"]');
    await missing.waitFor();
    expect(await missing.textContent()).toContain('enter the nonce you gave the holder');
    await page.close();
  });

  it('keeps the page small: the verifier is bundled without any issuing library', () => {
    expect(scriptGzipBytes).toBeLessThan(64 * 1024);
  });

  it('made no network request: the page’s own file:// URL only, and no console errors', async () => {
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((url) => url !== pageUrl)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('cannot reach the network even when a script asks: the policy blocks fetch', async () => {
    if (context === undefined || stack === undefined) throw new Error('no browser');
    const page = await context.newPage();
    await page.goto(pageUrl);
    // From file:// a cross-origin fetch would fail on CORS as well; the violation event shows
    // that the policy stopped it before any request was made.
    const outcome = await page.evaluate(async (url) => {
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (event) =>
        violations.push(event.effectiveDirective),
      );
      const result = await fetch(url).then(
        () => 'fetched',
        () => 'failed',
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      return { result, violations };
    }, `${stack.url}/v1/trust-bundle`);
    expect(outcome).toEqual({ result: 'failed', violations: ['connect-src'] });
    await page.close();
  });
});
