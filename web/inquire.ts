/**
 * The applicant's desk (`web/inquire.html`, served at `/inquire`): a unit (or a court,
 * procuratorate or police applying for a case) —
 *
 * - chooses a legal basis from the registry (`GET /v1/legal-bases`), sees its statute and what
 *   a letter under it reports, addresses one organisation (`agency: {role, org}`; suggestions
 *   from `GET /v1/agencies` where the directory exists) and applies (`POST /v1/inquiries`);
 * - follows each application's status and deadline (`GET /v1/inquiries/{id}`);
 * - reads and accepts the notice on use (`POST /v1/inquiries/{id}/acknowledgement`);
 * - fetches the letter (`GET /v1/inquiries/{id}/result`), checks it offline against the
 *   issuer's trust bundle with the verifier of the verification page, saves it and prints it
 *   (`POST /v1/documents/pdf`). A judicial organ's full file is listed instead.
 *
 * The applications of the session are remembered in memory only; nothing is stored in the
 * browser.
 */
import { parseTrustBundle, type TrustBundle } from '#shared/domain/credential/didDocument.ts';
import { verifyDocument } from '#shared/domain/credential/verifyDocument.ts';
import { penaltyLabels } from '#shared/domain/paper/labels.ts';
import { type RegistryBasis, reportsOf } from './lib/basisReports.ts';
import { call } from './lib/call.ts';
import {
  bilingual,
  chinaTime,
  definitions,
  element,
  make,
  offerDownload,
  say,
  tableRows,
  uniqueId,
} from './lib/dom.ts';
import { failure } from './lib/failure.ts';
import { inline, roleLabel, statusLabel } from './lib/labels.ts';
import { api, type Claims, problemOf } from './lib/session.ts';
import { wireSignIn } from './lib/signIn.ts';

const INQUIRER_ROLES = ['unit', 'court', 'procuratorate', 'police'] as const;

type InquiryView = {
  inquiryId: string;
  status: string;
  decideBy: string;
  calendar: 'official' | 'provisional';
  overdue: boolean;
  legalBasis: string;
  agency: { role: string; org: string };
  receivedAt?: string;
  reasons?: string;
  notice?: { text: { zh: string; en: string }; basis: string; accepted: boolean };
};

type FullFileRecord = {
  recordId: string;
  recordType: string;
  sealed: boolean;
  caseNumber: string;
  offenceDate: string;
  effectiveDate: string;
  sentence?: { penalty: string; months?: number };
};

let bases: RegistryBasis[] = [];
let trustBundle: TrustBundle | undefined;
/** This session's applications, newest first: IDs only. */
const applications: string[] = [];

// ── The application form ─────────────────────────────────────────────────────────────

function chosenBasis(): RegistryBasis | undefined {
  const id = element<HTMLSelectElement>('basis').value;
  return bases.find((basis) => basis.id === id);
}

/** The chosen basis's statute and what its letters report; the addressees it allows. */
function showBasis(): void {
  const basis = chosenBasis();
  const details = element('basis-details');
  if (basis === undefined) {
    details.replaceChildren();
    return;
  }
  const reports = make('ul', { className: 'reports' });
  for (const [zh, en] of reportsOf(basis)) reports.append(make('li', {}, bilingual(zh, en)));
  details.replaceChildren(
    make('p', {}, make('strong', {}, `${basis.statute} ${basis.article}`), ` — ${basis.title}`),
    ...(basis.bar ? [make('p', { className: 'hint' }, basis.bar)] : []),
    make(
      'p',
      {},
      basis.disclosure === 'full-file'
        ? bilingual('可查阅：', 'Discloses:')
        : bilingual('查询结果函报告：', 'A letter under it reports:'),
    ),
    reports,
    ...(basis.readings ?? []).map((reading) =>
      make('p', { className: 'hint' }, `${reading.question} — ${reading.reading}`),
    ),
  );
  const role = element<HTMLSelectElement>('agency-role');
  const previous = role.value;
  role.replaceChildren(
    ...basis.addressees.map((code) =>
      make('option', { attributes: { value: code } }, inline(roleLabel(code))),
    ),
  );
  if (basis.addressees.includes(previous)) role.value = previous;
  element('case-fields').hidden = basis.disclosure !== 'full-file';
  void suggestOrganisations();
}

/** Organisations of the chosen kind from the agency directory, where it exists. */
let directory: { org: string; role: string; name?: string }[] | undefined;

async function loadDirectory(): Promise<void> {
  try {
    const response = await api('GET', '/v1/agencies');
    if (!response.ok) return;
    const answer = (await response.json()) as { agencies?: typeof directory };
    directory = Array.isArray(answer.agencies) ? answer.agencies : undefined;
  } catch {
    directory = undefined;
  }
}

async function suggestOrganisations(): Promise<void> {
  const role = element<HTMLSelectElement>('agency-role').value;
  element('agency-orgs').replaceChildren(
    ...(directory ?? [])
      .filter((agency) => agency.role === role)
      .map((agency) =>
        make('option', { attributes: { value: agency.org } }, agency.name ?? agency.org),
      ),
  );
}

async function apply(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const basis = chosenBasis();
  const value = (id: string) => element<HTMLInputElement>(id).value.trim();
  const missing = (
    [
      ['agency-org', '受理机关', 'organisation addressed'],
      ['subject-id', '身份证号码', 'ID number'],
      ['subject-name', '姓名', 'name'],
      ['reason', '申请事由', 'reason'],
      ['purpose', '用途', 'purpose'],
      ...(basis?.disclosure === 'full-file' ? [['case-number', '案号', 'case number']] : []),
    ] as const
  ).filter(([id]) => value(id) === '');
  if (basis === undefined || missing.length > 0) {
    say(
      'apply-message',
      'bad',
      `请填写：${missing.map(([, zh]) => zh).join('、') || '法律依据'}。`,
      `Please fill in: ${missing.map(([, , en]) => en).join(', ') || 'legal basis'}.`,
    );
    element(missing[0]?.[0] ?? 'basis').focus();
    return;
  }
  const body = {
    subject: { nationalId: value('subject-id').toUpperCase(), name: value('subject-name') },
    agency: { role: element<HTMLSelectElement>('agency-role').value, org: value('agency-org') },
    legalBasis: basis.id,
    reason: value('reason'),
    purpose: value('purpose'),
    ...(basis.disclosure === 'full-file'
      ? {
          caseNumber: value('case-number'),
          ...(element<HTMLInputElement>('scope-details').checked
            ? { scope: { details: true } }
            : {}),
        }
      : {}),
  };
  const submit = element<HTMLFormElement>('apply-form').querySelector('button[type=submit]');
  if (submit instanceof HTMLButtonElement) submit.disabled = true;
  const applied = await call<{ inquiryId: string; decideBy: string }>(
    'apply-message',
    'POST',
    '/v1/inquiries',
    body,
  );
  if (submit instanceof HTMLButtonElement) submit.disabled = false;
  if (applied === undefined) return;
  // The person's ID and name leave the form once sent: the page keeps the application's number.
  for (const id of ['subject-id', 'subject-name', 'reason', 'case-number']) {
    element<HTMLInputElement>(id).value = '';
  }
  say(
    'apply-message',
    'ok',
    `已提交，申请编号 ${applied.inquiryId}，审批期限 ${applied.decideBy}。`,
    `Submitted: application ${applied.inquiryId}, to be decided by ${applied.decideBy}.`,
  );
  await openApplication(applied.inquiryId);
}

// ── Applications ────────────────────────────────────────────────────────────────────

async function openApplication(inquiryId: string): Promise<void> {
  const view = await call<InquiryView>(
    'applications-message',
    'GET',
    `/v1/inquiries/${encodeURIComponent(inquiryId)}`,
  );
  if (view === undefined) return;
  say('applications-message', '', '', '');
  if (!applications.includes(view.inquiryId)) applications.unshift(view.inquiryId);
  const list = element('application-list');
  const existing = list.querySelector(`[data-inquiry="${CSS.escape(view.inquiryId)}"]`);
  const item = applicationItem(view);
  if (existing) existing.replaceWith(item);
  else list.prepend(item);
}

function applicationItem(view: InquiryView): HTMLLIElement {
  const headingId = uniqueId('application');
  const message = make('p', { className: 'message', attributes: { role: 'status' } });
  const basis = bases.find((entry) => entry.id === view.legalBasis);
  const heading = make(
    'h3',
    { attributes: { id: headingId } },
    bilingual('申请', 'Application'),
    ` ${view.inquiryId}`,
  );
  const deadline = make('span', {}, view.decideBy);
  if (view.overdue) {
    deadline.append(make('span', { className: 'badge overdue' }, bilingual('已逾期', 'Overdue')));
  }
  if (view.calendar === 'provisional') {
    deadline.append(
      make('span', { className: 'badge provisional' }, bilingual('暂定', 'Provisional')),
    );
  }
  const item = make(
    'li',
    {
      className: view.overdue ? 'item overdue' : 'item',
      attributes: { 'aria-labelledby': headingId, 'data-inquiry': view.inquiryId },
    },
    heading,
    definitions([
      [
        bilingual('法律依据', 'Legal basis'),
        basis ? `${basis.statute} ${basis.article}` : view.legalBasis,
      ],
      [
        bilingual('受理机关', 'Addressed to'),
        `${inline(roleLabel(view.agency.role))} ${view.agency.org}`,
      ],
      [bilingual('状态', 'Status'), inline(statusLabel(view.status))],
      [bilingual('审批期限', 'Decide by'), deadline],
      [bilingual('理由', 'Reasons'), view.reasons],
    ]),
  );
  const refresh = make(
    'button',
    { className: 'secondary', attributes: { type: 'button' } },
    bilingual('刷新状态', 'Check the status'),
  );
  refresh.addEventListener('click', () => void openApplication(view.inquiryId));
  if (view.notice && !view.notice.accepted) item.append(noticeForm(view, message));
  if (view.notice?.accepted) item.append(resultPanel(view, message));
  item.append(refresh, message);
  return item;
}

/** IM art. 17: the notice binds the result to the stated purpose and to confidentiality. */
function noticeForm(view: InquiryView, message: HTMLElement): HTMLFormElement {
  const notice = view.notice as NonNullable<InquiryView['notice']>;
  const checkbox = make('input', { attributes: { type: 'checkbox' } });
  const form = make(
    'form',
    {},
    make('h4', {}, bilingual('使用告知', 'Notice on use'), ` (${notice.basis})`),
    make('blockquote', { className: 'notice', attributes: { lang: 'zh-CN' } }, notice.text.zh),
    make('blockquote', { className: 'notice', attributes: { lang: 'en' } }, notice.text.en),
    make(
      'label',
      { className: 'choice' },
      checkbox,
      bilingual('我已阅读并接受上述告知', 'I have read the notice and accept it'),
    ),
    make('button', { attributes: { type: 'submit' } }, bilingual('接受告知', 'Accept the notice')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!checkbox.checked) {
      say(message, 'bad', '请先勾选接受告知。', 'Tick the box to accept the notice first.');
      checkbox.focus();
      return;
    }
    void (async () => {
      const accepted = await call(
        message,
        'POST',
        `/v1/inquiries/${view.inquiryId}/acknowledgement`,
        { accepted: true },
      );
      if (accepted === undefined) return;
      await openApplication(view.inquiryId);
      const item = document.querySelector<HTMLElement>(
        `[data-inquiry="${CSS.escape(view.inquiryId)}"] .result button`,
      );
      item?.focus();
    })();
  });
  return form;
}

/** Fetches the result: a letter is checked offline, offered as a file and printed. */
function resultPanel(view: InquiryView, message: HTMLElement): HTMLElement {
  const output = make('div', { className: 'result-output', attributes: { 'aria-live': 'polite' } });
  const fetchButton = make(
    'button',
    { attributes: { type: 'button' } },
    bilingual('获取查询结果', 'Get the result'),
  );
  const panel = make('div', { className: 'result' }, fetchButton, output);
  fetchButton.addEventListener('click', () => {
    void (async () => {
      const result = await call<{ letter?: string; records?: FullFileRecord[] }>(
        message,
        'GET',
        `/v1/inquiries/${view.inquiryId}/result`,
      );
      if (result === undefined) return;
      if (typeof result.letter === 'string') {
        await showLetter(result.letter, view.inquiryId, output, message);
      } else if (Array.isArray(result.records)) {
        showRecords(result.records, output, message);
      }
    })();
  });
  return panel;
}

async function pinnedBundle(): Promise<TrustBundle | undefined> {
  if (trustBundle) return trustBundle;
  const response = await fetch('/v1/trust-bundle', { cache: 'no-store' });
  if (!response.ok) return undefined;
  trustBundle = parseTrustBundle(await response.json());
  return trustBundle;
}

async function showLetter(
  letter: string,
  inquiryId: string,
  output: HTMLElement,
  message: HTMLElement,
): Promise<void> {
  const bundle = await pinnedBundle().catch(() => undefined);
  if (bundle === undefined) {
    say(message, 'bad', ...failure(503, {}));
    return;
  }
  const verdict = await verifyDocument(letter, bundle);
  if (verdict.kind !== 'letter' || !verdict.valid) {
    say(
      message,
      'bad',
      '收到的结果函未通过核验，请勿使用，并联系受理机关。',
      'The letter received did not verify: do not use it, and contact the organisation.',
    );
    return;
  }
  const facts = verdict.letter;
  const onFile = facts.statement === 'criminal-record-on-file';
  const rows = facts.convictions.map((conviction) => {
    const [zh, en] = penaltyLabels[conviction.penalty];
    return [
      conviction.offences.join('、'),
      `${zh} · ${en}`,
      conviction.months === undefined ? '—' : `${conviction.months} 个月 · months`,
      conviction.effectiveDate,
    ];
  });
  const saveLink = make(
    'a',
    { attributes: { href: '#' } },
    bilingual('保存结果函（JWT）', 'Save the letter (JWT)'),
  );
  saveLink.hidden = true;
  const pdfLink = make('a', { attributes: { href: '#' } }, bilingual('保存 PDF', 'Save the PDF'));
  pdfLink.hidden = true;
  const saveButton = make(
    'button',
    { className: 'secondary', attributes: { type: 'button' } },
    bilingual('下载结果函', 'Download the letter'),
  );
  const printButton = make(
    'button',
    { className: 'secondary', attributes: { type: 'button' } },
    bilingual('打印（PDF）', 'Print (PDF)'),
  );
  saveButton.addEventListener('click', () => {
    offerDownload(
      saveLink,
      new Blob([letter], { type: 'application/jwt' }),
      `letter-${inquiryId}.jwt`,
    );
  });
  printButton.addEventListener(
    'click',
    () => void printLetter(letter, inquiryId, pdfLink, message),
  );
  output.replaceChildren(
    make(
      'p',
      { className: 'message ok' },
      bilingual('结果函已通过离线核验。', 'The letter verified offline against the issuer’s keys.'),
    ),
    definitions([
      [
        bilingual('结论', 'Statement'),
        onFile
          ? bilingual('有犯罪记录在案', 'Criminal record on file')
          : bilingual('无犯罪记录', 'No criminal record on file'),
      ],
      [bilingual('姓名（申请所述）', 'Name as stated'), facts.nameAsStated],
      [bilingual('身份证号码', 'ID number'), facts.nationalIdMasked],
      [bilingual('用途', 'Purpose'), facts.purpose],
      [bilingual('查询时间', 'Checked at'), chinaTime(facts.checkedAt)],
    ]),
    ...(onFile
      ? [
          (() => {
            const table = make(
              'table',
              {},
              make('caption', {}, bilingual('在案的定罪记录', 'Convictions on file')),
              make(
                'thead',
                {},
                make(
                  'tr',
                  {},
                  ...(
                    [
                      ['罪名', 'Offences'],
                      ['刑罚', 'Penalty'],
                      ['刑期', 'Term'],
                      ['生效日期', 'Effective'],
                    ] as const
                  ).map(([zh, en]) =>
                    make('th', { attributes: { scope: 'col' } }, bilingual(zh, en)),
                  ),
                ),
              ),
              make('tbody', {}, ...tableRows(rows)),
            );
            return table;
          })(),
        ]
      : []),
    saveButton,
    printButton,
    make('p', {}, saveLink, ' ', pdfLink),
  );
  say(message, '', '', '');
}

async function printLetter(
  letter: string,
  inquiryId: string,
  link: HTMLAnchorElement,
  message: HTMLElement,
): Promise<void> {
  say(message, '', '正在生成…', 'Preparing…');
  let printed: Response;
  try {
    printed = await api('POST', '/v1/documents/pdf', {
      body: { document: letter },
      accept: 'application/pdf',
    });
  } catch {
    say(message, 'bad', ...failure(0, {}));
    return;
  }
  if (printed.status !== 200) {
    say(message, 'bad', ...failure(printed.status, await problemOf(printed)));
    return;
  }
  offerDownload(link, await printed.blob(), `letter-${inquiryId}.pdf`);
  say(
    message,
    'ok',
    '结果函 PDF 已生成，请保存并打印。',
    'The letter’s PDF is ready: save it and print it.',
  );
}

function showRecords(records: FullFileRecord[], output: HTMLElement, message: HTMLElement): void {
  const rows = records.map((record) => [
    record.caseNumber,
    record.recordType,
    record.sealed ? inline(statusLabel('sealed')) : '—',
    record.offenceDate,
    record.effectiveDate,
    record.sentence
      ? `${inline(penaltyLabels[record.sentence.penalty as keyof typeof penaltyLabels] ?? [record.sentence.penalty, record.sentence.penalty])}${record.sentence.months ? ` ${record.sentence.months}` : ''}`
      : '—',
  ]);
  output.replaceChildren(
    make(
      'table',
      {},
      make('caption', {}, bilingual('受理机关保存的记录', 'Records the organisation holds')),
      make(
        'thead',
        {},
        make(
          'tr',
          {},
          ...(
            [
              ['案号', 'Case number'],
              ['类别', 'Type'],
              ['封存', 'Sealed'],
              ['犯罪日期', 'Offence'],
              ['生效日期', 'Effective'],
              ['刑罚', 'Sentence'],
            ] as const
          ).map(([zh, en]) => make('th', { attributes: { scope: 'col' } }, bilingual(zh, en))),
        ),
      ),
      make('tbody', {}, ...tableRows(rows)),
    ),
  );
  say(
    message,
    'ok',
    `共 ${records.length} 条记录。仅供办案使用。`,
    `${records.length} records, for handling the case only.`,
  );
}

// ── Wiring ──────────────────────────────────────────────────────────────────────────

async function open(claims: Claims): Promise<boolean> {
  const registry = await call<{ bases: RegistryBasis[] }>(
    'sign-in-message',
    'GET',
    '/v1/legal-bases',
  );
  if (registry === undefined) return false;
  bases = registry.bases.filter((basis) => basis.inquirers.includes(claims.role));
  element<HTMLSelectElement>('basis').replaceChildren(
    ...bases.map((basis) =>
      make(
        'option',
        { attributes: { value: basis.id } },
        `${basis.statute} ${basis.article} — ${basis.title}`,
      ),
    ),
  );
  await loadDirectory();
  showBasis();
  return true;
}

element<HTMLSelectElement>('basis').addEventListener('change', showBasis);
element<HTMLSelectElement>('agency-role').addEventListener(
  'change',
  () => void suggestOrganisations(),
);
element<HTMLFormElement>('apply-form').addEventListener('submit', (event) => void apply(event));
element<HTMLFormElement>('open-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const field = element<HTMLInputElement>('open-id');
  const id = field.value.trim();
  if (!/^[0-9a-f-]{36}$/i.test(id)) {
    say('applications-message', 'bad', '申请编号格式不对。', 'That is not an application number.');
    field.focus();
    return;
  }
  void openApplication(id);
});

wireSignIn({ roles: INQUIRER_ROLES, open, sections: ['apply', 'applications'] });
