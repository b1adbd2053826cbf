/**
 * The supervisor's desk (`web/oversight.html`, served at `/oversight`), for the supervising
 * procuratorate (IM art. 22):
 *
 * - the summary per organisation (`GET /v1/oversight/summary`) and what is overdue in it;
 * - corrective opinions with their states, reply dates and review deadlines (`GET
 *   /v1/opinions`), issued (`POST /v1/opinions`) and, on a request for review, upheld or
 *   withdrawn (`POST /v1/opinions/{id}/review-decision`);
 * - complaints, closed in writing (`GET /v1/complaints`, `POST …/resolution`);
 * - the audit trail (`GET /v1/audit`) verified here with `verifyAuditExport`, the code `npm run
 *   audit:verify` runs (`shared/domain/audit/`), against the audit keys of the trust bundle,
 *   and against the checkpoint the supervisor kept from last time; the result drawn as the log's
 *   growth since that checkpoint (`lib/logGrowth.ts`). The new checkpoint is offered as a file
 *   to keep: the page itself stores nothing.
 */
import { noteKeysOf, verifyCheckpointNote } from '#shared/domain/audit/checkpoint.ts';
import {
  describeProblem,
  type ExportProblem,
  type ExportVerdict,
  verifyAuditExport,
} from '#shared/domain/audit/verifyExport.ts';
import { auditKeysOf, parseTrustBundle } from '#shared/domain/credential/didDocument.ts';
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
import { inline, opinionKindLabel, roleLabel, statusLabel } from './lib/labels.ts';
import { type Growth, growthCaption, growthPicture } from './lib/logGrowth.ts';
import { Pager, pageQuery } from './lib/pager.ts';
import { api, problemOf } from './lib/session.ts';
import { wireSignIn } from './lib/signIn.ts';

type Summary = {
  at: string;
  inquiries: { agency: string; org: string; pending: number; overdue: number }[];
  agencies: {
    role: string;
    org: string;
    notices: { pending: number; overdue: number };
    reviews?: { pending: number; overdue: number };
    opinions: Record<string, number>;
    complaints: { open: number };
  }[];
};

type Opinion = {
  opinionId: string;
  agency: { role: string; org: string };
  kind: string;
  findings: string;
  replyDue: string;
  status: string;
  issuedAt: string;
  reply?: { measures: string; at: string };
  review?: {
    grounds: string;
    requestedAt: string;
    decisionDue: string;
    decision?: string;
    reasons?: string;
    decidedAt?: string;
  };
};

type Complaint = {
  complaintId: string;
  against: { role: string; org: string };
  inquiryId?: string;
  description: string;
  status: string;
  receivedAt: string;
  response?: string;
  resolution?: string;
  resolvedAt?: string;
};

// ── Summary ─────────────────────────────────────────────────────────────────────────

type Row = {
  role: string;
  org: string;
  inquiries: { pending: number; overdue: number };
  notices: { pending: number; overdue: number };
  reviews: { pending: number; overdue: number };
  opinions: Record<string, number>;
  complaints: number;
};

async function loadSummary(): Promise<boolean> {
  const summary = await call<Summary>('summary-message', 'GET', '/v1/oversight/summary');
  if (summary === undefined) return false;
  const rows = new Map<string, Row>();
  const rowOf = (role: string, org: string): Row => {
    const key = `${role}#${org}`;
    let row = rows.get(key);
    if (row === undefined) {
      row = {
        role,
        org,
        inquiries: { pending: 0, overdue: 0 },
        notices: { pending: 0, overdue: 0 },
        reviews: { pending: 0, overdue: 0 },
        opinions: {},
        complaints: 0,
      };
      rows.set(key, row);
    }
    return row;
  };
  for (const agency of summary.agencies) {
    const row = rowOf(agency.role, agency.org);
    row.notices = agency.notices;
    row.reviews = agency.reviews ?? row.reviews;
    row.opinions = agency.opinions;
    row.complaints = agency.complaints.open;
  }
  for (const inquiries of summary.inquiries) {
    rowOf(inquiries.agency, inquiries.org).inquiries = inquiries;
  }
  const overdueOf = (row: Row) =>
    row.inquiries.overdue + row.notices.overdue + row.reviews.overdue + (row.opinions.overdue ?? 0);
  const ordered = [...rows.values()].sort(
    (a, b) => overdueOf(b) - overdueOf(a) || `${a.role}${a.org}`.localeCompare(`${b.role}${b.org}`),
  );
  const numberCell = (value: number, overdue = false) =>
    make('span', { className: overdue && value > 0 ? 'overdue-count' : '' }, String(value));
  const body = tableRows(
    ordered.map((row) => [
      `${inline(roleLabel(row.role))} ${row.org}`,
      numberCell(row.inquiries.pending),
      numberCell(row.inquiries.overdue, true),
      numberCell(row.notices.pending),
      numberCell(row.notices.overdue, true),
      numberCell(row.reviews.pending),
      numberCell(row.reviews.overdue, true),
      Object.entries(row.opinions)
        .filter(([, count]) => count > 0)
        .map(([status, count]) => `${inline(statusLabel(status))} ${count}`)
        .join('; ') || '—',
      numberCell(row.complaints),
    ]),
  );
  body.forEach((tr, index) => {
    for (const [position, cell] of [...tr.cells].entries()) {
      if (position > 0 && position !== 7) cell.className = 'number';
    }
    const row = ordered[index];
    if (row && overdueOf(row) > 0) tr.className = 'overdue';
  });
  const table = element<HTMLTableElement>('summary-table');
  table.tBodies[0]?.replaceChildren(...body);
  table.hidden = body.length === 0;

  const overdue = ordered.flatMap((row) => {
    const who = `${inline(roleLabel(row.role))} ${row.org}`;
    const items: [string, string][] = [];
    if (row.inquiries.overdue > 0) {
      items.push([
        `${who}：${row.inquiries.overdue} 件查询申请逾期未批`,
        `${who}: ${row.inquiries.overdue} inquiries not decided in time`,
      ]);
    }
    if (row.notices.overdue > 0) {
      items.push([
        `${who}：${row.notices.overdue} 件通知逾期未确认`,
        `${who}: ${row.notices.overdue} notices not confirmed in time`,
      ]);
    }
    if (row.reviews.overdue > 0) {
      items.push([
        `${who}：${row.reviews.overdue} 件复核逾期未决`,
        `${who}: ${row.reviews.overdue} reviews not decided in time`,
      ]);
    }
    if ((row.opinions.overdue ?? 0) > 0) {
      items.push([
        `${who}：${row.opinions.overdue} 件纠正意见逾期未回复`,
        `${who}: ${row.opinions.overdue} opinions not replied to in time`,
      ]);
    }
    return items;
  });
  element('overdue-list').replaceChildren(
    ...overdue.map(([zh, en]) => make('li', {}, bilingual(zh, en))),
  );
  element('overdue').hidden = overdue.length === 0;
  say(
    'summary-message',
    overdue.length > 0 ? 'bad' : 'ok',
    `截至 ${chinaTime(summary.at)}：${overdue.length > 0 ? `${overdue.length} 项逾期` : '没有逾期事项'}。`,
    `As of ${chinaTime(summary.at)}: ${overdue.length > 0 ? `${overdue.length} overdue` : 'nothing overdue'}.`,
  );
  return true;
}

// ── Opinions ────────────────────────────────────────────────────────────────────────

/** Opinions a page. */
const OPINION_PAGE = 10;
const opinionPager = new Pager(['纠正意见分页', 'Pages of opinions'], loadOpinions);

async function loadOpinions(cursor?: string): Promise<boolean> {
  const query = pageQuery(OPINION_PAGE, cursor);
  const answer = await call<{ opinions: Opinion[]; cursor?: string }>(
    'opinions-message',
    'GET',
    `/v1/opinions?${query}`,
  );
  if (answer === undefined) return false;
  opinionPager.loaded(answer.cursor);
  const rank = (opinion: Opinion) =>
    opinion.status === 'review-requested'
      ? 0
      : opinion.status === 'overdue'
        ? 1
        : opinion.status === 'issued'
          ? 2
          : 3;
  const opinions = [...answer.opinions].sort(
    (a, b) => rank(a) - rank(b) || a.replyDue.localeCompare(b.replyDue),
  );
  element('opinion-list').replaceChildren(...opinions.map(opinionItem));
  const waiting = opinions.filter((opinion) => opinion.status === 'review-requested').length;
  if (opinions.length === 0 && cursor === undefined)
    say('opinions-message', 'ok', '尚未发出纠正意见。', 'No opinions issued.');
  else
    say(
      'opinions-message',
      '',
      `本页 ${opinions.length} 件，${waiting} 件待复议决定。`,
      `${opinions.length} on this page, ${waiting} awaiting your review decision.`,
    );
  return true;
}

function opinionItem(opinion: Opinion): HTMLLIElement {
  const headingId = uniqueId('opinion');
  const message = make('p', { className: 'message', attributes: { role: 'status' } });
  const heading = make(
    'h3',
    { attributes: { id: headingId } },
    bilingual(...opinionKindLabel(opinion.kind)),
    ` — ${inline(roleLabel(opinion.agency.role))} ${opinion.agency.org}`,
  );
  const status = make(
    'span',
    { className: opinion.status === 'overdue' ? 'badge overdue' : 'badge' },
    bilingual(...statusLabel(opinion.status)),
  );
  heading.append(status);
  const item = make(
    'li',
    {
      className: opinion.status === 'overdue' ? 'item overdue' : 'item',
      attributes: { 'aria-labelledby': headingId, 'data-opinion': opinion.opinionId },
    },
    heading,
    definitions([
      [bilingual('发现的问题', 'Findings'), opinion.findings],
      [bilingual('发出时间', 'Issued'), chinaTime(opinion.issuedAt)],
      [bilingual('回复期限', 'Reply due'), opinion.replyDue],
      [bilingual('整改措施', 'Measures'), opinion.reply?.measures],
      [bilingual('复议理由', 'Grounds for review'), opinion.review?.grounds],
      [bilingual('复议决定期限', 'Review decision due'), opinion.review?.decisionDue],
      [
        bilingual('复议决定', 'Review decision'),
        opinion.review?.decision
          ? `${inline(statusLabel(opinion.review.decision))} — ${opinion.review.reasons ?? ''}`
          : undefined,
      ],
    ]),
  );
  if (opinion.status === 'review-requested') item.append(reviewDecisionForm(opinion, message));
  item.append(message);
  return item;
}

function reviewDecisionForm(opinion: Opinion, message: HTMLElement): HTMLFormElement {
  const name = uniqueId('review-decision');
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
      make('legend', {}, bilingual('复议决定', 'Review decision')),
      radio('upheld', '维持', 'Uphold'),
      radio('withdrawn', '撤回', 'Withdraw'),
    ),
    make('label', { attributes: { for: reasonsId } }, bilingual('理由', 'Reasons')),
    reasons,
    make(
      'button',
      { attributes: { type: 'submit' } },
      bilingual('作出复议决定', 'Decide the review'),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const decision = new FormData(form).get(name);
    if (decision === null || reasons.value.trim() === '') {
      say(
        message,
        'bad',
        '请选择维持或撤回，并说明理由。',
        'Choose to uphold or withdraw, and give the reasons.',
      );
      return;
    }
    void (async () => {
      const decided = await call<Opinion>(
        message,
        'POST',
        `/v1/opinions/${opinion.opinionId}/review-decision`,
        {
          decision,
          reasons: reasons.value.trim(),
        },
      );
      if (decided === undefined) return;
      await loadOpinions(opinionPager.cursor);
      say('opinions-message', 'ok', '复议决定已作出。', 'The review is decided.');
      element('opinions-heading').focus();
    })();
  });
  return form;
}

async function issueOpinion(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const value = (id: string) => element<HTMLInputElement>(id).value.trim();
  const created = await call<Opinion>('opinion-form-message', 'POST', '/v1/opinions', {
    agency: { role: value('opinion-role'), org: value('opinion-org') },
    kind: value('opinion-kind'),
    findings: value('opinion-findings'),
    replyDue: value('opinion-due'),
  });
  if (created === undefined) return;
  element<HTMLTextAreaElement>('opinion-findings').value = '';
  say('opinion-form-message', 'ok', '纠正意见已发出。', 'The opinion is issued.');
  await loadOpinions(opinionPager.cursor);
}

// ── Complaints ──────────────────────────────────────────────────────────────────────

const complaintPager = new Pager(['投诉分页', 'Pages of complaints'], loadComplaints);

async function loadComplaints(cursor?: string): Promise<boolean> {
  const query = cursor ? `?${new URLSearchParams({ cursor })}` : '';
  const page = await call<{ complaints: Complaint[]; cursor?: string }>(
    'complaints-message',
    'GET',
    `/v1/complaints${query}`,
  );
  if (page === undefined) return false;
  complaintPager.loaded(page.cursor);
  const complaints = [...page.complaints].sort(
    (a, b) =>
      Number(a.status === 'resolved') - Number(b.status === 'resolved') ||
      a.receivedAt.localeCompare(b.receivedAt),
  );
  element('complaint-list').replaceChildren(...complaints.map(complaintItem));
  const open = complaints.filter((complaint) => complaint.status !== 'resolved').length;
  if (complaints.length === 0) say('complaints-message', 'ok', '没有投诉。', 'No complaints.');
  else say('complaints-message', '', `${open} 件待办结。`, `${open} to close.`);
  return true;
}

function complaintItem(complaint: Complaint): HTMLLIElement {
  const headingId = uniqueId('complaint');
  const message = make('p', { className: 'message', attributes: { role: 'status' } });
  const item = make(
    'li',
    {
      className: 'item',
      attributes: { 'aria-labelledby': headingId, 'data-complaint': complaint.complaintId },
    },
    make(
      'h3',
      { attributes: { id: headingId } },
      bilingual('投诉', 'Complaint'),
      ` — ${inline(roleLabel(complaint.against.role))} ${complaint.against.org}`,
      make('span', { className: 'badge' }, bilingual(...statusLabel(complaint.status))),
    ),
    definitions([
      [bilingual('收到时间', 'Received'), chinaTime(complaint.receivedAt)],
      [bilingual('所涉查询', 'Inquiry'), complaint.inquiryId],
      [bilingual('内容', 'Description'), complaint.description],
      [bilingual('被投诉机关的答复', 'Answer of the organisation'), complaint.response],
      [bilingual('处理结果', 'Resolution'), complaint.resolution],
      [
        bilingual('办结时间', 'Closed'),
        complaint.resolvedAt ? chinaTime(complaint.resolvedAt) : undefined,
      ],
    ]),
  );
  if (complaint.status !== 'resolved') item.append(resolutionForm(complaint, message));
  item.append(message);
  return item;
}

function resolutionForm(complaint: Complaint, message: HTMLElement): HTMLFormElement {
  const id = uniqueId('resolution');
  const resolution = make('textarea', { attributes: { id } });
  const form = make(
    'form',
    {},
    make('label', { attributes: { for: id } }, bilingual('处理结果', 'Resolution')),
    resolution,
    make(
      'button',
      { attributes: { type: 'submit' } },
      bilingual('办结投诉', 'Close the complaint'),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (resolution.value.trim() === '') {
      say(message, 'bad', '请写明处理结果。', 'Write the resolution.');
      resolution.focus();
      return;
    }
    void (async () => {
      const closed = await call<Complaint>(
        message,
        'POST',
        `/v1/complaints/${complaint.complaintId}/resolution`,
        {
          resolution: resolution.value.trim(),
        },
      );
      if (closed === undefined) return;
      await loadComplaints(complaintPager.cursor);
      say('complaints-message', 'ok', '投诉已办结。', 'The complaint is closed.');
      element('complaints-heading').focus();
    })();
  });
  return form;
}

// ── The audit log ───────────────────────────────────────────────────────────────────

const problemsInChinese: Record<ExportProblem, string> = {
  'not-json': '不是一个 JSON 值',
  'duplicate-key': '同一成员名出现两次',
  'not-canonical': '不是 RFC 8785 规范形式（空白、顺序、数字或转义被改动）',
  'unknown-member': '含有条目、检查点或证明都没有的成员',
  'not-an-export-line': '既不是审计条目，也不是检查点或证明',
  'out-of-order': '与前一条目不连续（条目被删除、插入或调换）',
  'misplaced-line': '位置不对（行被删除、移动或添加）',
  'checkpoint-without-consistency-proof': '较早的检查点后没有一致性证明',
  'malformed-checkpoint': '检查点不是格式正确的签名注记',
  'unknown-checkpoint-key': '检查点不是由信任包中的审计密钥签名',
  'bad-checkpoint-signature': '检查点签名验证失败',
  'other-log': '是另一个日志的检查点',
  'window-does-not-match-entries': '范围证明与导出的条目不符',
  'tree-size-differs': '证明针对的树大小与最终检查点不同',
  'entries-do-not-match-root': '条目的哈希与最终检查点的根不符：有条目被改动、删除、插入或调换',
  'inclusion-proof-fails': '包含证明验证失败',
  'inconsistent-checkpoint': '一致性证明失败：较早的检查点不是最终树的前缀（历史被改写）',
  'final-checkpoint-missing': '导出没有以最终检查点结束（被截断）',
  'previous-checkpoint-ahead': '保存的检查点比本次导出的树大：日志缩减了',
  'previous-checkpoint-forked': '保存的检查点与本树在该大小处不符：日志被分叉或改写',
};

let keptNote: string | undefined;

/** A kept checkpoint as the CLI reads it: the note itself, or an export's checkpoint line. */
function noteOf(text: string): string | undefined {
  if (text.trim() === '') return undefined;
  if (text.trimStart().startsWith('{')) {
    try {
      const line = JSON.parse(text.trim()) as { type?: unknown; note?: unknown };
      if (line.type === 'checkpoint' && typeof line.note === 'string') return line.note;
    } catch {}
    return '';
  }
  // A pasted note may have lost its final line break.
  return text.endsWith('\n') ? text : `${text}\n`;
}

function sizeOfNote(note: string): number {
  return Number(note.split('\n')[1]);
}

async function trustBundleText(): Promise<string | undefined> {
  const file = element<HTMLInputElement>('bundle-file').files?.[0];
  if (file) return file.text();
  const response = await fetch('/v1/trust-bundle', { cache: 'no-store' });
  return response.ok ? response.text() : undefined;
}

async function verifyAudit(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  element('audit-result').hidden = true;
  say('audit-message', '', '正在导出并核验…', 'Exporting and verifying…');
  let keys: ReturnType<typeof noteKeysOf>;
  try {
    const text = await trustBundleText();
    if (text === undefined) throw new Error('no trust bundle');
    keys = noteKeysOf(auditKeysOf(parseTrustBundle(JSON.parse(text))));
    if (keys.length === 0) throw new Error('no audit key');
  } catch {
    say(
      'audit-message',
      'bad',
      '信任包不可用或不含审计密钥。',
      'The trust bundle is unusable or publishes no audit key.',
    );
    return;
  }
  const previousText =
    element<HTMLTextAreaElement>('previous').value ||
    (await element<HTMLInputElement>('previous-file').files?.[0]?.text()) ||
    '';
  const previous = noteOf(previousText);
  if (previous !== undefined && !verifyCheckpointNote(previous, keys).valid) {
    say(
      'audit-message',
      'bad',
      '保存的检查点不是由审计密钥签名的检查点。',
      'The kept checkpoint is not a checkpoint signed by an audit key.',
    );
    element('previous').focus();
    return;
  }
  const query = new URLSearchParams();
  for (const [field, name] of [
    ['audit-from', 'from'],
    ['audit-to', 'to'],
  ] as const) {
    const local = element<HTMLInputElement>(field).value;
    // The inputs are in China Standard Time, as everything on this page.
    if (local) query.set(name, new Date(`${local}:00+08:00`).toISOString());
  }
  let response: Response;
  try {
    response = await api('GET', `/v1/audit${query.size > 0 ? `?${query}` : ''}`);
  } catch {
    say('audit-message', 'bad', ...failure(0, {}));
    return;
  }
  if (!response.ok) {
    say('audit-message', 'bad', ...failure(response.status, await problemOf(response)));
    return;
  }
  const exported = await response.text();
  const lines = exported.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const verdict = await verifyAuditExport(lines, keys, previous);
  showVerdict(verdict, lines, previous);
}

function checkpointSizes(lines: readonly string[]): number[] {
  const sizes: number[] = [];
  for (const line of lines) {
    if (!line.startsWith('{"note"') && !line.includes('"type":"checkpoint"')) continue;
    try {
      const parsed = JSON.parse(line) as { type?: string; note?: string };
      if (parsed.type === 'checkpoint' && typeof parsed.note === 'string')
        sizes.push(sizeOfNote(parsed.note));
    } catch {}
  }
  return sizes;
}

function showVerdict(
  verdict: ExportVerdict,
  lines: readonly string[],
  previous: string | undefined,
): void {
  const verdictLine = element('audit-verdict');
  const facts = element('audit-facts');
  const sizes = checkpointSizes(lines);
  const finalSize = sizes.at(-1) ?? 0;
  let growth: Growth;
  const lastLine = lines.at(-1) ?? '';
  keptNote = undefined;
  if (verdict.intact === true) {
    verdictLine.className = 'verdict ok';
    verdictLine.replaceChildren(bilingual('完好', 'INTACT'));
    const window =
      verdict.end > verdict.start
        ? `${verdict.start}–${verdict.end - 1} (${verdict.end - verdict.start})`
        : '—';
    facts.replaceChildren(
      ...definitions([
        [bilingual('树大小', 'Tree size'), String(verdict.treeSize)],
        [bilingual('导出范围', 'Window'), window],
        [bilingual('导出时间', 'Exported at'), chinaTime(verdict.exportedAt)],
        [
          bilingual('一致的较早检查点', 'Earlier checkpoints consistent'),
          String(verdict.earlierCheckpoints),
        ],
        [
          bilingual('与上次检查点', 'Since the kept checkpoint'),
          verdict.previousSize === undefined
            ? undefined
            : bilingual(
                `一致：从 ${verdict.previousSize} 条增长到 ${verdict.treeSize} 条`,
                `consistent: grew from ${verdict.previousSize} to ${verdict.treeSize}`,
              ),
        ],
      ]).childNodes,
    );
    growth = {
      treeSize: verdict.treeSize,
      start: verdict.start,
      end: verdict.end,
      checkpoints: sizes.slice(0, -1),
      ...(verdict.previousSize !== undefined
        ? { previous: { size: verdict.previousSize, consistent: true } }
        : {}),
    };
    try {
      const parsed = JSON.parse(lastLine) as { note?: string };
      keptNote = parsed.note;
    } catch {}
    say(
      'audit-message',
      'ok',
      '审计日志核验通过。请保存本次检查点，供下次核验。',
      'The audit log verified. Keep this checkpoint for next time.',
    );
  } else if (verdict.intact === 'unknown') {
    verdictLine.className = 'verdict bad';
    verdictLine.replaceChildren(bilingual('无法比较', 'UNKNOWN'));
    facts.replaceChildren();
    growth = {
      treeSize: finalSize,
      start: verdict.start,
      end: finalSize,
      checkpoints: sizes.slice(0, -1),
      previous: { size: verdict.previousSize, consistent: 'unknown' },
    };
    say(
      'audit-message',
      'bad',
      '保存的检查点早于本次导出的范围：请从更早的时间导出。',
      'The kept checkpoint is older than this export’s window: export from before it.',
    );
  } else {
    verdictLine.className = 'verdict bad';
    verdictLine.replaceChildren(bilingual('被篡改', 'TAMPERED'));
    const around = verdict.lines ? ` (${verdict.lines[0]}–${verdict.lines[1]})` : '';
    facts.replaceChildren(
      ...definitions([
        [bilingual('第一处问题', 'First bad line'), `${verdict.line}${around}`],
        [
          bilingual('问题', 'Problem'),
          bilingual(
            problemsInChinese[verdict.problem],
            `${describeProblem(verdict.problem)} [${verdict.problem}]`,
          ),
        ],
      ]).childNodes,
    );
    const forked =
      verdict.problem === 'previous-checkpoint-forked' ||
      verdict.problem === 'previous-checkpoint-ahead';
    growth = {
      treeSize: finalSize,
      start: 0,
      end: 0,
      checkpoints: sizes.slice(0, -1),
      ...(forked && previous !== undefined
        ? { previous: { size: sizeOfNote(previous), consistent: false } }
        : { tampered: true }),
    };
    say('audit-message', 'bad', '审计日志未通过核验。', 'The audit log did not verify.');
  }
  const picture = growthPicture(growth);
  const caption = make(
    'p',
    { className: 'hint', attributes: { id: 'growth-caption' } },
    growthCaption(growth),
  );
  element('growth-picture').replaceChildren(picture, caption);
  element('keep-checkpoint').hidden = keptNote === undefined;
  element('checkpoint-link').hidden = true;
  element('audit-result').hidden = false;
  verdictLine.tabIndex = -1;
  verdictLine.focus();
}

// ── Wiring ──────────────────────────────────────────────────────────────────────────

async function open(): Promise<boolean> {
  complaintPager.reset();
  opinionPager.reset();
  const loaded = await Promise.all([loadSummary(), loadOpinions(), loadComplaints()]);
  return loaded.some(Boolean);
}

element('complaint-pager').append(complaintPager.controls);
element('opinion-pager').append(opinionPager.controls);
element('refresh-summary').addEventListener('click', () => void loadSummary());
element<HTMLFormElement>('opinion-form').addEventListener(
  'submit',
  (event) => void issueOpinion(event),
);
element<HTMLFormElement>('audit-form').addEventListener(
  'submit',
  (event) => void verifyAudit(event),
);
element('keep-checkpoint').addEventListener('click', () => {
  if (keptNote === undefined) return;
  offerDownload(
    element<HTMLAnchorElement>('checkpoint-link'),
    new Blob([keptNote], { type: 'text/plain' }),
    `audit-checkpoint-${sizeOfNote(keptNote)}.txt`,
  );
});
for (const id of ['opinions-heading', 'complaints-heading']) element(id).tabIndex = -1;

wireSignIn({
  roles: ['supervisor'],
  open,
  sections: ['sections', 'summary', 'opinions', 'complaints', 'audit'],
});
