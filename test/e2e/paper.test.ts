/**
 * Paper to verdict in a real headless Chromium: a certificate and a letter printed by the
 * local API (`POST /v1/documents/pdf`), rendered to PNG by poppler at 150 dpi as a scanner
 * would deliver them, and chosen as pictures on the offline verification page, which reads the
 * QR code from the pixels and verifies the signed document it holds — with no network request.
 *
 * Needs Chromium at /usr/bin/chromium and poppler-utils (`.ci/run` installs both).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PDFDocument } from 'pdf-lib';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskNationalId } from '#shared/domain/nationalId.ts';
import { buildWeb } from '../../scripts/build-web.ts';
import { CHROMIUM, newBrowserContext } from '../support/browser.ts';
import { judgment, type Person, syntheticPerson } from '../support/fixtures.ts';
import { pgmToY4m, renderFirstPage } from '../support/paper.ts';
import { submitRecord } from '../support/records.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let context: BrowserContext;
let outDir: string;
let pageUrl: string;
let trustBundle: string;
let holder: Person;
const scans = {} as Record<'certificate' | 'letter' | 'blank', Buffer>;
/** The printed certificate's top third as a fake camera's video (Y4M). */
let cameraVideo: string;
const requests: string[] = [];

async function printed(token: string, document: string): Promise<Uint8Array> {
  const response = await fetch(`${stack.url}/v1/documents/pdf`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/pdf',
    },
    body: JSON.stringify({ document }),
  });
  expect(response.status).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
}

beforeAll(async () => {
  stack = await startTestStack({ inMemory: true });
  outDir = mkdtempSync(join(tmpdir(), 'paper-page-'));
  pageUrl = pathToFileURL((await buildWeb({ outDir })).html).href;
  trustBundle = (await stack.request('GET', '/v1/trust-bundle')).text;

  // A person whose only record is sealed: their certificate, and a kindergarten's letter.
  holder = syntheticPerson('2004-06-15');
  const court = await stack.token('court');
  await submitRecord(
    stack,
    court,
    judgment({ person: holder, offenceDate: '2021-08-01', months: 24 }),
    { sealed: true },
  );
  await stack.drainSealingQueue();
  const citizen = await stack.token('citizen', { person: holder });
  const issued = await stack.post('/v1/certificates', citizen, { purpose: 'employment' });
  expect(issued.status, issued.text).toBe(201);
  const certificatePdf = await printed(citizen, String(issued.json.credential));
  scans.certificate = await renderFirstPage(certificatePdf, 150, 'png');
  cameraVideo = join(outDir, 'camera.y4m');
  writeFileSync(cameraVideo, pgmToY4m(await renderFirstPage(certificatePdf, 150, 'gray'), 640));

  const school = await stack.token('unit', { org: 'kindergarten-1', sub: 'hr-officer-1' });
  const police = await stack.token('police', { org: 'psb-1', sub: 'police-officer-1' });
  const applied = await stack.post('/v1/inquiries', school, {
    subject: { nationalId: holder.nationalId, name: holder.name },
    agency: { role: 'police', org: 'psb-1' },
    legalBasis: 'teachers-law-14',
    reason: 'Applicant for a teaching post at our kindergarten.',
    purpose: 'Recruitment of a kindergarten teacher',
  });
  expect(applied.status, applied.text).toBe(202);
  const inquiry = `/v1/inquiries/${String(applied.json.inquiryId)}`;
  expect((await stack.post(`${inquiry}/decision`, police, { decision: 'approve' })).status).toBe(
    200,
  );
  expect((await stack.post(`${inquiry}/acknowledgement`, school, { accepted: true })).status).toBe(
    200,
  );
  const result = await stack.request('GET', `${inquiry}/result`, { token: school });
  scans.letter = await renderFirstPage(
    await printed(school, String(result.json.letter)),
    150,
    'png',
  );
  // A page with no QR code on it: the page says so instead of guessing.
  const blank = await PDFDocument.create();
  blank.addPage();
  scans.blank = await renderFirstPage(await blank.save(), 72, 'png');

  context = await newBrowserContext();
  context.on('request', (request) => {
    if (!request.url().startsWith('file:') && !request.url().startsWith('data:')) {
      requests.push(request.url());
    }
  });
}, 180_000);

afterAll(async () => {
  await context?.close();
  await stack?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

async function openWithBundle(): Promise<Page> {
  const page = await context.newPage();
  await page.goto(pageUrl);
  await page.locator('html[data-ready="true"]').waitFor({ state: 'attached' });
  await page.locator('#bundle-file').setInputFiles({
    name: 'trust-bundle.json',
    mimeType: 'application/json',
    buffer: Buffer.from(trustBundle),
  });
  await page.locator('#bundle-status.ok').waitFor();
  return page;
}

async function choosePicture(page: Page, png: Buffer) {
  await page.getByLabel(/Choose a photo or scan/).setInputFiles({
    name: 'scan.png',
    mimeType: 'image/png',
    buffer: png,
  });
  const verdict = page.locator('#verdict[data-verdict]');
  await verdict.waitFor({ timeout: 30_000 });
  return verdict;
}

describe('The verification page reads paper', () => {
  it('reads the QR code of a printed certificate from a 150-dpi scan and shows VALID', async () => {
    const page = await openWithBundle();
    const verdict = await choosePicture(page, scans.certificate);
    expect(await verdict.getAttribute('data-verdict')).toBe('valid');
    expect(await verdict.getAttribute('data-kind')).toBe('certificate');
    expect(await verdict.locator('dd.holder').textContent()).toBe(holder.name);
    expect(await verdict.textContent()).toContain(maskNationalId(holder.nationalId));
    expect(await verdict.textContent()).toContain('有效 VALID');
    await page.close();
  });

  it('reads a printed letter the same way: a genuine letter, no criminal record on file', async () => {
    const page = await openWithBundle();
    const verdict = await choosePicture(page, scans.letter);
    expect(await verdict.getAttribute('data-verdict')).toBe('valid');
    expect(await verdict.getAttribute('data-kind')).toBe('letter');
    expect(await verdict.locator('[data-statement]').getAttribute('data-statement')).toBe(
      'no-criminal-record-on-file',
    );
    await page.close();
  });

  it('says when a picture holds no QR code, and made no network request throughout', async () => {
    const page = await openWithBundle();
    const verdict = await choosePicture(page, scans.blank);
    expect(await verdict.getAttribute('data-verdict')).toBe('error');
    expect(await verdict.textContent()).toContain('No QR code could be read');
    await page.close();
    expect(requests).toEqual([]);
  });

  it('reads the QR code from the camera where the browser offers one (Chromium fake camera showing the paper)', async () => {
    const cameraProfile = mkdtempSync(join(tmpdir(), 'paper-camera-'));
    const withCamera = await chromium.launchPersistentContext(cameraProfile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-video-capture=${cameraVideo}`,
      ],
    });
    try {
      const page = await withCamera.newPage();
      await page.goto(pageUrl);
      await page.locator('html[data-ready="true"]').waitFor({ state: 'attached' });
      await page.locator('#bundle-file').setInputFiles({
        name: 'trust-bundle.json',
        mimeType: 'application/json',
        buffer: Buffer.from(trustBundle),
      });
      await page.locator('#bundle-status.ok').waitFor();
      await page.getByRole('button', { name: /Scan with the camera/ }).click();
      const verdict = page.locator('#verdict[data-verdict]');
      await verdict.waitFor({ timeout: 60_000 });
      expect(await verdict.getAttribute('data-verdict')).toBe('valid');
      expect(await verdict.getAttribute('data-kind')).toBe('certificate');
      expect(await verdict.locator('dd.holder').textContent()).toBe(holder.name);
      // The camera is released once the code is read.
      expect(await page.locator('#camera-view').isHidden()).toBe(true);
    } finally {
      await withCamera.close();
      rmSync(cameraProfile, { recursive: true, force: true });
    }
  }, 120_000);
});
