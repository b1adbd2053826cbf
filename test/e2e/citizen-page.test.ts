/**
 * The citizen's page in a real headless Chromium, served by the local stack as `npm start`
 * serves it: sign in with a dev token, see the access log, ask for the certificate, read the
 * offer back out of the QR code's pixels and hand it to a wallet (the independent OpenID4VCI
 * client) — which receives the credential. Chinese and English throughout; a refusal is told
 * in both; nothing leaves the page but calls to its own origin.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import decodeQR from 'qr/decode.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTrustBundle } from '#shared/domain/credential/didDocument.ts';
import { verifyDocument } from '#shared/domain/credential/verifyDocument.ts';
import { buildPage } from '../../scripts/build-web.ts';
import { newBrowserContext } from '../support/browser.ts';
import { judgment, type Person, syntheticPerson } from '../support/fixtures.ts';
import { scanQr as scanPaper } from '../support/paper.ts';
import { submitRecord } from '../support/records.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';
import { createTestWallet } from '../support/wallet.ts';

let stack: TestStack;
let context: BrowserContext;
const foreignRequests: string[] = [];
const errors: string[] = [];

beforeAll(async () => {
  const outDir = mkdtempSync(join(tmpdir(), 'citizen-page-dist-'));
  const html = readFileSync((await buildPage('citizen', { outDir })).html, 'utf8');
  rmSync(outDir, { recursive: true, force: true });
  stack = await startTestStack({ inMemory: true, pages: { '/citizen': html } });
  context = await newBrowserContext();
  context.on('request', (request) => {
    if (!request.url().startsWith(stack.url) && !request.url().startsWith('data:')) {
      foreignRequests.push(request.url());
    }
  });
}, 60_000);

afterAll(async () => {
  await context?.close();
  await stack?.close();
});

async function openSignedIn(person: Person): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(`${stack.url}/citizen`);
  await page.fill('#token', await stack.token('citizen', { person }));
  await page.click('#sign-in-form button[type=submit]');
  await page.locator('#certificate').waitFor({ state: 'visible' });
  return page;
}

/** The QR code as the browser drew it, decoded from its pixels. */
async function scanQr(page: Page): Promise<string> {
  const image = await page.locator('#offer-qr').evaluate(async (img: HTMLImageElement) => {
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = 400;
    canvas.height = 400;
    const drawing = canvas.getContext('2d');
    if (!drawing) throw new Error('no 2d context');
    drawing.imageSmoothingEnabled = false;
    drawing.fillStyle = '#fff';
    drawing.fillRect(0, 0, 400, 400);
    drawing.drawImage(img, 0, 0, 400, 400);
    return Array.from(drawing.getImageData(0, 0, 400, 400).data);
  });
  return decodeQR({ width: 400, height: 400, data: Uint8Array.from(image) });
}

describe('the citizen page (Chromium)', () => {
  it('downloads the certificate as a printable PDF whose QR code verifies offline', async () => {
    const person = syntheticPerson();
    const page = await openSignedIn(person);
    await page.selectOption('#purpose', 'education');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: /printable certificate/ }).click();
    const file = await (await download).createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of file) chunks.push(chunk as Buffer);
    const pdf = new Uint8Array(Buffer.concat(chunks));
    expect(new TextDecoder().decode(pdf.subarray(0, 5))).toBe('%PDF-');
    expect(await page.locator('#print-message').textContent()).toContain('ready');
    const bundle = parseTrustBundle((await stack.request('GET', '/v1/trust-bundle')).json);
    const verdict = await verifyDocument(await scanPaper(pdf, 150), bundle);
    expect(verdict).toMatchObject({
      kind: 'certificate',
      valid: true,
      credential: { name: person.name, purpose: 'education' },
    });
    await page.close();
  }, 60_000);

  it('pages through a long access log, ten inquiries a page', async () => {
    const person = syntheticPerson();
    const unit = await stack.token('unit', { org: 'school-paged' });
    for (let i = 0; i < 12; i += 1) {
      const inquiry = await stack.post('/v1/inquiries', unit, {
        subject: { nationalId: person.nationalId, name: person.name },
        agency: { role: 'police', org: 'psb-0105' },
        legalBasis: 'teachers-law-14',
        reason: 'Recruitment.',
        purpose: `Teacher recruitment ${i}`,
      });
      expect(inquiry.status, inquiry.text).toBe(202);
    }
    const page = await openSignedIn(person);
    const rows = page.locator('#access-log-table tbody tr');
    await expect.poll(() => rows.count()).toBe(10);
    const firstPage = await rows.allInnerTexts();
    const pager = page.locator('#access-log-pager');
    await pager.getByRole('button', { name: /Next page/ }).click();
    await expect.poll(() => rows.count()).toBe(2);
    const secondPage = await rows.allInnerTexts();
    expect(secondPage.filter((row) => firstPage.includes(row))).toEqual([]);
    expect(
      new Set([...firstPage, ...secondPage].map((row) => /recruitment \d+/.exec(row)?.[0])).size,
    ).toBe(12);
    expect(await pager.getByRole('button', { name: /Next page/ }).isDisabled()).toBe(true);
    await pager.getByRole('button', { name: /Previous page/ }).click();
    await expect.poll(() => rows.allInnerTexts()).toEqual(firstPage);
    await page.close();
  }, 90_000);

  it('signs in, shows the access log, and offers the certificate as a QR code a wallet redeems', async () => {
    const person = syntheticPerson();
    const unit = await stack.token('unit', { org: 'school-org' });
    const inquiry = await stack.post('/v1/inquiries', unit, {
      subject: { nationalId: person.nationalId, name: person.name },
      agency: { role: 'police', org: 'psb-0105' },
      legalBasis: 'teachers-law-14',
      reason: 'Recruitment.',
      purpose: 'Teacher recruitment',
    });
    expect(inquiry.status, inquiry.text).toBe(202);

    const page = await openSignedIn(person);
    await expect.poll(() => page.locator('#access-log-table tbody tr').count()).toBe(1);
    const row = await page.locator('#access-log-table tbody tr').innerText();
    expect(row).toContain('school-org');
    expect(row).toContain('teachers-law-14');
    expect(row).toContain('待审批');
    expect(await page.locator('#access-log-heading').innerText()).toBe(
      '查询记录 Who inquired about me',
    );

    await page.selectOption('#purpose', 'education');
    await page.click('#offer-form button[type=submit]');
    await page.locator('#offer').waitFor({ state: 'visible' });
    expect(await page.locator('#offer-message').innerText()).toContain('The certificate is ready');
    const scanned = await scanQr(page);
    expect(scanned).toMatch(/^openid-credential-offer:\/\/\?credential_offer=/);
    expect(await page.locator('#offer-link').getAttribute('href')).toBe(scanned);

    const wallet = await createTestWallet();
    const { credential } = await wallet.receive(scanned);
    const purpose = credential
      .split('~')
      .slice(1)
      .map((part) => (part ? JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) : []))
      .find(([, claim]) => claim === 'purpose');
    expect(purpose?.[2]).toBe('education');
    expect(errors).toEqual([]);
    expect(foreignRequests).toEqual([]);
    await page.close();
  }, 60_000);

  it('tells a refusal in Chinese and English, and shows no QR code', async () => {
    const person = syntheticPerson('1990-01-01');
    await submitRecord(
      stack,
      await stack.token('court'),
      judgment({ person, offenceDate: '2020-01-01' }),
      { sealed: false },
    );
    const page = await openSignedIn(person);
    expect(await page.locator('#access-log-message').innerText()).toContain('没有人查询过您的记录');
    await page.click('#offer-form button[type=submit]');
    await expect.poll(() => page.locator('#offer-message').innerText()).toContain('有犯罪记录在案');
    expect(await page.locator('#offer-message').innerText()).toContain(
      'a criminal record is on file',
    );
    expect(await page.locator('#offer').isVisible()).toBe(false);
    await page.close();
  }, 60_000);

  it('refuses a token that is not valid, without showing the certificate section', async () => {
    const page = await context.newPage();
    await page.goto(`${stack.url}/citizen`);
    await page.fill('#token', 'not-a-token');
    await page.click('#sign-in-form button[type=submit]');
    await expect.poll(() => page.locator('#sign-in-message').innerText()).toContain('登录已失效');
    expect(await page.locator('#certificate').isVisible()).toBe(false);
    await page.close();
  }, 60_000);
});
