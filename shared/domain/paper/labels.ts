/**
 * What a reader is shown for the coded values of certificates and letters, in Chinese and
 * English: the verification page and the printed documents say the same thing.
 */
import type { Purpose } from '../credential/claims.ts';
import type { Penalty } from '../record.ts';

export type Bilingual = readonly [zh: string, en: string];

export const purposeLabels: Record<Purpose, Bilingual> = {
  employment: ['就业', 'Employment'],
  education: ['入学', 'Education'],
  'military-service': ['服兵役', 'Military service'],
  licensing: ['资格许可', 'Licensing'],
  travel: ['出行', 'Travel'],
  other: ['其他', 'Other'],
};

export const penaltyLabels: Record<Penalty, Bilingual> = {
  'fixed-term-imprisonment': ['有期徒刑', 'Fixed-term imprisonment'],
  'life-imprisonment': ['无期徒刑', 'Life imprisonment'],
  death: ['死刑', 'Death penalty'],
  'criminal-detention': ['拘役', 'Criminal detention'],
  'public-surveillance': ['管制', 'Public surveillance'],
  'supplementary-only': ['单处附加刑', 'Supplementary penalty only'],
  exempted: ['免予刑事处罚', 'Exempted from criminal punishment'],
};

/** China has one time zone and no daylight saving: UTC+8 throughout. */
export function formatBeijing(date: Date): string {
  if (Number.isNaN(date.getTime())) return '—';
  const local = new Date(date.getTime() + 8 * 3600_000).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)} 北京时间 (UTC+8)`;
}
