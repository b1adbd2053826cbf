/**
 * What a printed certificate or inquiry result letter says, decided from the verified document
 * alone: every word on the paper is either fixed text or a claim the issuer signed, and the QR
 * code is the signed document itself. So a person whose records are all sealed and a person
 * with none get the same paper apart from their own request's values (name, masked ID,
 * purpose, dates, IDs and the code of their own credential) — DESIGN.md invariant 1 — because
 * their credentials differ only there.
 */

import type { LetterConviction } from '../credential/letterClaims.ts';
import type { VerifiedCertificate } from '../credential/verifyCredential.ts';
import type { VerifiedLetter } from '../credential/verifyLetter.ts';
import { type Bilingual, formatBeijing, purposeLabels } from './labels.ts';

export type PrintableFact = { label: Bilingual; value: string };

export type PrintableDocument = {
  kind: 'certificate' | 'letter';
  title: Bilingual;
  /** The statement, set apart; `recordOnFile` only for a letter that reports convictions. */
  statement: Bilingual;
  recordOnFile: boolean;
  facts: PrintableFact[];
  /** A letter's convictions, in the letter's order; empty otherwise. */
  convictions: LetterConviction[];
  notes: Bilingual[];
  /** The signed document, verbatim: what the QR code holds. */
  signed: string;
  /** The credential's own ID (`jti`): the PDF's document ID and its footer. */
  documentId: string;
  /** When the credential became valid (`nbf`): the PDF's creation date. */
  issuedAt: Date;
};

const SCAN_NOTE: Bilingual = [
  '二维码即签发机关签名的电子文书本身：用签发机关公布的信任包离线核验（核验页面或 npm run verify），无需联网，也不查询任何数据库。',
  "The QR code is the issuer's signed document itself: verify it offline against the issuer's published trust bundle (the verification page or npm run verify), with no network and no database.",
];

const validity = (from: Date, until: Date) => `${formatBeijing(from)} — ${formatBeijing(until)}`;

export function printableCertificate(
  certificate: VerifiedCertificate,
  signed: string,
): PrintableDocument {
  const [purposeZh, purposeEn] = purposeLabels[certificate.purpose];
  const facts: PrintableFact[] = [
    { label: ['姓名', 'Name'], value: certificate.name },
    {
      label: ['公民身份号码（部分隐藏）', 'National ID (masked)'],
      value: certificate.nationalIdMasked,
    },
    { label: ['用途', 'Purpose'], value: `${purposeZh} · ${purposeEn}` },
    {
      label: ['记录核查时间', 'Records checked'],
      value: formatBeijing(new Date(certificate.checkedAt)),
    },
    { label: ['有效期', 'Valid'], value: validity(certificate.notBefore, certificate.expires) },
    { label: ['签发机关', 'Issuer'], value: certificate.issuer },
    { label: ['证明编号', 'Certificate ID'], value: certificate.certificateId },
  ];
  if (certificate.holderDid !== undefined) {
    facts.push({ label: ['持有人 DID', 'Holder DID'], value: certificate.holderDid });
  }
  return {
    kind: 'certificate',
    title: ['无犯罪记录证明', 'Certificate of no criminal record'],
    statement: [
      '经核查，未发现持证人有犯罪记录。',
      'No criminal record is on file for the holder.',
    ],
    recordOnFile: false,
    facts,
    convictions: [],
    notes: [
      [
        '请将姓名和公民身份号码与持证人的居民身份证核对。',
        "Compare the name and ID number with the holder's resident identity card.",
      ],
      SCAN_NOTE,
    ],
    signed,
    documentId: certificate.certificateId,
    issuedAt: certificate.notBefore,
  };
}

export function printableLetter(letter: VerifiedLetter, signed: string): PrintableDocument {
  const recordOnFile = letter.statement === 'criminal-record-on-file';
  return {
    kind: 'letter',
    title: ['犯罪记录查询结果函', 'Inquiry result letter'],
    statement: recordOnFile
      ? [
          `有犯罪记录：${letter.convictions.length} 项定罪记录，见下表。`,
          `Criminal record on file: ${letter.convictions.length} ${letter.convictions.length === 1 ? 'conviction' : 'convictions'}, listed below.`,
        ]
      : ['经核查，无犯罪记录。', 'No criminal record on file.'],
    recordOnFile,
    facts: [
      {
        label: ['被查询人姓名（申请人所述）', 'Name (as the applicant stated it)'],
        value: letter.nameAsStated,
      },
      {
        label: ['公民身份号码（部分隐藏）', 'National ID (masked)'],
        value: letter.nationalIdMasked,
      },
      { label: ['致', 'Issued to'], value: `${letter.recipient.org} (${letter.recipient.role})` },
      { label: ['查询编号', 'Inquiry ID'], value: letter.inquiryId },
      { label: ['法律依据', 'Legal basis'], value: letter.legalBasis },
      { label: ['查询目的', 'Purpose'], value: letter.purpose },
      {
        label: ['记录核查时间', 'Records checked'],
        value: formatBeijing(new Date(letter.checkedAt)),
      },
      { label: ['有效期', 'Valid'], value: validity(letter.notBefore, letter.expires) },
      { label: ['签发机关', 'Issuer'], value: letter.issuer },
      { label: ['函件编号', 'Letter ID'], value: letter.letterId },
    ],
    convictions: letter.convictions,
    notes: [
      [
        '仅限用于申请所述用途，并予保密（《关于未成年人犯罪记录封存的实施办法》第十七条）。',
        'Use this letter only for the stated purpose, and keep it confidential (IM art. 17).',
      ],
      SCAN_NOTE,
    ],
    signed,
    documentId: letter.letterId,
    issuedAt: letter.notBefore,
  };
}
