/**
 * The supervisor's desk (`/oversight`) in headless Chromium, on the local stack: the summary
 * per organisation with what is overdue, an opinion whose review was requested decided, a
 * complaint closed, and the audit log exported and verified in the browser — kept, grown, and
 * verified again against the kept checkpoint, with the picture of the growth. Once following
 * the Chinese labels and once the English ones. The page's verdicts are compared with the ones
 * the Node verifier (`npm run audit:verify`'s code) gives for the very same export, intact and
 * tampered.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noteKeysOf } from '#shared/domain/audit/checkpoint.ts';
import { verifyAuditExport } from '#shared/domain/audit/verifyExport.ts';
import { auditKeysOf, parseTrustBundle } from '#shared/domain/credential/didDocument.ts';
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
import { submitRecord } from '../support/records.ts';

let desk: DeskBrowser;

beforeAll(async () => {
  desk = await startDeskBrowser({ '/oversight': 'oversight' });
}, 120_000);

afterAll(async () => desk?.close());

/** Work for a supervisor: a notice pending at a police station, an opinion under review, a complaint. */
async function supervisedWork(org: string) {
  const { stack } = desk;
  const court = await stack.token('court', { org: `court-of-${org}` });
  await submitRecord(
    stack,
    court,
    judgment({
      person: syntheticPerson(),
      offenceDate: '2021-03-01',
      notify: [{ role: 'police', org }],
    }),
    { sealed: true },
  );
  const supervisor = await stack.token('supervisor', { org: 'spp-desk', sub: `procurator-${org}` });
  const opinion = await stack.post('/v1/opinions', supervisor, {
    agency: { role: 'police', org },
    kind: 'correction-notice',
    findings: 'A sealing notice was confirmed late.',
    replyDue: '2099-01-31',
  });
  expect(opinion.status, opinion.text).toBe(201);
  const opinionId = String(opinion.json.opinionId);
  const police = await stack.token('police', { org, sub: `chief-${org}` });
  const requested = await stack.post(`/v1/opinions/${opinionId}/review-request`, police, {
    grounds: 'The notice arrived after the deadline had passed.',
  });
  expect(requested.status, requested.text).toBe(200);
  const citizen = await stack.token('citizen', { person: syntheticPerson() });
  const complaint = await stack.post('/v1/complaints', citizen, {
    against: { role: 'police', org },
    description: 'My sealed record was mentioned to my employer.',
  });
  expect(complaint.status, complaint.text).toBe(201);
  await stack.drainSealingQueue();
  return { opinionId, complaintId: String(complaint.json.complaintId) };
}

/** What the Node verifier says of an export. */
async function nodeVerdict(exported: string, previous?: string) {
  const bundle = parseTrustBundle((await desk.stack.request('GET', '/v1/trust-bundle')).json);
  const lines = exported.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return verifyAuditExport(lines, noteKeysOf(auditKeysOf(bundle)), previous);
}

/** Captures (and, with `edit`, changes) the exports the page receives. */
async function capturingExports(page: Page, edit?: (text: string) => string): Promise<string[]> {
  const exports: string[] = [];
  await page.route(
    (url) => url.pathname === '/v1/audit',
    async (route) => {
      const response = await route.fetch();
      const text = (edit ?? ((t: string) => t))(await response.text());
      exports.push(text);
      await route.fulfill({ response, body: text });
    },
  );
  return exports;
}

describe.each(languages)('the supervisor’s desk in %s (Chromium)', (language: Language) => {
  const t = (zh: string, en: string) => inLanguage(language, zh, en);

  it('shows the summary, decides a review, closes a complaint, and verifies the audit log’s growth', async () => {
    const org = `psb-supervised-${language}`;
    const work = await supervisedWork(org);
    const { stack } = desk;
    const supervisor = await stack.token('supervisor', {
      org: 'spp-desk',
      sub: `procurator-${language}`,
    });
    const page = await desk.open('/oversight', supervisor);
    const exports = await capturingExports(page);

    // The summary: the police station's pending notice and its opinion under review.
    const row = page.locator('#summary-table tbody tr', { hasText: org });
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    expect(cells[3]).toBe('1'); // notices pending
    expect(cells[7]).toMatch(t('已申请复议', 'Review requested'));

    // The opinion whose review was requested: upheld, with reasons.
    const opinion = page.locator(`[data-opinion="${work.opinionId}"]`);
    await opinion.waitFor();
    expect(await opinion.textContent()).toContain(
      'The notice arrived after the deadline had passed.',
    );
    await opinion.getByRole('radio', { name: t('维持', 'Uphold') }).check();
    await opinion
      .getByLabel(t('理由', 'Reasons'))
      .fill('The notice log shows it was received in time.');
    await opinion.getByRole('button', { name: t('作出复议决定', 'Decide the review') }).click();
    await expect
      .poll(() => page.locator('#opinions-message').textContent(), UI_WAIT)
      .toMatch(t('复议决定已作出', 'The review is decided'));
    expect(await page.locator(`[data-opinion="${work.opinionId}"] h3`).textContent()).toMatch(
      t('维持', 'Upheld'),
    );

    // The complaint, closed in writing.
    const complaint = page.locator(`[data-complaint="${work.complaintId}"]`);
    await complaint
      .getByLabel(t('处理结果', 'Resolution'))
      .fill('The station was told to correct its practice.');
    await complaint.getByRole('button', { name: t('办结投诉', 'Close the complaint') }).click();
    await expect
      .poll(() => page.locator('#complaints-message').textContent(), UI_WAIT)
      .toMatch(t('投诉已办结', 'The complaint is closed'));
    const complaints = await stack.request('GET', '/v1/complaints', { token: supervisor });
    expect(complaints.json.complaints).toContainEqual(
      expect.objectContaining({ complaintId: work.complaintId, status: 'resolved' }),
    );

    // The audit log: verified, its checkpoint kept.
    await page.getByRole('button', { name: t('导出并核验', 'Export and verify') }).click();
    await expect
      .poll(() => page.locator('#audit-verdict').textContent(), UI_WAIT)
      .toMatch(t('完好', 'INTACT'));
    const first = await nodeVerdict(exports[0] ?? '');
    expect(first.intact).toBe(true);
    if (first.intact !== true) return;
    expect(await page.locator('#audit-facts').textContent()).toContain(String(first.treeSize));
    const kept = page.waitForEvent('download');
    await page.getByRole('button', { name: t('保存本次检查点', 'Keep this checkpoint') }).click();
    const note = new TextDecoder().decode(await downloadedBytes(await kept));
    expect(note.split('\n')[1]).toBe(String(first.treeSize));

    // The log grows (a decision, a summary read), and is verified against the kept checkpoint.
    await page
      .getByRole('button', { name: t('刷新', 'Refresh') })
      .first()
      .click();
    await stack.drainAuditSequencer();
    await page.getByLabel(t('上次保存的检查点', 'The checkpoint you kept last time')).fill(note);
    await page.getByRole('button', { name: t('导出并核验', 'Export and verify') }).click();
    await expect
      .poll(() => page.locator('#audit-facts').textContent(), UI_WAIT)
      .toMatch(t(`从 ${first.treeSize} 条增长到`, `grew from ${first.treeSize} to`));
    const second = await nodeVerdict(exports[1] ?? '', note);
    expect(second).toMatchObject({ intact: true, previousSize: first.treeSize });
    if (second.intact !== true) return;
    expect(second.treeSize).toBeGreaterThan(first.treeSize);

    // The picture: the kept part, the growth since, the window; named in both languages.
    const picture = page.locator('#growth');
    expect(await picture.getAttribute('role')).toBe('img');
    expect(await picture.getAttribute('aria-label')).toContain(
      `${second.treeSize - first.treeSize} entries added since the kept checkpoint (${first.treeSize})`,
    );
    expect(await picture.getAttribute('aria-label')).toContain(
      `新增 ${second.treeSize - first.treeSize} 条`,
    );
    const width = (part: string) =>
      picture
        .locator(`[data-part="${part}"]`)
        .evaluate((rect) => Number(rect.getAttribute('width')));
    expect((await width('kept')) / (await width('tree'))).toBeCloseTo(
      first.treeSize / second.treeSize,
      2,
    );
    expect(await picture.locator('text').allTextContents()).toContain(
      `+${second.treeSize - first.treeSize}`,
    );
    expect(await page.locator('#growth-caption').textContent()).toMatch(
      t('只增未改', 'it only grew'),
    );
    if (language === 'zh') await keepScreenshot(page.locator('#audit'), 'desk-supervisor.png');

    expect(desk.errors).toEqual([]);
    expect(desk.foreignRequests).toEqual([]);
    await page.close();
  }, 180_000);
});

describe('the supervisor’s opinions, ten a page (Chromium)', () => {
  it('pages through the opinions an office issued', async () => {
    const { stack } = desk;
    const supervisor = await stack.token('supervisor', {
      org: 'spp-paged',
      sub: 'procurator-paged',
    });
    for (let i = 0; i < 12; i += 1) {
      const opinion = await stack.post('/v1/opinions', supervisor, {
        agency: { role: 'police', org: `psb-paged-${i}` },
        kind: 'correction-notice',
        findings: `Finding ${i}: a sealing notice was confirmed late.`,
        replyDue: '2099-01-31',
      });
      expect(opinion.status, opinion.text).toBe(201);
    }
    const page = await desk.open('/oversight', supervisor);
    const items = page.locator('#opinion-list > li');
    const ids = () => items.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-opinion')));
    await expect.poll(() => items.count(), { timeout: 20_000 }).toBe(10);
    const firstPage = await ids();
    const pager = page.locator('#opinion-pager');
    await pager.getByRole('button', { name: /Next page/ }).click();
    await expect.poll(() => items.count(), { timeout: 20_000 }).toBe(2);
    const secondPage = await ids();
    expect(secondPage.filter((id) => firstPage.includes(id))).toEqual([]);
    expect(new Set([...firstPage, ...secondPage]).size).toBe(12);
    expect(await pager.getByRole('button', { name: /Next page/ }).isDisabled()).toBe(true);
    await pager.getByRole('button', { name: /Previous page/ }).click();
    await expect.poll(ids, { timeout: 20_000 }).toEqual(firstPage);
    await page.close();
  }, 120_000);
});

describe('the supervisor’s desk verifies like `npm run audit:verify` (Chromium)', () => {
  it('names the same first bad line for an edited entry', async () => {
    const { stack } = desk;
    await supervisedWork('psb-tamper');
    const supervisor = await stack.token('supervisor', {
      org: 'spp-desk',
      sub: 'procurator-tamper',
    });
    const page = await desk.open('/oversight', supervisor);
    // One entry's actor changed on its way to the browser, the line kept canonical.
    const exports = await capturingExports(page, (text) => {
      const lines = text.split('\n');
      const index = lines.findIndex((line) => line.includes('"sub":"procurator-tamper"'));
      lines[index] = (lines[index] ?? '').replace(
        '"sub":"procurator-tamper"',
        '"sub":"procurator-tampe"',
      );
      return lines.join('\n');
    });
    await page.getByRole('button', { name: /Export and verify/ }).click();
    await expect
      .poll(() => page.locator('#audit-verdict').textContent(), UI_WAIT)
      .toContain('TAMPERED');
    const verdict = await nodeVerdict(exports[0] ?? '');
    expect(verdict.intact).toBe(false);
    if (verdict.intact !== false) return;
    const facts = await page.locator('#audit-facts').textContent();
    expect(facts).toContain(`${verdict.line}`);
    expect(facts).toContain(`[${verdict.problem}]`);
    expect(await page.locator('#growth').getAttribute('aria-label')).toContain('did not verify');
    expect(await page.getByRole('button', { name: /Keep this checkpoint/ }).isVisible()).toBe(
      false,
    );
    await page.close();
  }, 120_000);

  it('refuses a kept checkpoint that no audit key signed', async () => {
    const { stack } = desk;
    const page = await desk.open(
      '/oversight',
      await stack.token('supervisor', { org: 'spp-desk', sub: 'procurator-forged' }),
    );
    const forged = `${new URL(stack.url).host}/audit\n1\n${Buffer.alloc(32).toString('base64')}\n\n— ${new URL(stack.url).host}/audit AAAAAAAA\n`;
    await page.getByLabel(/The checkpoint you kept last time/).fill(forged);
    await page.getByRole('button', { name: /Export and verify/ }).click();
    await expect
      .poll(() => page.locator('#audit-message').textContent(), UI_WAIT)
      .toContain('not a checkpoint signed by an audit key');
    await page.close();
  }, 60_000);
});
