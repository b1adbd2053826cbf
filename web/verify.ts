/**
 * The offline verification page (`web/verify.html`): a pinned trust bundle and a credential in,
 * a verdict out, with the same `verifyCredential` the CLI and the API tests use. Nothing here
 * touches the network — the page's Content-Security-Policy forbids it anyway — and every
 * untrusted string reaches the page through `textContent`, never as markup.
 */
import { calculateJwkThumbprint } from 'jose';
import type { Purpose } from '#shared/domain/credential/claims.ts';
import {
  InvalidTrustBundleError,
  parseTrustBundle,
  type TrustBundle,
} from '#shared/domain/credential/didDocument.ts';
import {
  type VerdictCode,
  type VerifiedCertificate,
  verifyCredential,
} from '#shared/domain/credential/verifyCredential.ts';

const STORAGE_KEY = 'no-criminal-record-verify/trust-bundle/v1';
/** A credential is about 1 KB, a trust bundle a few KB; anything far larger is not one. */
const MAX_CREDENTIAL_FILE_BYTES = 64 * 1024;
const MAX_BUNDLE_FILE_BYTES = 1024 * 1024;

/** Plain-language Chinese for each reason; the English comes from the verifier itself. */
const reasonsZh: Record<VerdictCode, string> = {
  malformed: '证书内容损坏或不完整，无法读取。',
  'unsupported-algorithm': '证书使用了不被接受的签名算法。',
  'invalid-header': '证书头部与本系统签发的格式不符。',
  'unknown-issuer': '签发者不在信任包中，不是受信任的签发机关。',
  'unknown-key': '签名所用的密钥不在信任包中。如签发机关近期更换了密钥，请获取最新的信任包。',
  'key-not-authorized': '签名所用的密钥未被授权签发证书。',
  'bad-signature': '签名不符：证书在签发后被改动过，或是伪造的。',
  'invalid-claims': '证书虽有签名，但内容不是规定格式的无犯罪记录证明。',
  'not-yet-valid': '证书尚未生效。',
  expired: '证书已过期，请持证人重新申请。',
};

const purposeLabels: Record<Purpose, [zh: string, en: string]> = {
  employment: ['就业', 'Employment'],
  education: ['入学', 'Education'],
  'military-service': ['服兵役', 'Military service'],
  licensing: ['资格许可', 'Licensing'],
  travel: ['出行', 'Travel'],
  other: ['其他', 'Other'],
};

type PinnedBundle = { bundle: TrustBundle; pinnedAt: string };

function element<T extends HTMLElement>(id: string, type: new () => T): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`verify.html is missing #${id}`);
  return found;
}

const ui = {
  credentialForm: element('credential-form', HTMLFormElement),
  credentialText: element('credential-text', HTMLTextAreaElement),
  credentialFile: element('credential-file', HTMLInputElement),
  verdict: element('verdict', HTMLDivElement),
  bundleSection: element('bundle-section', HTMLDetailsElement),
  bundleStatus: element('bundle-status', HTMLDivElement),
  bundleForm: element('bundle-form', HTMLFormElement),
  bundleFile: element('bundle-file', HTMLInputElement),
  bundleText: element('bundle-text', HTMLTextAreaElement),
  forgetButton: element('forget-button', HTMLButtonElement),
};

let pinned: PinnedBundle | undefined;
/** Bumped on every input change, so a verdict computed for an older input is never shown. */
let generation = 0;

// ---------------------------------------------------------------------------------------------
// Trust bundle

/**
 * Validates and pins a bundle. `verifyCredential` imports the bundle's keys before it looks at
 * the credential, so verifying an empty one rejects exactly when the bundle is unusable — and
 * leaves the imported keys cached for the real credentials.
 */
async function pinBundle(json: string, pinnedAt: string, remember: boolean): Promise<boolean> {
  let bundle: TrustBundle;
  try {
    bundle = parseTrustBundle(JSON.parse(json));
    await verifyCredential('', bundle);
  } catch (error) {
    const detail =
      error instanceof SyntaxError
        ? 'The text is not JSON.'
        : error instanceof InvalidTrustBundleError
          ? error.message
          : String(error);
    showBundleProblem(detail);
    return false;
  }
  pinned = { bundle, pinnedAt };
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify({ json, pinnedAt }));
    } catch {
      // Storage disabled (private mode, policy): the bundle stays pinned for this visit only.
    }
  }
  await showPinnedBundle(pinned);
  ui.bundleText.value = '';
  ui.bundleSection.open = false;
  await reverify();
  return true;
}

async function restoreBundle(): Promise<void> {
  let saved: unknown;
  try {
    const text = localStorage.getItem(STORAGE_KEY);
    saved = text === null ? undefined : JSON.parse(text);
  } catch {
    saved = undefined;
  }
  if (
    typeof saved === 'object' &&
    saved !== null &&
    typeof (saved as { json?: unknown }).json === 'string' &&
    typeof (saved as { pinnedAt?: unknown }).pinnedAt === 'string'
  ) {
    const { json, pinnedAt } = saved as { json: string; pinnedAt: string };
    if (await pinBundle(json, pinnedAt, false)) return;
  } else {
    showNoBundle();
  }
  // Nothing saved, or something unusable (say, a bundle from an older format): start afresh.
  try {
    localStorage.removeItem(STORAGE_KEY);
  } catch {}
}

function forgetBundle(): void {
  try {
    localStorage.removeItem(STORAGE_KEY);
  } catch {}
  pinned = undefined;
  showNoBundle();
  clearVerdict();
  ui.bundleSection.open = true;
}

async function showPinnedBundle({ bundle, pinnedAt }: PinnedBundle): Promise<void> {
  const content: Node[] = [
    paragraph(
      strong('已加载信任包 '),
      english('Trust bundle in use'),
      ` · ${formatBeijing(new Date(pinnedAt))}`,
    ),
  ];
  // The key thumbprints (RFC 7638) let the clerk compare the pinned keys with the fingerprints
  // the issuer publishes — on file:// every local page shares one localStorage.
  for (const didDocument of bundle.didDocuments) {
    content.push(paragraph('签发机关 ', english('Issuer'), ': ', code(didDocument.id)));
    const keys = document.createElement('ul');
    for (const method of didDocument.verificationMethod) {
      const thumbprint = await calculateJwkThumbprint(method.publicKeyJwk, 'sha256');
      const item = document.createElement('li');
      item.append(
        '密钥 ',
        english('Key'),
        ' ',
        code(method.id.slice(didDocument.id.length + 1)),
        ' · SHA-256 ',
        code(thumbprint),
      );
      keys.append(item);
    }
    content.push(keys);
  }
  ui.bundleStatus.className = 'pinned ok';
  ui.bundleStatus.replaceChildren(...content);
}

function showNoBundle(): void {
  ui.bundleStatus.className = 'pinned bad';
  ui.bundleStatus.replaceChildren(
    paragraph(
      strong('尚未加载信任包。'),
      english('No trust bundle loaded yet: choose or paste one below.'),
    ),
  );
  ui.bundleSection.open = true;
}

function showBundleProblem(detail: string): void {
  ui.bundleStatus.className = 'pinned bad';
  ui.bundleStatus.replaceChildren(
    paragraph(strong('这不是可用的信任包。'), english('This is not a usable trust bundle.')),
    paragraph(english(detail)),
    pinned === undefined
      ? paragraph('未加载任何信任包。', english('No trust bundle is in use.'))
      : paragraph('仍使用之前的信任包。', english('The previous trust bundle is still in use.')),
  );
  ui.bundleSection.open = true;
}

// ---------------------------------------------------------------------------------------------
// Credential

/**
 * The JWT in what the clerk pasted or chose: the JWT itself (line breaks, spaces and quotes from
 * an e-mail removed), or the issuing response `{"certificateId": …, "credential": …}`.
 */
function extractJwt(input: string): string {
  const text = input.trim();
  if (text.startsWith('{')) {
    try {
      const { credential } = JSON.parse(text) as { credential?: unknown };
      if (typeof credential === 'string') return credential.trim();
    } catch {
      // Not JSON after all: let the verifier say what is wrong with it.
    }
  }
  return text.replace(/\s+/g, '').replace(/^"(.*)"$/, '$1');
}

async function verifyInput(): Promise<void> {
  const current = ++generation;
  const text = ui.credentialText.value;
  if (text.trim() === '') {
    showProblem('请先粘贴或选择证书。', 'Paste or choose a certificate first.');
    return;
  }
  if (pinned === undefined) {
    showProblem(
      '尚未加载信任包，无法核验。请在下方“信任包”中加载。',
      'No trust bundle is loaded, so nothing can be verified. Load one under “Trust bundle” below.',
    );
    ui.bundleSection.open = true;
    return;
  }
  const now = new Date();
  const verdict = await verifyCredential(extractJwt(text), pinned.bundle, { now });
  if (current !== generation) return;
  if (verdict.valid) showValid(verdict.credential, now);
  else showInvalid(verdict.reasons, now);
}

function reverify(): Promise<void> {
  if (ui.credentialText.value.trim() === '') {
    clearVerdict();
    return Promise.resolve();
  }
  return verifyInput();
}

// ---------------------------------------------------------------------------------------------
// Verdict

function showValid(credential: VerifiedCertificate, now: Date): void {
  const [purposeZh, purposeEn] = purposeLabels[credential.purpose];
  const facts: [string, string, string | Node, string?][] = [
    ['姓名', 'Name', credential.name, 'holder'],
    ['身份证号（部分隐藏）', 'National ID (masked)', code(credential.nationalIdMasked)],
    ['用途', 'Purpose', `${purposeZh} · ${purposeEn}`],
    ['记录核查时间', 'Records checked', formatBeijing(new Date(credential.checkedAt))],
    ['有效期自', 'Valid from', formatBeijing(credential.notBefore)],
    ['有效期至', 'Valid until', formatBeijing(credential.expires)],
    ['签发机关', 'Issuer', code(credential.issuer)],
    ['证书编号', 'Certificate ID', code(credential.certificateId)],
  ];
  if (credential.holderDid !== undefined) {
    facts.push(['持有人 DID', 'Holder DID', code(credential.holderDid)]);
  }
  facts.push(['核验时间', 'Verified at', formatBeijing(now)]);

  const list = document.createElement('dl');
  list.className = 'facts';
  for (const [zh, en, value, className] of facts) {
    const term = document.createElement('dt');
    term.append(`${zh} `, english(en));
    const description = document.createElement('dd');
    description.append(value);
    if (className !== undefined) description.className = className;
    list.append(term, description);
  }
  renderVerdict(
    'valid',
    headline('有效', 'VALID'),
    paragraph(
      { className: 'statement' },
      strong('无犯罪记录。'),
      english('No criminal record on file.'),
    ),
    list,
    paragraph(
      { className: 'hint' },
      '请将姓名和证件号码与持证人的居民身份证核对。',
      english("Compare the name and ID number with the holder's resident identity card."),
    ),
  );
}

function showInvalid(reasons: { code: VerdictCode; message: string }[], now: Date): void {
  const list = document.createElement('ul');
  list.className = 'reasons';
  for (const reason of reasons) {
    const item = document.createElement('li');
    item.dataset.code = reason.code;
    const zh = document.createElement('span');
    zh.className = 'zh';
    zh.textContent = reasonsZh[reason.code];
    const reasonCode = document.createElement('span');
    reasonCode.className = 'code';
    reasonCode.textContent = ` [${reason.code}]`;
    item.append(zh, english(reason.message), reasonCode);
    list.append(item);
  }
  renderVerdict(
    'invalid',
    headline('无效', 'NOT VALID'),
    paragraph(
      { className: 'statement' },
      strong('请勿采信此证书。'),
      english('Do not rely on this certificate.'),
    ),
    list,
    paragraph({ className: 'hint' }, '核验时间 ', english('Verified at'), ` ${formatBeijing(now)}`),
  );
}

function showProblem(zh: string, en: string): void {
  renderVerdict('error', headline('无法核验', 'Cannot verify'), paragraph(zh, english(en)));
}

function renderVerdict(kind: 'valid' | 'invalid' | 'error', ...content: Node[]): void {
  ui.verdict.className = kind;
  ui.verdict.dataset.verdict = kind;
  ui.verdict.replaceChildren(...content);
  ui.verdict.scrollIntoView({ block: 'nearest' });
}

function clearVerdict(): void {
  generation += 1;
  ui.verdict.className = '';
  delete ui.verdict.dataset.verdict;
  ui.verdict.replaceChildren();
}

// ---------------------------------------------------------------------------------------------
// Small DOM helpers (text only: nothing untrusted is ever parsed as HTML)

function headline(zh: string, en: string): HTMLElement {
  const heading = document.createElement('p');
  heading.className = 'headline';
  heading.append(`${zh} `, en);
  return heading;
}

function paragraph(...parts: (string | Node | { className: string })[]): HTMLParagraphElement {
  const p = document.createElement('p');
  for (const part of parts) {
    if (typeof part === 'string' || part instanceof Node) p.append(part);
    else p.className = part.className;
  }
  return p;
}

function english(text: string): HTMLSpanElement {
  const span = document.createElement('span');
  span.lang = 'en';
  span.className = 'en';
  span.textContent = ` ${text}`;
  return span;
}

function strong(text: string): HTMLElement {
  const b = document.createElement('strong');
  b.textContent = text;
  return b;
}

function code(text: string): HTMLElement {
  const c = document.createElement('code');
  c.textContent = text;
  return c;
}

/** China has one time zone and no daylight saving: UTC+8 throughout. */
function formatBeijing(date: Date): string {
  if (Number.isNaN(date.getTime())) return '—';
  const local = new Date(date.getTime() + 8 * 3600_000).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)} 北京时间 (UTC+8)`;
}

/** The chosen file's text; `undefined` if none was chosen, `null` if it is far too large. */
async function readFile(
  input: HTMLInputElement,
  maxBytes: number,
): Promise<string | undefined | null> {
  const file = input.files?.[0];
  // Cleared so that choosing the same file again fires `change` again.
  input.value = '';
  if (file === undefined) return undefined;
  return file.size > maxBytes ? null : file.text();
}

// ---------------------------------------------------------------------------------------------
// Wiring

ui.credentialForm.addEventListener('submit', (event) => {
  event.preventDefault();
  void verifyInput();
});
ui.credentialText.addEventListener('input', clearVerdict);
ui.credentialFile.addEventListener('change', async () => {
  const text = await readFile(ui.credentialFile, MAX_CREDENTIAL_FILE_BYTES);
  if (text === undefined) return;
  if (text === null) {
    ui.credentialText.value = '';
    showProblem('该文件过大，不是证书。', 'The file is far too large to be a certificate.');
    return;
  }
  ui.credentialText.value = text;
  await verifyInput();
});

ui.bundleForm.addEventListener('submit', (event) => {
  event.preventDefault();
  void pinBundle(ui.bundleText.value, new Date().toISOString(), true);
});
ui.bundleFile.addEventListener('change', async () => {
  const text = await readFile(ui.bundleFile, MAX_BUNDLE_FILE_BYTES);
  if (text === null) showBundleProblem('The file is far too large to be a trust bundle.');
  else if (text !== undefined) await pinBundle(text, new Date().toISOString(), true);
});
ui.forgetButton.addEventListener('click', forgetBundle);

await restoreBundle();
document.documentElement.dataset.ready = 'true';
