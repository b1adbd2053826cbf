/**
 * The offline verification page in a real headless Chromium: built with `buildWeb`, opened
 * from file:// as an HR clerk would open it, fed the trust bundle and credentials the local
 * API actually issued — through the page's own file pickers and paste boxes — and watched for
 * any network request it might make.
 *
 * Needs Chromium at /usr/bin/chromium (CI: `apt-get install -y chromium`). Without it the
 * suite fails, by design: a verifier page nobody ran in a browser is not tested.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildWeb } from '../../scripts/build-web.ts';
import { judgment, type Person, syntheticPerson } from '../support/fixtures.ts';
import { decodeJwt } from '../support/jwt.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const DAY = 86_400_000;

let stack: TestStack | undefined;
let context: BrowserContext | undefined;
let outDir: string;
let profileDir: string;
let pageUrl: string;
let trustBundle: string;
let issuerDid: string;
/** The sealed-record holder, their certificate as the API returned it, and its JWT. */
let holder: Person;
let issued: { certificateId: string; credential: string };
let expiredCredential: string;
/** Every request any page of the browser made, and every console error or page error. */
const requests: string[] = [];
const errors: string[] = [];

async function launchChromium(userDataDir: string): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}; the verify page e2e test needs a real browser. ` +
        'Install it with `apt-get install -y chromium` (never `npx playwright install`).',
    );
  }
  try {
    return await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
    });
  } catch (error) {
    throw new Error(`Chromium at ${CHROMIUM} could not be launched: ${String(error)}`, {
      cause: error,
    });
  }
}

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
  profileDir = mkdtempSync(join(tmpdir(), 'verify-page-profile-'));
  const build = await buildWeb({ outDir });
  pageUrl = pathToFileURL(build.html).href;

  context = await launchChromium(profileDir);
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

  // Issued for real by the same API, with its clock 200 days back: a 90-day credential that
  // expired 110 days ago. Only Date is faked, and only while it is issued.
  vi.useFakeTimers({ toFake: ['Date'], now: Date.now() - 200 * DAY });
  try {
    expiredCredential = (await issueCertificate(syntheticPerson('1990-03-01'))).credential;
  } finally {
    vi.useRealTimers();
  }
}, 120_000);

afterAll(async () => {
  await context?.close();
  await stack?.close();
  rmSync(profileDir, { recursive: true, force: true });
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

async function chooseBundleFile(page: Page, text: string): Promise<void> {
  await page.locator('#bundle-file').setInputFiles({
    name: 'trust-bundle.json',
    mimeType: 'application/json',
    buffer: Buffer.from(text),
  });
}

/** Pastes into the credential box, presses Verify, and returns the verdict region. */
async function pasteAndVerify(page: Page, text: string) {
  await page.locator('#credential-text').fill(text);
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
