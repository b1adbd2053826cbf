/**
 * What `npm run verify` prints for each kind of document: a certificate, an inquiry result
 * letter (the statement first, then each conviction it reports), a wallet's presentation
 * (exactly the disclosed claims); and the one-line-per-file form of `--batch`, which names
 * the kind and a letter's statement but never a name or an ID number.
 */

import type { VerifiedCertificate } from '../shared/domain/credential/verifyCredential.ts';
import type { DocumentKind, DocumentVerdict } from '../shared/domain/credential/verifyDocument.ts';
import type { VerifiedLetter } from '../shared/domain/credential/verifyLetter.ts';
import type { VerifiedPresentation } from '../shared/domain/credential/verifyPresentation.ts';

const nouns: Record<DocumentKind, string> = {
  certificate: 'certificate',
  letter: 'letter',
  presentation: 'presentation',
};

/** The verdict in words, for a person at a terminal. */
export function renderVerdict(verdict: DocumentVerdict): string {
  if (!verdict.valid) {
    const reasons = verdict.reasons.map(({ code, message }) => `  - ${message} [${code}]`);
    return [`NOT VALID — do not rely on this ${nouns[verdict.kind]}.`, ...reasons, ''].join('\n');
  }
  switch (verdict.kind) {
    case 'certificate':
      return renderCertificate(verdict.credential);
    case 'letter':
      return renderLetter(verdict.letter);
    case 'presentation':
      return renderPresentation(verdict.presentation);
  }
}

function renderCertificate(credential: VerifiedCertificate): string {
  const rows: Row[] = [
    ['Name', credential.name],
    ['National ID', credential.nationalIdMasked],
    ['Purpose', credential.purpose],
    ['Records checked', formatDate(new Date(credential.checkedAt))],
    ['Valid from', formatDate(credential.notBefore)],
    ['Valid until', formatDate(credential.expires)],
    ['Issuer', credential.issuer],
    ['Certificate ID', credential.certificateId],
  ];
  if (credential.holderDid !== undefined) rows.push(['Holder DID', credential.holderDid]);
  return lines('VALID — no criminal record on file.', rows);
}

function renderLetter(letter: VerifiedLetter): string {
  const onFile = letter.statement === 'criminal-record-on-file';
  const convictions = letter.convictions.map(
    (conviction, index) => `    ${index + 1}. ${describeConviction(conviction)}`,
  );
  return lines(
    onFile
      ? 'VALID — inquiry result letter: CRIMINAL RECORD ON FILE.'
      : 'VALID — inquiry result letter: no criminal record on file.',
    [
      ['Name as stated', letter.nameAsStated],
      ['Issued to', `${letter.recipient.role} ${letter.recipient.org}`],
      ['National ID', letter.nationalIdMasked],
      ['Statement', letter.statement],
      ...(onFile ? ([['Convictions', String(letter.convictions.length)]] as Row[]) : []),
    ],
    convictions,
    [
      ['Inquiry ID', letter.inquiryId],
      ['Legal basis', letter.legalBasis],
      ['Purpose', letter.purpose],
      ['Records checked', formatDate(new Date(letter.checkedAt))],
      ['Valid from', formatDate(letter.notBefore)],
      ['Valid until', formatDate(letter.expires)],
      ['Issuer', letter.issuer],
      ['Letter ID', letter.letterId],
    ],
    ['  Use it only for the stated purpose and keep it confidential (IM art. 17).'],
  );
}

/** `盗窃, 诈骗 — fixed-term-imprisonment, 24 months, effective 2021-09-01`. */
export function describeConviction(conviction: VerifiedLetter['convictions'][number]): string {
  const term = conviction.months === undefined ? '' : `, ${conviction.months} months`;
  return `${conviction.offences.join(', ')} — ${conviction.penalty}${term}, effective ${conviction.effectiveDate}`;
}

const disclosedLabels = {
  name: 'Name',
  nationalIdMasked: 'National ID',
  purpose: 'Purpose',
  checkedAt: 'Records checked',
} as const;

function renderPresentation(presentation: VerifiedPresentation): string {
  const disclosed = Object.entries(presentation.disclosed).map(
    ([claim, value]) =>
      [disclosedLabels[claim as keyof typeof disclosedLabels], String(value)] as Row,
  );
  const withheld = Object.keys(disclosedLabels).length - disclosed.length;
  return lines(
    'VALID — no criminal record on file (presented by the holder’s wallet).',
    [
      ...disclosed,
      ['Valid from', formatDate(presentation.notBefore)],
      ['Valid until', formatDate(presentation.expires)],
      ['Presented at', formatDate(presentation.presentedAt)],
      ['Issuer', presentation.issuer],
      ['Holder binding', 'checked: signed by the wallet key the credential is bound to'],
    ],
    withheld > 0 ? ['  Not disclosed:  the holder withheld the other claims.'] : [],
  );
}

/**
 * One line for a file of a batch: the verdict, the file, then the kind and the end of validity
 * (a letter's statement too), or the reason codes.
 */
export function batchLine(name: string, verdict: DocumentVerdict): string {
  if (!verdict.valid) {
    return `NOT VALID  ${name}  ${verdict.reasons.map(({ code }) => code).join(', ')}`;
  }
  const until = `(until ${formatDate(expiryOf(verdict))})`;
  if (verdict.kind !== 'letter') return `VALID      ${name}  ${verdict.kind}  ${until}`;
  const { statement, convictions } = verdict.letter;
  const states =
    statement === 'criminal-record-on-file'
      ? `CRIMINAL RECORD ON FILE, ${convictions.length} ${convictions.length === 1 ? 'conviction' : 'convictions'}`
      : 'no criminal record on file';
  return `VALID      ${name}  letter: ${states}  ${until}`;
}

/** Valid letters that state a criminal record on file: said once more below a batch's count. */
export function recordsOnFile(verdicts: readonly DocumentVerdict[]): number {
  return verdicts.filter(
    (verdict) =>
      verdict.valid &&
      verdict.kind === 'letter' &&
      verdict.letter.statement === 'criminal-record-on-file',
  ).length;
}

function expiryOf(verdict: DocumentVerdict & { valid: true }): Date {
  switch (verdict.kind) {
    case 'certificate':
      return verdict.credential.expires;
    case 'letter':
      return verdict.letter.expires;
    case 'presentation':
      return verdict.presentation.expires;
  }
}

type Row = [label: string, value: string];

function lines(headline: string, ...sections: (Row[] | string[])[]): string {
  const out = [headline];
  for (const section of sections) {
    for (const entry of section) {
      out.push(typeof entry === 'string' ? entry : `  ${`${entry[0]}:`.padEnd(17)}${entry[1]}`);
    }
  }
  return `${out.join('\n')}\n`;
}

export function formatDate(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
