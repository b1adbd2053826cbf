/**
 * The official's desk (`/desk`) in headless Chromium, on the local stack: a court official
 * reads the applications addressed to the court — applicant, statute and article, reason,
 * purpose, the person's name and masked ID, deadline — approves one and refuses another with
 * reasons (by keyboard alone), confirms a sealing notice and decides a review; and decides
 * the sealing applications persons addressed to the court (one sealed, one refused by keyboard
 * alone). Once following the Chinese labels and once the English ones; what the desk did is
 * read back from the API.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DeskBrowser,
  inLanguage,
  keepScreenshot,
  type Language,
  languages,
  startDeskBrowser,
  UI_WAIT,
} from '../support/deskBrowser.ts';
import {
  judgment,
  type Person,
  syntheticCaseNumber,
  syntheticPerson,
} from '../support/fixtures.ts';
import { storedRecord, submitRecord } from '../support/records.ts';

let desk: DeskBrowser;

beforeAll(async () => {
  desk = await startDeskBrowser({ '/desk': 'desk' });
}, 120_000);

afterAll(async () => desk?.close());

/** What a court's desk has to do: two applications, a sealing notice, a review. */
async function courtWork(org: string) {
  const { stack } = desk;
  const unit = await stack.token('unit', { org: `school-of-${org}`, sub: `hr-${org}` });
  const apply = async (person: Person, purpose: string) => {
    const response = await stack.post('/v1/inquiries', unit, {
      subject: { nationalId: person.nationalId, name: person.name },
      agency: { role: 'court', org },
      legalBasis: 'teachers-law-14',
      reason: `Applicant for a teaching post (${purpose})`,
      purpose,
    });
    expect(response.status, response.text).toBe(202);
    return String(response.json.inquiryId);
  };
  const first = syntheticPerson();
  const second = syntheticPerson();
  const approveId = await apply(first, 'Recruitment of teachers');
  const refuseId = await apply(second, 'Recruitment of cooks');

  // Another court seals a record and names this court to be told (a sealing notice).
  const otherCourt = await stack.token('court', { org: `other-${org}` });
  await submitRecord(
    stack,
    otherCourt,
    judgment({
      person: syntheticPerson(),
      offenceDate: '2021-03-01',
      notify: [{ role: 'court', org }],
    }),
    { sealed: true },
  );
  // This court's sealed suspended sentence, then an adult conviction during its probation:
  // a review for this court.
  const court = await stack.token('court', { org, sub: `records-${org}` });
  const person = syntheticPerson('2004-06-15');
  const juvenile = await submitRecord(
    stack,
    court,
    judgment({
      person,
      offenceDate: '2021-09-01',
      effectiveDate: '2022-01-10',
      months: 24,
      suspended: true,
      probationMonths: 48,
    }),
    { sealed: true },
  );
  await submitRecord(
    stack,
    otherCourt,
    judgment({ person, offenceDate: '2023-03-01', effectiveDate: '2023-09-01', months: 36 }),
    { sealed: false },
  );
  await stack.drainSealingQueue();
  return { first, approveId, refuseId, juvenileRecord: juvenile.recordId };
}

/** A person's application, through the API with their own token, to seal a record `org` holds. */
async function applyToSeal(org: string, person: Person, caseNumber: string, grounds: string) {
  const { stack } = desk;
  const citizen = await stack.token('citizen', { person });
  const response = await stack.post('/v1/me/sealing-applications', citizen, {
    caseNumber,
    agency: { role: 'court', org },
    grounds,
  });
  expect(response.status, response.text).toBe(201);
  return { citizen, applicationId: String(response.json.applicationId) };
}

async function sealingItem(page: Page, applicationId: string) {
  const found = page.locator(`[data-sealing-application="${applicationId}"]`);
  await found.waitFor();
  return found;
}

async function item(page: Page, inquiryId: string) {
  const found = page.locator(`[data-inquiry="${inquiryId}"]`);
  await found.waitFor();
  return found;
}

describe.each(languages)('the official’s desk in %s (Chromium)', (language: Language) => {
  const t = (zh: string, en: string) => inLanguage(language, zh, en);

  it('decides applications, confirms a notice and decides a review', async () => {
    const org = `court-desk-${language}`;
    const work = await courtWork(org);
    const { stack } = desk;
    const judge = await stack.token('court', { org, sub: `judge-${language}` });
    const page = await desk.open('/desk', judge);

    // The applications: two, each opened to read what the decider may see.
    await expect.poll(() => page.locator('#inquiry-list > li').count(), UI_WAIT).toBe(2);
    const approving = await item(page, work.approveId);
    await approving.getByRole('button', { name: t('审阅申请', 'Read the application') }).click();
    const facts = approving.locator('dl.facts').nth(1);
    await facts.waitFor();
    const shown = await facts.textContent();
    expect(shown).toContain(`school-of-${org}`);
    expect(shown).toContain('Teachers Law');
    expect(shown).toContain('art. 14');
    expect(shown).toContain('Recruitment of teachers');
    expect(shown).toContain(work.first.name);
    const masked = `${work.first.nationalId.slice(0, 6)}********${work.first.nationalId.slice(-4)}`;
    expect(shown).toContain(masked);
    expect(await page.content()).not.toContain(work.first.nationalId);
    expect(
      await approving
        .getByRole('button', { name: t('审阅申请', 'Read the application') })
        .getAttribute('aria-expanded'),
    ).toBe('true');
    if (language === 'zh') await keepScreenshot(page.locator('#inquiries'), 'desk-official.png');

    await approving.getByRole('radio', { name: t('批准', 'Approve') }).check();
    await approving.getByRole('button', { name: t('提交决定', 'Submit the decision') }).click();
    await expect
      .poll(() => approving.locator('.message').textContent(), UI_WAIT)
      .toMatch(t('已批准', 'Approved: the approval is signed'));

    // The refusal by keyboard alone: open, choose, write the reasons, submit.
    const refusing = await item(page, work.refuseId);
    await refusing.getByRole('button', { name: t('审阅申请', 'Read the application') }).focus();
    await page.keyboard.press('Enter');
    const approveRadio = refusing.getByRole('radio', { name: t('批准', 'Approve') });
    await approveRadio.waitFor();
    await expect
      .poll(() => approveRadio.evaluate((el) => el === document.activeElement), UI_WAIT)
      .toBe(true);
    await page.keyboard.press('ArrowDown'); // to 拒绝 · Refuse
    expect(await refusing.getByRole('radio', { name: t('拒绝', 'Refuse') }).isChecked()).toBe(true);
    await page.keyboard.press('Tab'); // the reasons
    await page.keyboard.press('Tab'); // the submit button, reasons still empty
    await page.keyboard.press('Enter');
    await expect
      .poll(() => refusing.locator('.message').textContent(), UI_WAIT)
      .toMatch(t('拒绝须说明理由', 'Give the reasons for a refusal'));
    await page.keyboard.type('Not a post in contact with minors.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => refusing.locator('.message').textContent(), UI_WAIT)
      .toMatch(t('已拒绝', 'Refused: the reasons are recorded'));

    const unit = await stack.token('unit', { org: `school-of-${org}` });
    const approved = await stack.request('GET', `/v1/inquiries/${work.approveId}`, { token: unit });
    expect(approved.json).toMatchObject({ status: 'approved' });
    const refused = await stack.request('GET', `/v1/inquiries/${work.refuseId}`, { token: unit });
    expect(refused.json).toMatchObject({
      status: 'refused',
      reasons: 'Not a post in contact with minors.',
    });

    // The sealing notice, confirmed.
    const notices = page.locator('#notice-table tbody tr');
    await expect.poll(() => notices.count(), UI_WAIT).toBeGreaterThan(0);
    expect(await notices.first().textContent()).toMatch(t('封存通知', 'Sealed'));
    await notices
      .first()
      .getByRole('button', { name: t('确认', 'Confirm') })
      .click();
    await expect
      .poll(() => page.locator('#notices-message').textContent(), UI_WAIT)
      .toMatch(t('已确认通知', 'The notice is confirmed'));
    const afterNotices = await stack.request('GET', '/v1/notices', { token: judge });
    expect(
      (afterNotices.json.notices as { status: string }[]).every((n) => n.status === 'acknowledged'),
    ).toBe(true);

    // The review, decided.
    const review = page.locator('#review-list > li').first();
    await review.waitFor();
    expect(await review.textContent()).toContain(work.juvenileRecord);
    expect(await review.locator('h3').textContent()).toMatch(
      t('缓刑考验期内成年后再犯罪', 'Adult offence during a juvenile probation'),
    );
    await review.getByRole('radio', { name: t('确认规则的认定', 'Confirm the reading') }).check();
    await review
      .getByLabel(t('理由', 'Reasons'))
      .fill('The probation still ran: the reading stands.');
    await review.getByRole('button', { name: t('提交复核决定', 'Decide the review') }).click();
    await expect
      .poll(() => review.locator('.message').textContent(), UI_WAIT)
      .toMatch(t('复核已决定', 'The review is decided'));
    const reviews = await stack.request('GET', '/v1/reviews', { token: judge });
    expect(reviews.json.reviews).toEqual([
      expect.objectContaining({ recordId: work.juvenileRecord, outcome: 'confirmed' }),
    ]);

    expect(desk.errors).toEqual([]);
    expect(desk.foreignRequests).toEqual([]);
    await page.close();
  }, 120_000);

  it('decides the sealing applications addressed to the court', async () => {
    const { stack } = desk;
    const org = `court-sealing-${language}`;
    const court = await stack.token('court', { org, sub: `records-sealing-${language}` });
    // A record the rules left open (61 months), which its person asks the court to seal.
    const sealing = syntheticPerson('2004-06-15');
    const sealingCase = syntheticCaseNumber();
    const record = await submitRecord(
      stack,
      court,
      judgment({ person: sealing, caseNumber: sealingCase, offenceDate: '2020-08-01', months: 61 }),
      { sealed: false },
    );
    await stack.drainSealingQueue();
    const toSeal = await applyToSeal(
      org,
      sealing,
      sealingCase,
      'The offence was committed at 16; the sentence was reduced on appeal.',
    );
    const refusing = syntheticPerson('1995-01-01');
    const toRefuse = await applyToSeal(
      org,
      refusing,
      syntheticCaseNumber(),
      'I was young when it happened.',
    );

    const judge = await stack.token('court', { org, sub: `judge-sealing-${language}` });
    const page = await desk.open('/desk', judge);
    await expect.poll(() => page.locator('#sealing-list > li').count(), UI_WAIT).toBe(2);
    expect(await page.locator('#sealing-message').textContent()).toMatch(
      t('本页 2 件封存申请待决定', '2 sealing applications on this page to decide'),
    );

    // Opened: who applied (name, masked ID), the case and the grounds; then sealed.
    const sealItem = await sealingItem(page, toSeal.applicationId);
    expect(await sealItem.locator('h3').textContent()).toContain(sealingCase);
    const read = t('审阅封存申请', 'Read the sealing application');
    await sealItem.getByRole('button', { name: read }).click();
    const facts = sealItem.locator('dl.facts').nth(1);
    await facts.waitFor();
    const shown = await facts.textContent();
    expect(shown).toContain(sealing.name);
    expect(shown).toContain(
      `${sealing.nationalId.slice(0, 6)}********${sealing.nationalId.slice(-4)}`,
    );
    expect(shown).toContain('reduced on appeal');
    expect(await page.content()).not.toContain(sealing.nationalId);
    expect(await sealItem.getByRole('button', { name: read }).getAttribute('aria-expanded')).toBe(
      'true',
    );
    if (language === 'zh') {
      await keepScreenshot(page.locator('#sealing-applications'), 'desk-sealing.png');
    }
    await sealItem.getByRole('radio', { name: t('予以封存', 'Seal') }).check();
    const submit = t('提交封存决定', 'Submit the sealing decision');
    await sealItem.getByRole('button', { name: submit }).click();
    await expect
      .poll(() => sealItem.locator('.message').textContent(), UI_WAIT)
      .toMatch(t('请说明理由', 'Give the reasons for the decision'));
    await sealItem
      .getByLabel(t('理由', 'Reasons'))
      .fill('Committed as a minor; the effective sentence is within CPL art. 286.');
    await sealItem.getByRole('button', { name: submit }).click();
    await expect
      .poll(() => sealItem.locator('.message').textContent(), UI_WAIT)
      .toMatch(t('已决定封存', 'Decided to seal'));

    // Refused by keyboard alone: open, choose, write the reasons, submit.
    const refuseItem = await sealingItem(page, toRefuse.applicationId);
    await refuseItem.getByRole('button', { name: read }).focus();
    await page.keyboard.press('Enter');
    const sealRadio = refuseItem.getByRole('radio', { name: t('予以封存', 'Seal') });
    await sealRadio.waitFor();
    await expect
      .poll(() => sealRadio.evaluate((el) => el === document.activeElement), UI_WAIT)
      .toBe(true);
    await page.keyboard.press('ArrowDown'); // to 不予封存 · Refuse
    expect(await refuseItem.getByRole('radio', { name: t('不予封存', 'Refuse') }).isChecked()).toBe(
      true,
    );
    await page.keyboard.press('Tab'); // the reasons
    await page.keyboard.type('The offence was committed as an adult.');
    await page.keyboard.press('Tab'); // the submit button
    await page.keyboard.press('Enter');
    await expect
      .poll(() => refuseItem.locator('.message').textContent(), UI_WAIT)
      .toMatch(t('已决定不予封存', 'Refused: the applicant is told the reasons'));

    // What the desk decided, as each person reads it; the record sealed by the sealing service.
    const sealed = await stack.request('GET', '/v1/me/sealing-applications', {
      token: toSeal.citizen,
    });
    expect(sealed.json.applications).toEqual([
      expect.objectContaining({
        applicationId: toSeal.applicationId,
        status: 'decided',
        decision: expect.objectContaining({
          decision: 'seal',
          reasons: 'Committed as a minor; the effective sentence is within CPL art. 286.',
        }),
      }),
    ]);
    const refused = await stack.request('GET', '/v1/me/sealing-applications', {
      token: toRefuse.citizen,
    });
    expect(refused.json.applications).toEqual([
      expect.objectContaining({
        applicationId: toRefuse.applicationId,
        status: 'decided',
        decision: expect.objectContaining({
          decision: 'refuse',
          reasons: 'The offence was committed as an adult.',
        }),
      }),
    ]);
    await stack.drainSealingQueue();
    expect((await storedRecord(stack, record.recordId)).item.status).toBe('sealed');
    const left = await stack.request('GET', '/v1/sealing-applications', { token: judge });
    expect(left.json.applications).toEqual([]);

    expect(desk.errors).toEqual([]);
    expect(desk.foreignRequests).toEqual([]);
    await page.close();
  }, 120_000);
});

describe('the official’s desk (Chromium)', () => {
  it('will not let an official decide their own application, and says so', async () => {
    const { stack } = desk;
    const org = 'psb-self';
    const officer = await stack.token('police', { org, sub: 'officer-self' });
    const person = syntheticPerson();
    const applied = await stack.post('/v1/inquiries', officer, {
      subject: { nationalId: person.nationalId, name: person.name },
      agency: { role: 'police', org },
      legalBasis: 'cpl-286-case-handling',
      reason: 'Handling a case',
      purpose: 'Investigation',
      caseNumber: '(2099)测0000刑侦1号',
    });
    expect(applied.status, applied.text).toBe(202);
    const page = await desk.open('/desk', officer);
    const own = await item(page, String(applied.json.inquiryId));
    await own.getByRole('button', { name: /Read the application/ }).click();
    await expect.poll(() => own.textContent(), UI_WAIT).toContain('a colleague must decide it');
    expect(await own.getByRole('radio').count()).toBe(0);
    await page.close();
  }, 60_000);

  it('lists the overdue applications first, marked as overdue', async () => {
    const { stack } = desk;
    const org = 'court-overdue';
    await courtWork(org);
    const judge = await stack.token('court', { org, sub: 'judge-overdue' });
    const page = await desk.context.newPage();
    // The local stack has no clock to wind on: the API's own answer, with the later
    // application's deadline passed, as it reads once its third working day is over.
    let later = '';
    await page.route(
      (url) => url.pathname === '/v1/inquiries',
      async (route) => {
        const response = await route.fetch();
        const body = (await response.json()) as {
          inquiries: { inquiryId: string; overdue: boolean; decideBy: string }[];
        };
        const last = body.inquiries.at(-1);
        if (last) {
          last.overdue = true;
          later = last.inquiryId;
        }
        await route.fulfill({ response, json: body });
      },
    );
    await page.goto(`${stack.url}/desk`);
    await page.fill('#token', judge);
    await page.click('#sign-in-form button[type=submit]');
    await expect.poll(() => page.locator('#inquiry-list > li').count(), UI_WAIT).toBe(2);
    const first = page.locator('#inquiry-list > li').first();
    expect(await first.getAttribute('data-inquiry')).toBe(later);
    expect(await first.textContent()).toContain('已逾期');
    expect(await first.getAttribute('class')).toContain('overdue');
    expect(await page.locator('#inquiries-message').textContent()).toContain('1 overdue');
    await page.close();
  }, 60_000);

  it('pages through the applications', async () => {
    const { stack } = desk;
    const org = 'court-paged';
    const unit = await stack.token('unit', { org: 'school-paged' });
    for (let i = 0; i < 12; i += 1) {
      const person = syntheticPerson();
      const response = await stack.post('/v1/inquiries', unit, {
        subject: { nationalId: person.nationalId, name: person.name },
        agency: { role: 'court', org },
        legalBasis: 'teachers-law-14',
        reason: 'Recruitment.',
        purpose: 'Teacher recruitment',
      });
      expect(response.status, response.text).toBe(202);
    }
    const page = await desk.open('/desk', await stack.token('court', { org, sub: 'judge-paged' }));
    const items = page.locator('#inquiry-list > li');
    await expect.poll(() => items.count(), UI_WAIT).toBe(10);
    const firstPage = await items.evaluateAll((lis) =>
      lis.map((li) => li.getAttribute('data-inquiry')),
    );
    const pager = page.locator('#inquiry-pager');
    await pager.getByRole('button', { name: /Next page/ }).click();
    await expect.poll(() => items.count(), UI_WAIT).toBe(2);
    const secondPage = await items.evaluateAll((lis) =>
      lis.map((li) => li.getAttribute('data-inquiry')),
    );
    expect(secondPage.filter((id) => firstPage.includes(id))).toEqual([]);
    expect(await pager.getByRole('button', { name: /Next page/ }).isDisabled()).toBe(true);
    await pager.getByRole('button', { name: /Previous page/ }).click();
    await expect
      .poll(
        () => items.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-inquiry'))),
        UI_WAIT,
      )
      .toEqual(firstPage);
    await page.close();
  }, 90_000);

  it('pages through the sealing applications', async () => {
    const org = 'court-sealing-paged';
    for (let i = 0; i < 12; i += 1) {
      await applyToSeal(org, syntheticPerson(), syntheticCaseNumber(), 'Committed as a minor.');
    }
    const page = await desk.open(
      '/desk',
      await desk.stack.token('court', { org, sub: 'judge-sealing-paged' }),
    );
    const items = page.locator('#sealing-list > li');
    const ids = () =>
      items.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-sealing-application')));
    await expect.poll(() => items.count(), UI_WAIT).toBe(10);
    const firstPage = await ids();
    const pager = page.locator('#sealing-pager');
    await pager.getByRole('button', { name: /Next page/ }).click();
    await expect.poll(() => items.count(), UI_WAIT).toBe(2);
    expect((await ids()).filter((id) => firstPage.includes(id))).toEqual([]);
    expect(await pager.getByRole('button', { name: /Next page/ }).isDisabled()).toBe(true);
    await pager.getByRole('button', { name: /Previous page/ }).click();
    await expect.poll(ids, UI_WAIT).toEqual(firstPage);
    await page.close();
  }, 90_000);

  it('refuses a token of another role, showing nothing', async () => {
    const page = await desk.context.newPage();
    await page.goto(`${desk.stack.url}/desk`);
    await page.fill('#token', await desk.stack.token('unit', { org: 'some-unit' }));
    await page.click('#sign-in-form button[type=submit]');
    await expect
      .poll(() => page.locator('#sign-in-message').textContent(), UI_WAIT)
      .toContain('This desk is not for the role');
    expect(await page.locator('#inquiries').isVisible()).toBe(false);
    await page.close();
  }, 60_000);
});
