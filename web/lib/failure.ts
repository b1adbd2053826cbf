/**
 * A failed call told in both languages from its status and stable `code` only: the page never
 * shows a server's text, and a problem never carries personal data anyway (API.md, Errors).
 */
import type { Problem } from './session.ts';

const byCode: Record<string, [string, string]> = {
  'no-legal-basis': [
    '所选法律依据不允许您的单位申请查询。',
    'The chosen legal basis does not let your organisation apply.',
  ],
  'acknowledgement-required': [
    '请先阅读并接受使用告知。',
    'Read and accept the notice on use first.',
  ],
  'inquiry-not-approved': ['申请尚未批准。', 'The application has not been approved yet.'],
  'inquiry-refused': ['申请已被拒绝。', 'The application was refused.'],
  'out-of-order': [
    '此事项已经处理过，或当前状态不允许这一步。',
    'This was already done, or its state does not allow this step.',
  ],
  'document-not-valid': ['文书未通过核验，无法打印。', 'The document did not verify: not printed.'],
  'too-large-to-print': [
    '文书过长，二维码无法打印。',
    'The document is too long for its QR code to be printed.',
  ],
  'audit-event-conflict': [
    '此决定与已记录的决定不同，未作更改。',
    'This decision differs from the one already recorded: nothing was changed.',
  ],
};

/** Field paths the API names in a 400, said in words. */
const fieldNames: Record<string, [string, string]> = {
  reasons: ['理由', 'reasons'],
  'subject.nationalId': ['身份证号码', 'ID number'],
  'subject.name': ['姓名', 'name'],
  'agency.org': ['受理机关', 'organisation'],
  'agency.role': ['机关类别', 'kind of agency'],
  reason: ['申请事由', 'reason'],
  purpose: ['用途', 'purpose'],
  caseNumber: ['案号', 'case number'],
  legalBasis: ['法律依据', 'legal basis'],
  resolution: ['处理结果', 'resolution'],
  measures: ['整改措施', 'measures'],
  findings: ['发现的问题', 'findings'],
  replyDue: ['回复期限', 'reply due'],
  from: ['起始时间', 'from'],
  to: ['截止时间', 'to'],
};

export function failure(status: number, problem: Problem): [string, string] {
  if (status === 401) {
    return ['登录已失效或令牌无效，请重新登录。', 'Your sign-in is not valid: sign in again.'];
  }
  if (problem.code && byCode[problem.code]) return byCode[problem.code] as [string, string];
  if (status === 400 && problem.errors?.length) {
    const names = problem.errors.map(({ path }) => fieldNames[path] ?? [path, path]);
    return [
      `请检查：${names.map(([zh]) => zh).join('、')}。`,
      `Please check: ${names.map(([, en]) => en).join(', ')}.`,
    ];
  }
  if (status === 403) {
    return ['您的身份不能执行此操作。', 'Your role may not do this.'];
  }
  if (status === 404) {
    return ['未找到，或不属于您的单位。', 'Not found, or not your organisation’s.'];
  }
  if (status === 409) {
    return ['当前状态不允许这一步。', 'Its current state does not allow this step.'];
  }
  if (status === 503 || status === 429 || status === 0) {
    return [
      '服务暂时不可用，没有作出任何更改，请稍后重试。',
      'The service is unavailable; nothing was changed. Try again later.',
    ];
  }
  return ['请求未能完成。', 'The request could not be completed.'];
}
