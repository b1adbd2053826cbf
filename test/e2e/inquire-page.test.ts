/**
 * The applicant's desk (`/inquire`) in headless Chromium, on the local stack: a kindergarten
 * chooses Minors Protection Law art. 62 from the registry and sees what a letter under it
 * reports, applies to one police organisation, follows the status, reads and accepts the
 * notice once an officer approved, gets the letter — checked offline on the page — saves it and
 * prints it; once following the Chinese labels and once the English ones. A judicial applicant
 * gets the full file the same way.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTrustBundle } from '#shared/domain/credential/didDocument.ts';
import { verifyDocument } from '#shared/domain/credential/verifyDocument.ts';
import { downloadedBytes } from '../support/browser.ts';
import {
  type DeskBrowser,
  inLanguage,
  keepScreenshot,
  type Language,
  languages,
  startDeskBrowser,
  UI_WAIT,
} from '../support/deskBrowser.ts';
import { judgment, syntheticPerson } from '../support/fixtures.ts';
import { scanQr } from '../support/paper.ts';
import { submitRecord } from '../support/records.ts';

let desk: DeskBrowser;

beforeAll(async () => {
  desk = await startDeskBrowser({ '/inquire': 'inquire' });
}, 120_000);

afterAll(async () => desk?.close());

async function approveAsPolice(org: string, inquiryId: string): Promise<void> {
  const officer = await desk.stack.token('police', { org, sub: `officer-${org}` });
  const decided = await desk.stack.post(`/v1/inquiries/${inquiryId}/decision`, officer, {
    decision: 'approve',
  });
  expect(decided.status, decided.text).toBe(200);
}

describe.each(languages)('the applicant’s desk in %s (Chromium)', (language: Language) => {
  const t = (zh: string, en: string) => inLanguage(language, zh, en);

  it('applies under a basis, accepts the notice, and gets, saves and prints the letter', async () => {
    const { stack } = desk;
    const police = `psb-inquire-${language}`;
    const unitOrg = `kindergarten-${language}`;
    const person = syntheticPerson();
    const page = await desk.open(
      '/inquire',
      await stack.token('unit', { org: unitOrg, sub: `hr-${language}` }),
    );

    // The basis: its statute, and what a letter under it reports.
    await page.getByLabel(t('法律依据', 'Legal basis')).selectOption('minors-protection-law-62');
    const basis = page.locator('#basis-details');
    await expect.poll(() => basis.textContent(), UI_WAIT).toContain('Minors Protection Law');
    expect(await basis.textContent()).toContain('art. 62');
    expect(await basis.textContent()).toMatch(t('查询结果函报告', 'A letter under it reports'));
    expect(await basis.locator('li').count()).toBeGreaterThan(1);
    expect(await basis.locator('li').last().textContent()).toMatch(
      t('已封存的记录一律不报告', 'Sealed records are never reported'),
    );
    // Only the agencies the basis may be addressed to.
    const roles = await page
      .getByLabel(t('受理机关类别', 'Kind of agency addressed'))
      .locator('option')
      .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
    expect(roles.sort()).toEqual(['police', 'procuratorate']);

    await page.getByLabel(t('受理机关类别', 'Kind of agency addressed')).selectOption('police');
    await page.getByLabel(t('受理机关 ', 'Organisation addressed')).fill(police);
    await page
      .getByLabel(t('被查询人身份证号码', 'ID number of the person'))
      .fill(person.nationalId);
    await page.getByLabel(t('被查询人姓名', 'Name of the person')).fill(person.name);
    await page.getByLabel(t('申请事由', 'Reason')).fill('Applicant for a teaching assistant post');
    await page.getByLabel(t('用途', 'Purpose')).fill('Recruitment of staff');
    await page.getByRole('button', { name: t('提交申请', 'Submit the application') }).click();
    await expect
      .poll(() => page.locator('#apply-message').textContent(), UI_WAIT)
      .toMatch(t('已提交，申请编号', 'Submitted: application'));
    // The person's ID and name leave the form once sent.
    expect(await page.locator('#subject-id').inputValue()).toBe('');
    expect(await page.locator('#subject-name').inputValue()).toBe('');

    const item = page.locator('#application-list > li').first();
    const inquiryId = String(await item.getAttribute('data-inquiry'));
    expect(await item.textContent()).toMatch(t('待处理', 'Pending'));
    expect(await item.textContent()).toContain(police);

    // An officer of that organisation approves; the unit checks, reads and accepts the notice.
    await approveAsPolice(police, inquiryId);
    await item.getByRole('button', { name: t('刷新状态', 'Check the status') }).click();
    const accept = page.getByRole('button', { name: t('接受告知', 'Accept the notice') });
    await accept.waitFor();
    expect(await page.locator('blockquote.notice').count()).toBe(2);
    await accept.click();
    await expect
      .poll(
        () => page.locator(`[data-inquiry="${inquiryId}"] .message`).last().textContent(),
        UI_WAIT,
      )
      .toMatch(t('请先勾选接受告知', 'Tick the box to accept the notice first'));
    await page
      .getByRole('checkbox', {
        name: t('我已阅读并接受上述告知', 'I have read the notice and accept it'),
      })
      .check();
    await accept.click();

    // The letter: verified on the page, saved, printed.
    const getResult = page.getByRole('button', { name: t('获取查询结果', 'Get the result') });
    await getResult.waitFor();
    await getResult.click();
    const output = page.locator(`[data-inquiry="${inquiryId}"] .result-output`);
    await expect
      .poll(() => output.textContent(), UI_WAIT)
      .toMatch(t('结果函已通过离线核验', 'The letter verified offline'));
    expect(await output.textContent()).toMatch(t('无犯罪记录', 'No criminal record on file'));
    expect(await output.textContent()).toContain(person.name);
    if (language === 'zh') await keepScreenshot(item, 'desk-applicant.png');

    const unit = await stack.token('unit', { org: unitOrg });
    const result = await stack.request('GET', `/v1/inquiries/${inquiryId}/result`, { token: unit });
    const letter = String(result.json.letter);
    const saved = page.waitForEvent('download');
    await page.getByRole('button', { name: t('下载结果函', 'Download the letter') }).click();
    expect(new TextDecoder().decode(await downloadedBytes(await saved))).toBe(letter);

    const printed = page.waitForEvent('download');
    await page.getByRole('button', { name: t('打印（PDF）', 'Print (PDF)') }).click();
    const pdf = await downloadedBytes(await printed);
    expect(new TextDecoder().decode(pdf.subarray(0, 5))).toBe('%PDF-');
    const bundle = parseTrustBundle((await stack.request('GET', '/v1/trust-bundle')).json);
    expect(await verifyDocument(await scanQr(pdf, 150), bundle)).toMatchObject({
      kind: 'letter',
      valid: true,
      letter: { inquiryId, nameAsStated: person.name },
    });

    expect(await page.content()).not.toContain(person.nationalId);
    expect(desk.errors).toEqual([]);
    expect(desk.foreignRequests).toEqual([]);
    await page.close();
  }, 120_000);
});

describe('the applicant’s desk (Chromium)', () => {
  async function signedIn(role: 'unit' | 'police', org: string): Promise<Page> {
    return desk.open('/inquire', await desk.stack.token(role, { org, sub: `${org}-staff` }));
  }

  it('offers a unit only the bases that name units, and a judicial organ the full file with its case number', async () => {
    const unitPage = await signedIn('unit', 'unit-bases');
    const unitBases = await unitPage
      .locator('#basis option')
      .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
    expect(unitBases).toContain('teachers-law-14');
    expect(unitBases).not.toContain('cpl-286-case-handling');
    expect(await unitPage.locator('#case-fields').isVisible()).toBe(false);
    await unitPage.close();

    // A police investigator applies to a court for the court's records on the person.
    const { stack } = desk;
    const person = syntheticPerson();
    const court = await stack.token('court', { org: 'court-file', sub: 'clerk-file' });
    await submitRecord(stack, court, judgment({ person, offenceDate: '2021-03-01' }), {
      sealed: true,
    });
    const page = await signedIn('police', 'psb-file');
    await page.locator('#basis').selectOption('cpl-286-case-handling');
    expect(await page.locator('#case-fields').isVisible()).toBe(true);
    expect(await page.locator('#basis-details').textContent()).toContain('sealed records included');
    await page.locator('#agency-role').selectOption('court');
    await page.locator('#agency-org').fill('court-file');
    await page.locator('#subject-id').fill(person.nationalId);
    await page.locator('#subject-name').fill(person.name);
    await page.locator('#reason').fill('Investigating a new case');
    await page.locator('#purpose').fill('Criminal investigation');
    await page.getByRole('button', { name: /Submit the application/ }).click();
    await expect
      .poll(() => page.locator('#apply-message').textContent(), UI_WAIT)
      .toContain('case number');
    await page.locator('#case-number').fill('(2099)测0000刑侦7号');
    await page.getByRole('button', { name: /Submit the application/ }).click();
    await expect
      .poll(() => page.locator('#apply-message').textContent(), UI_WAIT)
      .toContain('Submitted');
    const item = page.locator('#application-list > li').first();
    const inquiryId = String(await item.getAttribute('data-inquiry'));
    const judge = await stack.token('court', { org: 'court-file', sub: 'judge-file' });
    const decided = await stack.post(`/v1/inquiries/${inquiryId}/decision`, judge, {
      decision: 'approve',
    });
    expect(decided.status, decided.text).toBe(200);
    await item.getByRole('button', { name: /Check the status/ }).click();
    await page.getByRole('checkbox', { name: /accept it/ }).check();
    await page.getByRole('button', { name: /Accept the notice/ }).click();
    await page.getByRole('button', { name: /Get the result/ }).click();
    const rows = page.locator(`[data-inquiry="${inquiryId}"] .result-output tbody tr`);
    await expect.poll(() => rows.count(), UI_WAIT).toBe(1);
    expect(await rows.first().textContent()).toContain('已封存');
    await page.close();
  }, 120_000);

  it('opens an application by its number, and says why the result is not there yet', async () => {
    const { stack } = desk;
    const org = 'unit-by-number';
    const unit = await stack.token('unit', { org });
    const person = syntheticPerson();
    const applied = await stack.post('/v1/inquiries', unit, {
      subject: { nationalId: person.nationalId, name: person.name },
      agency: { role: 'police', org: 'psb-by-number' },
      legalBasis: 'teachers-law-14',
      reason: 'Recruitment.',
      purpose: 'Teacher recruitment',
    });
    expect(applied.status, applied.text).toBe(202);
    const page = await signedIn('unit', org);
    await page.getByLabel(/Application number/).fill(String(applied.json.inquiryId));
    await page.getByRole('button', { name: /Open/ }).click();
    const item = page.locator(`[data-inquiry="${applied.json.inquiryId}"]`);
    await item.waitFor();
    expect(await item.textContent()).toContain('Pending');
    expect(await item.getByRole('button', { name: /Get the result/ }).count()).toBe(0);
    // Another organisation's application is not found.
    const other = await signedIn('unit', 'unit-other');
    await other.getByLabel(/Application number/).fill(String(applied.json.inquiryId));
    await other.getByRole('button', { name: /Open/ }).click();
    await expect
      .poll(() => other.locator('#applications-message').textContent(), UI_WAIT)
      .toContain('Not found');
    await page.close();
    await other.close();
  }, 60_000);
});
