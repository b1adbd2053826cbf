/**
 * The offline verification page (`web/verify.html`): a pinned trust bundle and a document in —
 * a certificate, an inquiry result letter, or a wallet's presentation with the verifier's nonce
 * and audience — a verdict out, with the same `verifyDocument` the CLI and the API tests use.
 * Nothing here touches the network — the page's Content-Security-Policy forbids it anyway —
 * and every untrusted string reaches the page through `textContent`, never as markup.
 */
import { calculateJwkThumbprint } from 'jose';
import decodeQR from 'qr/decode.js';
import type { Purpose } from '#shared/domain/credential/claims.ts';
import {
  InvalidTrustBundleError,
  parseTrustBundle,
  type TrustBundle,
} from '#shared/domain/credential/didDocument.ts';
import type { LetterConviction } from '#shared/domain/credential/letterClaims.ts';
import { SELECTIVELY_DISCLOSABLE_CLAIMS } from '#shared/domain/credential/sdJwtVcClaims.ts';
import {
  type VerifiedCertificate,
  verifyCredential,
} from '#shared/domain/credential/verifyCredential.ts';
import {
  type DocumentKind,
  type DocumentVerdict,
  documentKind,
  verifyDocument,
} from '#shared/domain/credential/verifyDocument.ts';
import type { VerifiedLetter } from '#shared/domain/credential/verifyLetter.ts';
import type {
  DisclosedClaims,
  VerifiedPresentation,
} from '#shared/domain/credential/verifyPresentation.ts';
import { formatBeijing, penaltyLabels, purposeLabels } from '#shared/domain/paper/labels.ts';

const STORAGE_KEY = 'no-criminal-record-verify/trust-bundle/v1';
/** A credential is about 1 KB, a trust bundle a few KB; anything far larger is not one. */
const MAX_CREDENTIAL_FILE_BYTES = 64 * 1024;
const MAX_BUNDLE_FILE_BYTES = 1024 * 1024;
/** A phone's photo is a few megabytes; a scan of one page at 600 dpi, a few tens. */
const MAX_IMAGE_FILE_BYTES = 40 * 1024 * 1024;
/** Larger pictures are scaled down to this many pixels on their long side before decoding. */
const MAX_IMAGE_SIDE = 2400;

type ReasonCode = DocumentVerdict['reasons'][number]['code'];

/** Plain-language Chinese for each reason; the English comes from the verifier itself. */
const reasonsZh: Record<ReasonCode, string> = {
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
  'nonce-required': '核验钱包出示需要您交给持有人的随机数（nonce）和您的标识（audience）。',
  'invalid-disclosure': '出示中有不属于该证明的披露项，或披露项重复。',
  'invalid-key-binding': '持有人绑定未通过：出示不是由证明所绑定的钱包密钥为本次出示签名的。',
  'wrong-nonce': '出示针对的是另一个随机数（nonce），可能是重放。',
  'wrong-audience': '出示是为另一个核验方生成的（audience 不符）。',
  'stale-presentation': '出示不是刚刚生成的（签发时间不符）。',
};

/** What the verdict calls each kind of document, in Chinese and English. */
const kindLabels: Record<DocumentKind, [zh: string, en: string]> = {
  certificate: ['此证书', 'this certificate'],
  letter: ['此查询结果函', 'this letter'],
  presentation: ['此出示', 'this presentation'],
};

const disclosedLabels: Record<keyof DisclosedClaims, [zh: string, en: string]> = {
  name: ['姓名', 'Name'],
  nationalIdMasked: ['身份证号（部分隐藏）', 'National ID (masked)'],
  purpose: ['用途', 'Purpose'],
  checkedAt: ['记录核查时间', 'Records checked'],
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
  paperFile: element('paper-file', HTMLInputElement),
  cameraButton: element('camera-button', HTMLButtonElement),
  cameraStop: element('camera-stop', HTMLButtonElement),
  cameraView: element('camera-view', HTMLDivElement),
  cameraVideo: element('camera-video', HTMLVideoElement),
  nonce: element('presentation-nonce', HTMLInputElement),
  audience: element('presentation-audience', HTMLInputElement),
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
 * The document in what the clerk pasted or chose: the JWT or presentation itself (line breaks,
 * spaces and quotes from an e-mail removed), the issuing response
 * `{"certificateId": …, "credential": …}`, or the inquiry result `{"letter": …}`.
 */
function extractJwt(input: string): string {
  const text = input.trim();
  if (text.startsWith('{')) {
    try {
      const { credential, letter } = JSON.parse(text) as { credential?: unknown; letter?: unknown };
      if (typeof credential === 'string') return credential.trim();
      if (typeof letter === 'string') return letter.trim();
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
    showProblem(
      '请先粘贴或选择证书、查询结果函或钱包出示。',
      'Paste or choose a certificate, letter or presentation first.',
    );
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
  const presented = extractJwt(text);
  const nonce = ui.nonce.value.trim();
  const audience = ui.audience.value.trim();
  if (documentKind(presented) === 'presentation' && (nonce === '' || audience === '')) {
    showProblem(
      '这是钱包出示：请填写您交给持有人的随机数（nonce）和您的标识（audience），再核验。',
      'This is a wallet presentation: enter the nonce you gave the holder and your own identifier (audience), then verify.',
    );
    return;
  }
  const now = new Date();
  const verdict = await verifyDocument(presented, pinned.bundle, { now, nonce, audience });
  if (current !== generation) return;
  if (!verdict.valid) showInvalid(verdict.kind, verdict.reasons, now);
  else if (verdict.kind === 'certificate') showValid(verdict.credential, now);
  else if (verdict.kind === 'letter') showLetter(verdict.letter, now);
  else showPresentation(verdict.presentation, now);
}

function reverify(): Promise<void> {
  if (ui.credentialText.value.trim() === '') {
    clearVerdict();
    return Promise.resolve();
  }
  return verifyInput();
}

// ---------------------------------------------------------------------------------------------
// Paper: the QR code of a printed certificate or letter, from a photo, a scan or the camera

/** The QR code's text in a picture, or `undefined` when none can be read. */
function qrTextIn(source: CanvasImageSource, width: number, height: number): string | undefined {
  const scale = Math.min(1, MAX_IMAGE_SIDE / Math.max(width, height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round(height * scale));
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (context === null) return undefined;
  context.drawImage(source, 0, 0, canvas.width, canvas.height);
  try {
    return decodeQR(context.getImageData(0, 0, canvas.width, canvas.height));
  } catch {
    return undefined;
  }
}

/** The document a QR code carries, into the text box and verified, exactly as if pasted. */
async function verifyScanned(text: string): Promise<void> {
  ui.credentialText.value = text;
  await verifyInput();
}

function showNoQrCode(): void {
  showProblem(
    '未能从图片中读出二维码。请拍摄或扫描整张文书，保证二维码清晰、完整、光线均匀。',
    'No QR code could be read from the picture. Photograph or scan the whole document, with the code sharp, complete and evenly lit.',
  );
}

async function readPaperFile(): Promise<void> {
  const file = ui.paperFile.files?.[0];
  ui.paperFile.value = '';
  if (file === undefined) return;
  if (file.size > MAX_IMAGE_FILE_BYTES) {
    showProblem('图片文件过大。', 'The picture is far too large.');
    return;
  }
  let bitmap: ImageBitmap;
  try {
    // Decoded from the file's bytes: no URL is loaded, so the page's policy holds.
    bitmap = await createImageBitmap(file);
  } catch {
    showProblem('无法读取该图片。', 'The picture cannot be read (use PNG, JPEG or WebP).');
    return;
  }
  const text = qrTextIn(bitmap, bitmap.width, bitmap.height);
  bitmap.close();
  if (text === undefined) showNoQrCode();
  else await verifyScanned(text);
}

let camera: { stream: MediaStream; timer: number } | undefined;

/** The camera where the browser offers one: frames are read until a QR code decodes. */
async function startCamera(): Promise<void> {
  stopCamera();
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      video: { facingMode: 'environment', width: { ideal: 1920 }, height: { ideal: 1080 } },
      audio: false,
    });
  } catch {
    showProblem(
      '无法使用摄像头（未授权或不可用）。可改为选择照片或扫描件。',
      'The camera cannot be used (not allowed, or none). Choose a photo or a scan instead.',
    );
    return;
  }
  ui.cameraVideo.srcObject = stream;
  ui.cameraView.hidden = false;
  await ui.cameraVideo.play().catch(() => undefined);
  const scan = () => {
    if (camera === undefined) return;
    const { videoWidth, videoHeight } = ui.cameraVideo;
    const text = videoWidth > 0 ? qrTextIn(ui.cameraVideo, videoWidth, videoHeight) : undefined;
    if (text === undefined) {
      camera.timer = window.setTimeout(scan, 250);
      return;
    }
    stopCamera();
    void verifyScanned(text);
  };
  camera = { stream, timer: window.setTimeout(scan, 250) };
}

function stopCamera(): void {
  if (camera === undefined) return;
  window.clearTimeout(camera.timer);
  for (const track of camera.stream.getTracks()) track.stop();
  camera = undefined;
  ui.cameraVideo.srcObject = null;
  ui.cameraView.hidden = true;
}

// ---------------------------------------------------------------------------------------------
// Verdict

function showValid(credential: VerifiedCertificate, now: Date): void {
  const [purposeZh, purposeEn] = purposeLabels[credential.purpose];
  const facts: Fact[] = [
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
  renderVerdict(
    'valid',
    'certificate',
    headline('有效', 'VALID'),
    paragraph(
      { className: 'statement' },
      strong('无犯罪记录。'),
      english('No criminal record on file.'),
    ),
    factList(facts),
    paragraph(
      { className: 'hint' },
      '请将姓名和证件号码与持证人的居民身份证核对。',
      english("Compare the name and ID number with the holder's resident identity card."),
    ),
  );
}

/**
 * A genuine letter: its statement first and unmistakable — a record on file in the colour of
 * a refusal, with each conviction in a table — then the letter's own facts.
 */
function showLetter(letter: VerifiedLetter, now: Date): void {
  const onFile = letter.statement === 'criminal-record-on-file';
  const statement = onFile
    ? paragraph(
        { className: 'statement letter record-on-file' },
        strong('有犯罪记录。'),
        english(
          `Criminal record on file: ${letter.convictions.length} ${letter.convictions.length === 1 ? 'conviction' : 'convictions'}.`,
        ),
      )
    : paragraph(
        { className: 'statement letter' },
        strong('无犯罪记录。'),
        english('No criminal record on file.'),
      );
  statement.dataset.statement = letter.statement;
  const facts: Fact[] = [
    [
      '姓名（申请单位所述，未经核对）',
      'Name (as stated by the applicant, not checked)',
      letter.nameAsStated,
      'holder',
    ],
    [
      '致（申请单位）',
      'Issued to (applicant)',
      code(`${letter.recipient.role} ${letter.recipient.org}`),
    ],
    ['身份证号（部分隐藏）', 'National ID (masked)', code(letter.nationalIdMasked)],
    ['查询编号', 'Inquiry ID', code(letter.inquiryId)],
    ['法律依据', 'Legal basis', code(letter.legalBasis)],
    ['查询目的', 'Purpose', letter.purpose],
    ['记录核查时间', 'Records checked', formatBeijing(new Date(letter.checkedAt))],
    ['有效期自', 'Valid from', formatBeijing(letter.notBefore)],
    ['有效期至', 'Valid until', formatBeijing(letter.expires)],
    ['签发机关', 'Issuer', code(letter.issuer)],
    ['函件编号', 'Letter ID', code(letter.letterId)],
    ['核验时间', 'Verified at', formatBeijing(now)],
  ];
  renderVerdict(
    'valid',
    'letter',
    headline('有效', 'VALID'),
    paragraph(
      { className: 'hint' },
      '犯罪记录查询结果函，真实有效。',
      english('A genuine, current inquiry result letter. It states:'),
    ),
    statement,
    ...(onFile ? [convictionTable(letter.convictions)] : []),
    factList(facts),
    paragraph(
      { className: 'hint' },
      '仅限用于申请所述用途，并予保密（《实施办法》第十七条）。',
      english('Use it only for the stated purpose, and keep it confidential (IM art. 17).'),
    ),
  );
}

function convictionTable(convictions: readonly LetterConviction[]): HTMLTableElement {
  const table = document.createElement('table');
  table.className = 'convictions';
  const caption = table.createCaption();
  caption.append('在案的定罪记录 ', english('Convictions on file'));
  const head = table.createTHead().insertRow();
  for (const [zh, en] of [
    ['罪名', 'Offences'],
    ['刑罚', 'Penalty'],
    ['刑期', 'Term'],
    ['判决生效日期', 'Effective'],
  ] as const) {
    const cell = document.createElement('th');
    cell.scope = 'col';
    cell.append(`${zh} `, english(en));
    head.append(cell);
  }
  const body = table.createTBody();
  for (const conviction of convictions) {
    const row = body.insertRow();
    const [penaltyZh, penaltyEn] = penaltyLabels[conviction.penalty];
    row.insertCell().textContent = conviction.offences.join('、');
    row.insertCell().append(`${penaltyZh} `, english(penaltyEn));
    row.insertCell().textContent =
      conviction.months === undefined
        ? '—'
        : `${conviction.months} 个月 · ${conviction.months} months`;
    row.insertCell().textContent = conviction.effectiveDate;
  }
  return table;
}

/** A presentation: exactly the claims the holder disclosed, and that the binding held. */
function showPresentation(presentation: VerifiedPresentation, now: Date): void {
  const { disclosed } = presentation;
  const facts: Fact[] = [];
  for (const claim of SELECTIVELY_DISCLOSABLE_CLAIMS) {
    const value = disclosed[claim];
    if (value === undefined) continue;
    const [zh, en] = disclosedLabels[claim];
    if (claim === 'name') facts.push([zh, en, value, 'holder']);
    else if (claim === 'nationalIdMasked') facts.push([zh, en, code(value)]);
    else if (claim === 'purpose') {
      const [purposeZh, purposeEn] = purposeLabels[value as Purpose];
      facts.push([zh, en, `${purposeZh} · ${purposeEn}`]);
    } else facts.push([zh, en, formatBeijing(new Date(value))]);
  }
  const withheld = SELECTIVELY_DISCLOSABLE_CLAIMS.filter((claim) => disclosed[claim] === undefined);
  if (withheld.length > 0) {
    facts.push([
      '未披露',
      'Not disclosed',
      withheld
        .map((claim) => `${disclosedLabels[claim][0]} ${disclosedLabels[claim][1]}`)
        .join('；'),
      'withheld',
    ]);
  }
  facts.push(
    ['有效期自', 'Valid from', formatBeijing(presentation.notBefore)],
    ['有效期至', 'Valid until', formatBeijing(presentation.expires)],
    ['出示时间', 'Presented at', formatBeijing(presentation.presentedAt)],
    ['签发机关', 'Issuer', code(presentation.issuer)],
    ['核验时间', 'Verified at', formatBeijing(now)],
  );
  const binding = paragraph(
    { className: 'binding' },
    strong('持有人绑定已核验：'),
    '出示由证明所绑定的钱包密钥签名，且针对您的随机数和标识。',
    english(
      'Holder binding checked: signed by the wallet key the certificate is bound to, for your nonce and audience.',
    ),
  );
  binding.dataset.binding = 'checked';
  renderVerdict(
    'valid',
    'presentation',
    headline('有效', 'VALID'),
    paragraph(
      { className: 'statement' },
      strong('无犯罪记录。'),
      english('No criminal record on file (presented from the holder’s wallet).'),
    ),
    binding,
    paragraph(
      { className: 'hint' },
      '持有人选择披露的信息（仅此而已）：',
      english('What the holder chose to disclose, and nothing more:'),
    ),
    factList(facts),
  );
}

type Fact = [zh: string, en: string, value: string | Node, className?: string];

function factList(facts: readonly Fact[]): HTMLDListElement {
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
  return list;
}

function showInvalid(
  kind: DocumentKind,
  reasons: { code: ReasonCode; message: string }[],
  now: Date,
): void {
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
    kind,
    headline('无效', 'NOT VALID'),
    paragraph(
      { className: 'statement' },
      strong(`请勿采信${kindLabels[kind][0]}。`),
      english(`Do not rely on ${kindLabels[kind][1]}.`),
    ),
    list,
    paragraph({ className: 'hint' }, '核验时间 ', english('Verified at'), ` ${formatBeijing(now)}`),
  );
}

function showProblem(zh: string, en: string): void {
  renderVerdict(
    'error',
    undefined,
    headline('无法核验', 'Cannot verify'),
    paragraph(zh, english(en)),
  );
}

function renderVerdict(
  kind: 'valid' | 'invalid' | 'error',
  shown: DocumentKind | undefined,
  ...content: Node[]
): void {
  ui.verdict.className = kind;
  ui.verdict.dataset.verdict = kind;
  if (shown === undefined) delete ui.verdict.dataset.kind;
  else ui.verdict.dataset.kind = shown;
  ui.verdict.replaceChildren(...content);
  ui.verdict.scrollIntoView({ block: 'nearest' });
}

function clearVerdict(): void {
  generation += 1;
  ui.verdict.className = '';
  delete ui.verdict.dataset.verdict;
  delete ui.verdict.dataset.kind;
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
ui.nonce.addEventListener('input', clearVerdict);
ui.audience.addEventListener('input', clearVerdict);
ui.credentialFile.addEventListener('change', async () => {
  const text = await readFile(ui.credentialFile, MAX_CREDENTIAL_FILE_BYTES);
  if (text === undefined) return;
  if (text === null) {
    ui.credentialText.value = '';
    showProblem(
      '该文件过大，不是证书、查询结果函或钱包出示。',
      'The file is far too large to be a certificate, letter or presentation.',
    );
    return;
  }
  ui.credentialText.value = text;
  await verifyInput();
});

ui.paperFile.addEventListener('change', () => {
  void readPaperFile();
});
// Offered only where the browser has a camera API (and a secure context: https or a file).
ui.cameraButton.hidden = typeof navigator.mediaDevices?.getUserMedia !== 'function';
ui.cameraButton.addEventListener('click', () => {
  void startCamera();
});
ui.cameraStop.addEventListener('click', stopCamera);

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
