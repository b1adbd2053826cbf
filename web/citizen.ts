/**
 * The citizen's page (`web/citizen.html`): a bearer token in, then the certificate offered to
 * the phone's wallet as a QR code (`POST /v1/certificates/offers`) and the person's access log
 * (`GET /v1/me/access-log`), and the certificate as a printable PDF whose QR code is the
 * signed credential (`POST /v1/documents/pdf`), in Chinese and English. It calls only the API
 * of the origin that serves it; every string from the API reaches the page through
 * `textContent` or as an image, never as markup. The token lives in this module's memory, never in storage.
 */
import { Pager, pageQuery } from './lib/pager.ts';

type Problem = { code?: string; status?: number; errors?: { path: string }[] };
type AccessLogEntry = {
  at: string;
  inquirer: { role: string; org: string };
  legalBasis: string;
  purpose: string;
  status: string;
};

const roleLabels: Record<string, string> = {
  unit: '单位 · Unit',
  court: '法院 · Court',
  procuratorate: '检察院 · Procuratorate',
  police: '公安机关 · Police',
};
const statusLabels: Record<string, string> = {
  pending: '待审批 · Pending',
  approved: '已批准 · Approved',
  refused: '已拒绝 · Refused',
};

let token: string | undefined;

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} is missing`);
  return found as T;
}

function say(id: string, kind: 'ok' | 'bad' | '', zh: string, en: string): void {
  const target = element(id);
  target.className = `message ${kind}`.trim();
  target.replaceChildren();
  if (!zh && !en) return;
  const english = document.createElement('span');
  english.lang = 'en';
  english.className = 'en';
  english.textContent = en;
  target.append(`${zh} `, english);
}

async function api(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(path, {
    method,
    headers: {
      authorization: `Bearer ${token ?? ''}`,
      ...(body === undefined
        ? {}
        : { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function problemOf(response: Response): Promise<Problem> {
  try {
    return (await response.json()) as Problem;
  } catch {
    return {};
  }
}

/** The answer to a failed call, in both languages: codes only, never server text. */
function failure(status: number, problem: Problem): [string, string] {
  if (status === 401)
    return ['登录已失效，请重新登录。', 'Your sign-in is not valid; sign in again.'];
  if (status === 403)
    return ['此令牌不是已核验身份的公民令牌。', 'This token is not a verified citizen’s token.'];
  if (problem.code === 'record-on-file') {
    return [
      '无法出具无犯罪记录证明：有犯罪记录在案。可向公安机关申请不予出具的书面通知。',
      'A certificate cannot be issued: a criminal record is on file. The public security organ can give you a written notice of refusal.',
    ];
  }
  if (problem.errors?.some((error) => error.path === 'justification')) {
    return [
      '本年度已申请三次，请填写理由（至少10个字）。',
      'You have applied three times this year: please give a reason (at least 10 characters).',
    ];
  }
  if (status === 503 || status === 429) {
    return [
      '服务暂时不可用，请稍后重试。没有签发任何内容。',
      'The service is unavailable; nothing was issued. Try again later.',
    ];
  }
  return ['请求未能完成。', 'The request could not be completed.'];
}

/** Inquiries a page of the access log. */
const ACCESS_LOG_PAGE = 10;
const accessLogPager = new Pager(['查询记录分页', 'Pages of the access log'], (cursor) =>
  loadAccessLog('access-log-message', cursor),
);

/** Reads a page of the access log into the table; on failure, says why in `messageId`. */
async function loadAccessLog(messageId = 'access-log-message', cursor?: string): Promise<boolean> {
  let response: Response;
  try {
    response = await api('GET', `/v1/me/access-log?${pageQuery(ACCESS_LOG_PAGE, cursor)}`);
  } catch {
    say(messageId, 'bad', ...failure(503, {}));
    return false;
  }
  if (!response.ok) {
    say(messageId, 'bad', ...failure(response.status, await problemOf(response)));
    return false;
  }
  const page = (await response.json()) as { entries: AccessLogEntry[]; cursor?: string };
  const { entries } = page;
  accessLogPager.loaded(page.cursor);
  const table = element<HTMLTableElement>('access-log-table');
  const rows = entries.map((entry) => {
    const row = document.createElement('tr');
    for (const text of [
      new Date(entry.at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }),
      `${roleLabels[entry.inquirer.role] ?? entry.inquirer.role} ${entry.inquirer.org}`,
      entry.legalBasis,
      entry.purpose,
      statusLabels[entry.status] ?? entry.status,
    ]) {
      const cell = document.createElement('td');
      cell.textContent = text;
      row.append(cell);
    }
    return row;
  });
  table.tBodies[0]?.replaceChildren(...rows);
  table.hidden = rows.length === 0;
  if (rows.length === 0 && cursor === undefined) {
    say('access-log-message', 'ok', '没有人查询过您的记录。', 'Nobody has inquired about you.');
  } else {
    say('access-log-message', '', '', '');
  }
  return true;
}

async function signIn(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const field = element<HTMLTextAreaElement>('token');
  token = field.value.trim().replace(/^Bearer\s+/i, '');
  field.value = '';
  accessLogPager.reset();
  const signedIn = await loadAccessLog('sign-in-message');
  element('certificate').hidden = !signedIn;
  element('access-log').hidden = !signedIn;
  if (signedIn) say('sign-in-message', 'ok', '已登录。', 'Signed in.');
}

async function requestOffer(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  element('offer').hidden = true;
  say('offer-message', '', '', '');
  const justification = element<HTMLTextAreaElement>('justification').value.trim();
  let response: Response;
  try {
    response = await api('POST', '/v1/certificates/offers', {
      purpose: element<HTMLSelectElement>('purpose').value,
      ...(justification ? { justification } : {}),
    });
  } catch {
    say('offer-message', 'bad', ...failure(503, {}));
    return;
  }
  if (response.status !== 201) {
    say('offer-message', 'bad', ...failure(response.status, await problemOf(response)));
    return;
  }
  const offer = (await response.json()) as {
    credentialOfferUri: string;
    qrSvg: string;
    expiresAt: string;
  };
  // As an image: an SVG shown through <img> runs no script and loads nothing.
  const svg = new TextEncoder().encode(offer.qrSvg);
  element<HTMLImageElement>('offer-qr').src =
    `data:image/svg+xml;base64,${btoa(String.fromCharCode(...svg))}`;
  if (offer.credentialOfferUri.startsWith('openid-credential-offer://')) {
    element<HTMLAnchorElement>('offer-link').href = offer.credentialOfferUri;
  }
  const expiry = new Date(offer.expiresAt).toLocaleTimeString('zh-CN', {
    timeZone: 'Asia/Shanghai',
  });
  element('offer-expiry').textContent =
    `有效至 ${expiry} · Valid until ${expiry} (China Standard Time)`;
  element('offer').hidden = false;
  say(
    'offer-message',
    'ok',
    '证明已准备好，请扫码领取。',
    'The certificate is ready: scan the code.',
  );
}

/**
 * The certificate as printable paper: issued (`POST /v1/certificates`, counted like any
 * request), then rendered by `POST /v1/documents/pdf` and offered as a download.
 */
async function requestPrintable(): Promise<void> {
  element('print-download').hidden = true;
  say('print-message', '', '正在生成…', 'Preparing…');
  const justification = element<HTMLTextAreaElement>('justification').value.trim();
  let issued: Response;
  try {
    issued = await api('POST', '/v1/certificates', {
      purpose: element<HTMLSelectElement>('purpose').value,
      ...(justification ? { justification } : {}),
    });
  } catch {
    say('print-message', 'bad', ...failure(503, {}));
    return;
  }
  if (issued.status !== 201) {
    say('print-message', 'bad', ...failure(issued.status, await problemOf(issued)));
    return;
  }
  const { credential } = (await issued.json()) as { credential: string };
  let printed: Response;
  try {
    printed = await fetch('/v1/documents/pdf', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token ?? ''}`,
        'content-type': 'application/json',
        accept: 'application/pdf',
      },
      body: JSON.stringify({ document: credential }),
    });
  } catch {
    say('print-message', 'bad', ...failure(503, {}));
    return;
  }
  if (printed.status !== 200) {
    say('print-message', 'bad', ...failure(printed.status, await problemOf(printed)));
    return;
  }
  const link = element<HTMLAnchorElement>('print-link');
  if (link.href.startsWith('blob:')) URL.revokeObjectURL(link.href);
  link.href = URL.createObjectURL(await printed.blob());
  element('print-download').hidden = false;
  say(
    'print-message',
    'ok',
    '证明已生成，请保存并打印。',
    'The certificate is ready: save it and print it.',
  );
  link.click();
}

element('print-button').addEventListener('click', () => {
  void requestPrintable();
});
element<HTMLFormElement>('sign-in-form').addEventListener('submit', (event) => {
  void signIn(event);
});
element<HTMLFormElement>('offer-form').addEventListener('submit', (event) => {
  void requestOffer(event);
});
element('refresh-access-log').addEventListener('click', () => {
  void loadAccessLog('access-log-message', accessLogPager.cursor);
});
element('access-log-pager').append(accessLogPager.controls);
