/**
 * The official's desk (`web/desk.html`, served at `/desk`): for an official of a court,
 * procuratorate, police or justice bureau, the organisation's work that has a deadline —
 *
 * - inquiry applications addressed to it (`GET /v1/inquiries?status=pending`, paged), overdue
 *   first; each opened on demand (`GET /v1/inquiries/{id}`: the decider's view, audited as a
 *   read) and approved or refused with reasons (`POST /v1/inquiries/{id}/decision`);
 * - sealing and other notices to confirm (`GET /v1/notices`, `POST …/acknowledgement`);
 * - reviews of its flagged records (`GET /v1/reviews`, paged; `POST /v1/reviews/{id}/decision`);
 * - persons' applications to seal a record it holds (`GET /v1/sealing-applications`, paged, by
 *   deadline), each opened to read the grounds and decided — seal or refuse — with reasons
 *   (`POST /v1/sealing-applications/{id}/decision`).
 *
 * The page learns nothing about anyone's records: it shows what the API's decider view holds,
 * which is taken from the application alone. The token lives in memory only (`lib/session.ts`).
 */

import { call } from './lib/call.ts';
import {
  bilingual,
  chinaTime,
  definitions,
  element,
  make,
  say,
  tableRows,
  uniqueId,
} from './lib/dom.ts';
import {
  inline,
  noticeKindLabel,
  reviewFlagLabel,
  roleLabel,
  sealingDecisionLabel,
  statusLabel,
} from './lib/labels.ts';
import { Pager, pageQuery } from './lib/pager.ts';
import { type Claims, currentClaims } from './lib/session.ts';
import { wireSignIn } from './lib/signIn.ts';

const AGENCY_ROLES = ['court', 'procuratorate', 'police', 'justice'] as const;
/** Applications a page: each is opened on demand, so a page stays short. */
const INQUIRY_PAGE = 10;
const REVIEW_PAGE = 10;
const SEALING_PAGE = 10;

type InquiryView = {
  inquiryId: string;
  status: string;
  decideBy: string;
  calendar: 'official' | 'provisional';
  overdue: boolean;
  legalBasis: string;
  receivedAt: string;
  scope?: { details?: boolean };
  reasons?: string;
};

type DeciderView = InquiryView & {
  applicant: { role: string; org: string; sub: string };
  legalBasisReference: { statute: string; article: string; title: string };
  reason: string;
  purpose: string;
  caseNumber?: string;
  subject: { name: string; nationalIdMasked: string };
};

type LegalBasis = {
  id: string;
  statute: string;
  article: string;
  title: string;
  disclosure: string;
};

type NoticeView = {
  noticeId: string;
  kind: string;
  recordId: string;
  at: string;
  acknowledgeBy: string;
  status: string;
};

type ReviewView = {
  reviewId: string;
  recordId: string;
  flag: string;
  causedBy?: string;
  openedAt: string;
  decideBy: string;
  status: string;
  outcome?: string;
  reasons?: string;
  decidedAt?: string;
  decidedBy?: string;
};

type SealingApplicationView = {
  applicationId: string;
  caseNumber: string;
  agency: { role: string; org: string };
  grounds: string;
  status: string;
  decideBy: string;
  calendar: 'official' | 'provisional';
  overdue: boolean;
  receivedAt: string;
  decision?: { decision: string; reasons: string; decidedAt: string };
  applicant?: { name: string; nationalIdMasked: string };
};

const bases = new Map<string, LegalBasis>();

function badge(tone: string, [zh, en]: readonly [string, string]): HTMLElement {
  return make('span', { className: `badge ${tone}` }, bilingual(zh, en));
}

function deadline(view: { decideBy: string; overdue: boolean; calendar?: string }): HTMLElement {
  const cell = make('span', {}, view.decideBy);
  if (view.overdue) cell.append(badge('overdue', ['已逾期', 'Overdue']));
  if (view.calendar === 'provisional') {
    cell.append(
      badge('provisional', [
        '节假日安排未公布，期限为暂定',
        'Provisional: holidays not yet announced',
      ]),
    );
  }
  return cell;
}

function basisText(id: string): string {
  const basis = bases.get(id);
  return basis ? `${basis.statute} ${basis.article}` : id;
}

// ── Inquiry applications ─────────────────────────────────────────────────────────────

const inquiryPager = new Pager(['查询申请分页', 'Pages of applications'], loadInquiries);

async function loadInquiries(cursor?: string): Promise<boolean> {
  const query = pageQuery(INQUIRY_PAGE, cursor, { status: 'pending' });
  const page = await call<{ inquiries: InquiryView[]; cursor?: string }>(
    'inquiries-message',
    'GET',
    `/v1/inquiries?${query}`,
  );
  if (page === undefined) return false;
  inquiryPager.loaded(page.cursor);
  // The API lists by deadline; the overdue ones first, whatever page they are on.
  const ordered = [...page.inquiries].sort(
    (a, b) => Number(b.overdue) - Number(a.overdue) || a.decideBy.localeCompare(b.decideBy),
  );
  element('inquiry-list').replaceChildren(...ordered.map(inquiryItem));
  if (ordered.length === 0) {
    say(
      'inquiries-message',
      'ok',
      '没有待审批的申请。',
      'No application is waiting for a decision.',
    );
  } else {
    const overdue = ordered.filter((view) => view.overdue).length;
    say(
      'inquiries-message',
      overdue > 0 ? 'bad' : '',
      `本页 ${ordered.length} 件待审批${overdue > 0 ? `，其中 ${overdue} 件已逾期` : ''}。`,
      `${ordered.length} on this page to decide${overdue > 0 ? `, ${overdue} overdue` : ''}.`,
    );
  }
  return true;
}

function inquiryItem(view: InquiryView): HTMLLIElement {
  const headingId = uniqueId('inquiry');
  const detailsId = uniqueId('inquiry-details');
  const heading = make(
    'h3',
    { attributes: { id: headingId } },
    bilingual('查询申请', 'Application'),
    ` ${view.inquiryId.slice(0, 8)}`,
  );
  if (view.overdue) heading.append(badge('overdue', ['已逾期', 'Overdue']));
  const open = make(
    'button',
    {
      className: 'secondary',
      attributes: { type: 'button', 'aria-expanded': 'false', 'aria-controls': detailsId },
    },
    bilingual('审阅申请', 'Read the application'),
  );
  const details = make('div', { attributes: { id: detailsId } });
  const message = make('p', { className: 'message', attributes: { role: 'status' } });
  const item = make(
    'li',
    {
      className: view.overdue ? 'item overdue' : 'item',
      attributes: { 'aria-labelledby': headingId, 'data-inquiry': view.inquiryId },
    },
    heading,
    definitions([
      [bilingual('法律依据', 'Legal basis'), basisText(view.legalBasis)],
      [bilingual('收到时间', 'Received'), chinaTime(view.receivedAt)],
      [bilingual('审批期限', 'Decide by'), deadline(view)],
    ]),
    open,
    details,
    message,
  );
  open.addEventListener('click', () => {
    if (open.getAttribute('aria-expanded') === 'true') {
      open.setAttribute('aria-expanded', 'false');
      details.replaceChildren();
      return;
    }
    void (async () => {
      const decider = await call<DeciderView>(message, 'GET', `/v1/inquiries/${view.inquiryId}`);
      if (decider === undefined) return;
      say(message, '', '', '');
      open.setAttribute('aria-expanded', 'true');
      details.replaceChildren(...deciderView(decider, message));
      details.querySelector<HTMLElement>('input')?.focus();
    })();
  });
  return item;
}

/** What the decider may see, and the decision form. */
function deciderView(view: DeciderView, message: HTMLElement): Node[] {
  const reference = view.legalBasisReference;
  const facts = definitions([
    [
      bilingual('申请人', 'Applicant'),
      `${inline(roleLabel(view.applicant.role))} ${view.applicant.org} (${view.applicant.sub})`,
    ],
    [
      bilingual('法律依据', 'Statute and article'),
      `${reference.statute} ${reference.article}${reference.title ? ` — ${reference.title}` : ''}`,
    ],
    [bilingual('申请事由', 'Reason'), view.reason],
    [bilingual('用途', 'Purpose'), view.purpose],
    [bilingual('案号', 'Case number'), view.caseNumber],
    [bilingual('被查询人', 'Person'), `${view.subject.name}  ${view.subject.nationalIdMasked}`],
    [
      bilingual('查阅范围', 'Scope asked'),
      view.scope?.details
        ? bilingual('含自由文本材料（如心理辅导记录）', 'with the free-form details')
        : undefined,
    ],
    [bilingual('审批期限', 'Decide by'), deadline(view)],
  ]);
  const mine = currentClaims()?.sub === view.applicant.sub;
  if (mine) {
    return [
      facts,
      make(
        'p',
        { className: 'message bad' },
        bilingual(
          '这是您本人提出的申请，须由其他同事审批。',
          'You made this application: a colleague must decide it.',
        ),
      ),
    ];
  }
  return [facts, decisionForm(view, message)];
}

function decisionForm(view: DeciderView, message: HTMLElement): HTMLFormElement {
  const name = uniqueId('decision');
  const reasonsId = uniqueId('reasons');
  const radio = (value: string, zh: string, en: string) => {
    const input = make('input', { attributes: { type: 'radio', name, value } });
    return make('label', { className: 'choice' }, input, bilingual(zh, en));
  };
  const reasons = make('textarea', { attributes: { id: reasonsId, name: 'reasons' } });
  const grant = view.scope?.details
    ? make('input', { attributes: { type: 'checkbox', name: 'details' } })
    : undefined;
  const form = make(
    'form',
    {},
    make(
      'fieldset',
      {},
      make('legend', {}, bilingual('决定', 'Decision')),
      radio('approve', '批准', 'Approve'),
      radio('refuse', '拒绝', 'Refuse'),
    ),
    make(
      'label',
      { attributes: { for: reasonsId } },
      bilingual('理由（拒绝时必填）', 'Reasons (required to refuse)'),
    ),
    reasons,
    ...(grant
      ? [
          make(
            'label',
            { className: 'choice' },
            grant,
            bilingual('准予查阅自由文本材料', 'Grant the free-form details asked for'),
          ),
        ]
      : []),
    make(
      'button',
      { attributes: { type: 'submit' } },
      bilingual('提交决定', 'Submit the decision'),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const decision = new FormData(form).get(name);
    const text = reasons.value.trim();
    if (decision === null) {
      say(message, 'bad', '请选择批准或拒绝。', 'Choose to approve or to refuse.');
      form.querySelector<HTMLInputElement>('input[type=radio]')?.focus();
      return;
    }
    if (decision === 'refuse' && text === '') {
      say(message, 'bad', '拒绝须说明理由。', 'Give the reasons for a refusal.');
      reasons.focus();
      return;
    }
    const button = form.querySelector('button');
    if (button) button.disabled = true;
    void (async () => {
      const decided = await call<InquiryView>(
        message,
        'POST',
        `/v1/inquiries/${view.inquiryId}/decision`,
        {
          decision,
          ...(text ? { reasons: text } : {}),
          ...(grant && decision === 'approve' ? { scope: { details: grant.checked } } : {}),
        },
      );
      if (button) button.disabled = false;
      if (decided === undefined) return;
      form.replaceWith(
        definitions([[bilingual('决定', 'Decision'), inline(statusLabel(decided.status))]]),
      );
      say(
        message,
        'ok',
        decided.status === 'approved' ? '已批准，批准文书已签署。' : '已拒绝，理由已记录。',
        decided.status === 'approved'
          ? 'Approved: the approval is signed.'
          : 'Refused: the reasons are recorded.',
      );
      message.tabIndex = -1;
      message.focus();
    })();
  });
  return form;
}

// ── Notices ─────────────────────────────────────────────────────────────────────────

const noticePager = new Pager(['通知分页', 'Pages of notices'], loadNotices);

async function loadNotices(cursor?: string): Promise<boolean> {
  const query = cursor ? `?${new URLSearchParams({ cursor })}` : '';
  const page = await call<{ notices: NoticeView[]; cursor?: string }>(
    'notices-message',
    'GET',
    `/v1/notices${query}`,
  );
  if (page === undefined) return false;
  noticePager.loaded(page.cursor);
  const open = (notice: NoticeView) => notice.status !== 'acknowledged';
  // Those still to confirm first, the overdue at the top.
  const rank = (notice: NoticeView) =>
    notice.status === 'overdue' ? 0 : notice.status === 'pending' ? 1 : 2;
  const notices = [...page.notices].sort(
    (a, b) => rank(a) - rank(b) || a.acknowledgeBy.localeCompare(b.acknowledgeBy),
  );
  const rows = tableRows(
    notices.map((notice) => [
      inline(noticeKindLabel(notice.kind)),
      notice.recordId,
      chinaTime(notice.at),
      chinaTime(notice.acknowledgeBy),
      inline(statusLabel(notice.status)),
      open(notice) ? confirmButton(notice) : '',
    ]),
  );
  rows.forEach((row, index) => {
    if (notices[index]?.status === 'overdue') row.className = 'overdue';
  });
  const table = element<HTMLTableElement>('notice-table');
  table.tBodies[0]?.replaceChildren(...rows);
  table.hidden = rows.length === 0;
  const waiting = notices.filter(open).length;
  if (rows.length === 0) {
    say('notices-message', 'ok', '没有通知。', 'No notices.');
  } else if (waiting === 0) {
    say('notices-message', 'ok', '所有通知均已确认。', 'Every notice is confirmed.');
  } else {
    say('notices-message', '', `${waiting} 件通知待确认。`, `${waiting} notices to confirm.`);
  }
  return true;
}

function confirmButton(notice: NoticeView): HTMLButtonElement {
  const button = make(
    'button',
    {
      attributes: {
        type: 'button',
        'aria-label': `确认通知 Confirm notice ${notice.noticeId.slice(0, 8)}`,
      },
    },
    bilingual('确认', 'Confirm'),
  );
  button.addEventListener('click', () => {
    button.disabled = true;
    void (async () => {
      const done = await call(
        'notices-message',
        'POST',
        `/v1/notices/${encodeURIComponent(notice.noticeId)}/acknowledgement`,
        {},
      );
      button.disabled = false;
      if (done === undefined) return;
      await loadNotices(noticePager.cursor);
      say('notices-message', 'ok', '已确认通知。', 'The notice is confirmed.');
      element('notices-heading').focus();
    })();
  });
  return button;
}

// ── Reviews ─────────────────────────────────────────────────────────────────────────

const reviewPager = new Pager(['复核分页', 'Pages of reviews'], loadReviews);

async function loadReviews(cursor?: string): Promise<boolean> {
  const query = pageQuery(REVIEW_PAGE, cursor);
  const page = await call<{ reviews: ReviewView[]; cursor?: string }>(
    'reviews-message',
    'GET',
    `/v1/reviews?${query}`,
  );
  if (page === undefined) return false;
  reviewPager.loaded(page.cursor);
  const rank = (review: ReviewView) =>
    review.status === 'overdue' ? 0 : review.status === 'pending' ? 1 : 2;
  const reviews = [...page.reviews].sort(
    (a, b) => rank(a) - rank(b) || a.decideBy.localeCompare(b.decideBy),
  );
  element('review-list').replaceChildren(...reviews.map(reviewItem));
  const open = reviews.filter((review) => review.status !== 'decided').length;
  if (reviews.length === 0) say('reviews-message', 'ok', '没有复核。', 'No reviews.');
  else say('reviews-message', '', `本页 ${open} 件待决定。`, `${open} on this page to decide.`);
  return true;
}

function reviewItem(review: ReviewView): HTMLLIElement {
  const headingId = uniqueId('review');
  const message = make('p', { className: 'message', attributes: { role: 'status' } });
  const heading = make(
    'h3',
    { attributes: { id: headingId } },
    bilingual(...reviewFlagLabel(review.flag)),
  );
  if (review.status === 'overdue') heading.append(badge('overdue', ['已逾期', 'Overdue']));
  const item = make(
    'li',
    {
      className: review.status === 'overdue' ? 'item overdue' : 'item',
      attributes: { 'aria-labelledby': headingId, 'data-review': review.reviewId },
    },
    heading,
    definitions([
      [bilingual('记录', 'Record'), review.recordId],
      [bilingual('引起复核的记录', 'Raised by record'), review.causedBy],
      [bilingual('提出时间', 'Opened'), chinaTime(review.openedAt)],
      [bilingual('决定期限', 'Decide by'), review.decideBy],
      [bilingual('状态', 'Status'), inline(statusLabel(review.status))],
      [bilingual('结论', 'Outcome'), review.outcome],
      [bilingual('理由', 'Reasons'), review.reasons],
    ]),
  );
  if (review.status !== 'decided') item.append(reviewForm(review, message));
  item.append(message);
  return item;
}

function reviewForm(review: ReviewView, message: HTMLElement): HTMLFormElement {
  const name = uniqueId('outcome');
  const reasonsId = uniqueId('review-reasons');
  const radio = (value: string, zh: string, en: string) =>
    make(
      'label',
      { className: 'choice' },
      make('input', { attributes: { type: 'radio', name, value } }),
      bilingual(zh, en),
    );
  const reasons = make('textarea', { attributes: { id: reasonsId } });
  const form = make(
    'form',
    {},
    make(
      'fieldset',
      {},
      make('legend', {}, bilingual('结论', 'Outcome')),
      radio('confirmed', '确认规则的认定', 'Confirm the reading'),
      radio('corrected', '记录已更正', 'Record corrected'),
    ),
    make('label', { attributes: { for: reasonsId } }, bilingual('理由', 'Reasons')),
    reasons,
    make(
      'button',
      { attributes: { type: 'submit' } },
      bilingual('提交复核决定', 'Decide the review'),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const outcome = new FormData(form).get(name);
    if (outcome === null || reasons.value.trim() === '') {
      say(message, 'bad', '请选择结论并说明理由。', 'Choose the outcome and give the reasons.');
      (outcome === null
        ? form.querySelector<HTMLInputElement>('input[type=radio]')
        : reasons
      )?.focus();
      return;
    }
    void (async () => {
      const decided = await call<ReviewView>(
        message,
        'POST',
        `/v1/reviews/${review.reviewId}/decision`,
        { outcome, reasons: reasons.value.trim() },
      );
      if (decided === undefined) return;
      form.replaceWith(definitions([[bilingual('结论', 'Outcome'), decided.outcome ?? '']]));
      say(message, 'ok', '复核已决定。', 'The review is decided.');
      message.tabIndex = -1;
      message.focus();
    })();
  });
  return form;
}

// ── Sealing applications ────────────────────────────────────────────────────────────

const sealingPager = new Pager(['封存申请分页', 'Pages of sealing applications'], loadSealing);

async function loadSealing(cursor?: string): Promise<boolean> {
  const query = pageQuery(SEALING_PAGE, cursor, { status: 'pending' });
  const page = await call<{ applications: SealingApplicationView[]; cursor?: string }>(
    'sealing-message',
    'GET',
    `/v1/sealing-applications?${query}`,
  );
  if (page === undefined) return false;
  sealingPager.loaded(page.cursor);
  // The API lists by deadline; the overdue ones first on the page.
  const ordered = [...page.applications].sort(
    (a, b) => Number(b.overdue) - Number(a.overdue) || a.decideBy.localeCompare(b.decideBy),
  );
  element('sealing-list').replaceChildren(...ordered.map(sealingItem));
  if (ordered.length === 0) {
    say('sealing-message', 'ok', '没有待决定的封存申请。', 'No sealing application to decide.');
  } else {
    const overdue = ordered.filter((view) => view.overdue).length;
    say(
      'sealing-message',
      overdue > 0 ? 'bad' : '',
      `本页 ${ordered.length} 件封存申请待决定${overdue > 0 ? `，其中 ${overdue} 件已逾期` : ''}。`,
      `${ordered.length} sealing applications on this page to decide${overdue > 0 ? `, ${overdue} overdue` : ''}.`,
    );
  }
  return true;
}

function sealingItem(view: SealingApplicationView): HTMLLIElement {
  const headingId = uniqueId('sealing');
  const detailsId = uniqueId('sealing-details');
  const heading = make(
    'h3',
    { attributes: { id: headingId } },
    bilingual('封存申请', 'Sealing application'),
    ` ${view.caseNumber}`,
  );
  if (view.overdue) heading.append(badge('overdue', ['已逾期', 'Overdue']));
  const open = make(
    'button',
    {
      className: 'secondary',
      attributes: { type: 'button', 'aria-expanded': 'false', 'aria-controls': detailsId },
    },
    bilingual('审阅封存申请', 'Read the sealing application'),
  );
  const details = make('div', { attributes: { id: detailsId } });
  const message = make('p', { className: 'message', attributes: { role: 'status' } });
  const item = make(
    'li',
    {
      className: view.overdue ? 'item overdue' : 'item',
      attributes: { 'aria-labelledby': headingId, 'data-sealing-application': view.applicationId },
    },
    heading,
    definitions([
      [bilingual('案号', 'Case number'), view.caseNumber],
      [bilingual('收到时间', 'Received'), chinaTime(view.receivedAt)],
      [bilingual('决定期限', 'Decide by'), deadline(view)],
    ]),
    open,
    details,
    message,
  );
  open.addEventListener('click', () => {
    if (open.getAttribute('aria-expanded') === 'true') {
      open.setAttribute('aria-expanded', 'false');
      details.replaceChildren();
      return;
    }
    open.setAttribute('aria-expanded', 'true');
    details.replaceChildren(
      definitions([
        [
          bilingual('申请人', 'Applicant'),
          view.applicant ? `${view.applicant.name}  ${view.applicant.nationalIdMasked}` : undefined,
        ],
        [bilingual('申请理由', 'Grounds'), view.grounds],
        [bilingual('决定期限', 'Decide by'), deadline(view)],
      ]),
      sealingForm(view, message),
    );
    details.querySelector<HTMLElement>('input')?.focus();
  });
  return item;
}

/** Seal or refuse, the reasons required either way: the person reads them. */
function sealingForm(view: SealingApplicationView, message: HTMLElement): HTMLFormElement {
  const name = uniqueId('sealing-decision');
  const reasonsId = uniqueId('sealing-reasons');
  const radio = (value: string, [zh, en]: readonly [string, string]) =>
    make(
      'label',
      { className: 'choice' },
      make('input', { attributes: { type: 'radio', name, value } }),
      bilingual(zh, en),
    );
  const reasons = make('textarea', { attributes: { id: reasonsId, name: 'reasons' } });
  const form = make(
    'form',
    {},
    make(
      'fieldset',
      {},
      make('legend', {}, bilingual('决定', 'Decision')),
      radio('seal', sealingDecisionLabel('seal')),
      radio('refuse', sealingDecisionLabel('refuse')),
    ),
    make(
      'label',
      { attributes: { for: reasonsId } },
      bilingual('理由（必填，申请人可见）', 'Reasons (required; the applicant reads them)'),
    ),
    reasons,
    make(
      'button',
      { attributes: { type: 'submit' } },
      bilingual('提交封存决定', 'Submit the sealing decision'),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const decision = new FormData(form).get(name);
    const text = reasons.value.trim();
    if (decision === null) {
      say(message, 'bad', '请选择予以封存或不予封存。', 'Choose to seal or to refuse.');
      form.querySelector<HTMLInputElement>('input[type=radio]')?.focus();
      return;
    }
    if (text === '') {
      say(message, 'bad', '请说明理由。', 'Give the reasons for the decision.');
      reasons.focus();
      return;
    }
    const button = form.querySelector('button');
    if (button) button.disabled = true;
    void (async () => {
      const decided = await call<SealingApplicationView>(
        message,
        'POST',
        `/v1/sealing-applications/${encodeURIComponent(view.applicationId)}/decision`,
        { decision, reasons: text },
      );
      if (button) button.disabled = false;
      if (decided === undefined) return;
      form.replaceWith(
        definitions([
          [
            bilingual('决定', 'Decision'),
            inline(sealingDecisionLabel(decided.decision?.decision ?? String(decision))),
          ],
        ]),
      );
      say(
        message,
        'ok',
        decision === 'seal'
          ? '已决定封存，封存由封存服务执行。'
          : '已决定不予封存，理由已告知申请人。',
        decision === 'seal'
          ? 'Decided to seal: the sealing service carries it out.'
          : 'Refused: the applicant is told the reasons.',
      );
      message.tabIndex = -1;
      message.focus();
    })();
  });
  return form;
}

// ── Wiring ──────────────────────────────────────────────────────────────────────────

async function loadBases(): Promise<boolean> {
  const registry = await call<{ bases: LegalBasis[] }>('sign-in-message', 'GET', '/v1/legal-bases');
  if (registry === undefined) return false;
  bases.clear();
  for (const basis of registry.bases) bases.set(basis.id, basis);
  return true;
}

async function open(_claims: Claims): Promise<boolean> {
  if (!(await loadBases())) return false;
  inquiryPager.reset();
  reviewPager.reset();
  noticePager.reset();
  sealingPager.reset();
  const loaded = await Promise.all([loadInquiries(), loadNotices(), loadReviews(), loadSealing()]);
  return loaded.some(Boolean);
}

element('inquiry-pager').append(inquiryPager.controls);
element('notice-pager').append(noticePager.controls);
element('review-pager').append(reviewPager.controls);
element('sealing-pager').append(sealingPager.controls);
element('refresh-inquiries').addEventListener(
  'click',
  () => void loadInquiries(inquiryPager.cursor),
);
element('refresh-notices').addEventListener('click', () => void loadNotices(noticePager.cursor));
element('refresh-reviews').addEventListener('click', () => void loadReviews(reviewPager.cursor));
element('refresh-sealing').addEventListener('click', () => void loadSealing(sealingPager.cursor));
for (const id of ['notices-heading']) element(id).tabIndex = -1;

wireSignIn({
  roles: AGENCY_ROLES,
  open,
  sections: ['sections', 'inquiries', 'notices', 'reviews', 'sealing-applications'],
});
