/** The API's codes in both languages, for the desks. An unknown code is shown as it is. */

type Pair = readonly [string, string];

const roles: Record<string, Pair> = {
  court: ['人民法院', 'Court'],
  procuratorate: ['人民检察院', 'Procuratorate'],
  police: ['公安机关', 'Police'],
  justice: ['司法行政机关', 'Justice bureau'],
  unit: ['单位', 'Unit'],
  supervisor: ['监督检察院', 'Supervisor'],
  citizen: ['公民', 'Citizen'],
};

const statuses: Record<string, Pair> = {
  pending: ['待处理', 'Pending'],
  approved: ['已批准', 'Approved'],
  refused: ['已拒绝', 'Refused'],
  acknowledged: ['已确认', 'Confirmed'],
  overdue: ['已逾期', 'Overdue'],
  decided: ['已决定', 'Decided'],
  issued: ['已发出', 'Issued'],
  replied: ['已回复', 'Replied'],
  'review-requested': ['已申请复议', 'Review requested'],
  upheld: ['维持', 'Upheld'],
  withdrawn: ['撤回', 'Withdrawn'],
  received: ['已收到', 'Received'],
  answered: ['已答复', 'Answered'],
  resolved: ['已办结', 'Resolved'],
  sealed: ['已封存', 'Sealed'],
};

const noticeKinds: Record<string, Pair> = {
  sealed: ['封存通知', 'Sealed'],
  unsealed: ['解除封存通知', 'Unsealed'],
  superseded: ['被新判决取代', 'Superseded'],
  marked: ['标注', 'Marked'],
};

const reviewFlags: Record<string, Pair> = {
  'born-29-february': ['2月29日出生：以3月1日为18周岁生日', 'Born on 29 February'],
  'age-not-established': ['犯罪时年龄未查明：按未成年人处理', 'Age at the offence not established'],
  'date-of-birth-contradicts-national-id': [
    '出生日期与身份证号码不符',
    'Date of birth contradicts the ID number',
  ],
  'main-conduct-after-18': ['主要犯罪行为在18周岁以后', 'Main conduct after 18'],
  'death-penalty-for-minor-offence': [
    '未成年时犯罪被判处死刑（刑法第四十九条禁止）',
    'Death sentence for an offence as a minor',
  ],
  'exactly-60-months-on-retrial': ['再审判处恰好五年', 'Exactly 60 months on retrial'],
  'adult-offence-during-juvenile-probation': [
    '未成年缓刑考验期内成年后再犯罪',
    'Adult offence during a juvenile probation',
  ],
  'aged-12-to-13-at-offence': ['犯罪时已满12周岁不满14周岁', 'Aged 12 or 13 at the offence'],
  'offence-not-answerable-at-age': [
    '该年龄不对此罪负刑事责任（刑法第十七条）',
    'Offence not answerable at that age (CL art. 17)',
  ],
  'superseded-record-not-found': ['被取代的记录未找到', 'Superseded record not found'],
  'superseded-record-named-twice': [
    '同一被取代的记录被多份裁判指明',
    'Superseded record named by more than one judgment',
  ],
  'unsealing-needs-review': ['解除封存须人工审查', 'Unsealing needs a human decision'],
  'unsealing-ground-superseded': ['解除封存的依据已被取代', 'Ground for unsealing superseded'],
};

const opinionKinds: Record<string, Pair> = {
  'oral-correction': ['口头纠正', 'Oral correction'],
  'correction-notice': ['纠正违法通知书', 'Correction notice'],
  'procuratorial-recommendation': ['检察建议', 'Procuratorial recommendation'],
};

const sealingDecisions: Record<string, Pair> = {
  seal: ['予以封存', 'Seal'],
  refuse: ['不予封存', 'Refuse'],
};

const lookup = (table: Record<string, Pair>, code: string): Pair => table[code] ?? [code, code];

export const roleLabel = (code: string) => lookup(roles, code);
export const statusLabel = (code: string) => lookup(statuses, code);
export const noticeKindLabel = (code: string) => lookup(noticeKinds, code);
export const reviewFlagLabel = (code: string) => lookup(reviewFlags, code);
export const sealingDecisionLabel = (code: string) => lookup(sealingDecisions, code);
export const opinionKindLabel = (code: string) => lookup(opinionKinds, code);

/** "zh · en" on one line, for table cells and options. */
export const inline = ([zh, en]: Pair): string => (zh === en ? zh : `${zh} · ${en}`);
