/**
 * What a printed certificate or letter says (shared/domain/paper/printableDocument.ts,
 * labels.ts): fixed text and signed claims only, each under its bilingual label, times in
 * Beijing time; the statement of a letter from its own convictions; the QR code the signed
 * document verbatim. The characters a font is subset to (renderPdf.ts `documentText`) are
 * every character the paper can show.
 */
import { describe, expect, it } from 'vitest';
import type { VerifiedCertificate } from '#shared/domain/credential/verifyCredential.ts';
import type { VerifiedLetter } from '#shared/domain/credential/verifyLetter.ts';
import { formatBeijing, penaltyLabels, purposeLabels } from '#shared/domain/paper/labels.ts';
import { printableCertificate, printableLetter } from '#shared/domain/paper/printableDocument.ts';
import { documentText } from '#shared/domain/paper/renderPdf.ts';

const SCAN_NOTE = [
  '二维码即签发机关签名的电子文书本身：用签发机关公布的信任包离线核验（核验页面或 npm run verify），无需联网，也不查询任何数据库。',
  "The QR code is the issuer's signed document itself: verify it offline against the issuer's published trust bundle (the verification page or npm run verify), with no network and no database.",
];

const certificate: VerifiedCertificate = {
  name: '测试甲',
  nationalIdMasked: '990105********1230',
  purpose: 'employment',
  checkedAt: '2026-12-01T01:59:00.000Z',
  issuer: 'did:web:credentials.example.gov.cn',
  notBefore: new Date('2026-12-01T02:00:00.000Z'),
  expires: new Date('2027-03-01T02:00:00.000Z'),
  certificateId: 'urn:uuid:3f1c2b6e-8d4a-4c1e-9b7f-2a5d6e8f9a0b',
};

const letter: VerifiedLetter = {
  nameAsStated: '测试乙',
  recipient: { role: 'unit', org: 'kindergarten-1' },
  nationalIdMasked: '990105********2341',
  statement: 'criminal-record-on-file',
  convictions: [
    {
      offences: ['盗窃罪', '诈骗罪'],
      penalty: 'fixed-term-imprisonment',
      months: 18,
      effectiveDate: '2020-05-01',
    },
  ],
  inquiryId: 'inquiry-1',
  legalBasis: 'Law on the Protection of Minors art. 62',
  purpose: 'Hiring a kindergarten teacher',
  checkedAt: '2026-12-01T01:59:00.000Z',
  issuer: 'did:web:credentials.example.gov.cn',
  notBefore: new Date('2026-12-01T02:00:00.000Z'),
  expires: new Date('2027-03-01T02:00:00.000Z'),
  letterId: 'urn:uuid:5a1c2b6e-8d4a-4c1e-9b7f-2a5d6e8f9a0c',
};

describe('times on paper', () => {
  it('are in Beijing time (UTC+8, all year), to the minute, the day turning at 16:00 UTC', () => {
    expect(formatBeijing(new Date('2026-12-01T15:59:59Z'))).toBe(
      '2026-12-01 23:59 北京时间 (UTC+8)',
    );
    expect(formatBeijing(new Date('2026-12-01T16:00:00Z'))).toBe(
      '2026-12-02 00:00 北京时间 (UTC+8)',
    );
    expect(formatBeijing(new Date('2026-07-01T02:05:00Z'))).toBe(
      '2026-07-01 10:05 北京时间 (UTC+8)',
    );
  });

  it('are a dash when the date is not one', () => {
    expect(formatBeijing(new Date('not a date'))).toBe('—');
  });
});

describe('a printed certificate', () => {
  it('says exactly this, in Chinese and English', () => {
    expect(printableCertificate(certificate, 'eyJ.signed.jws')).toEqual({
      kind: 'certificate',
      title: ['无犯罪记录证明', 'Certificate of no criminal record'],
      statement: [
        '经核查，未发现持证人有犯罪记录。',
        'No criminal record is on file for the holder.',
      ],
      recordOnFile: false,
      facts: [
        { label: ['姓名', 'Name'], value: '测试甲' },
        {
          label: ['公民身份号码（部分隐藏）', 'National ID (masked)'],
          value: '990105********1230',
        },
        { label: ['用途', 'Purpose'], value: '就业 · Employment' },
        { label: ['记录核查时间', 'Records checked'], value: '2026-12-01 09:59 北京时间 (UTC+8)' },
        {
          label: ['有效期', 'Valid'],
          value: '2026-12-01 10:00 北京时间 (UTC+8) — 2027-03-01 10:00 北京时间 (UTC+8)',
        },
        { label: ['签发机关', 'Issuer'], value: 'did:web:credentials.example.gov.cn' },
        {
          label: ['证明编号', 'Certificate ID'],
          value: 'urn:uuid:3f1c2b6e-8d4a-4c1e-9b7f-2a5d6e8f9a0b',
        },
      ],
      convictions: [],
      notes: [
        [
          '请将姓名和公民身份号码与持证人的居民身份证核对。',
          "Compare the name and ID number with the holder's resident identity card.",
        ],
        SCAN_NOTE,
      ],
      signed: 'eyJ.signed.jws',
      documentId: 'urn:uuid:3f1c2b6e-8d4a-4c1e-9b7f-2a5d6e8f9a0b',
      issuedAt: new Date('2026-12-01T02:00:00.000Z'),
    });
  });

  it('names the holder’s DID last when the certificate is bound to one', () => {
    const bound = printableCertificate({ ...certificate, holderDid: 'did:key:z6Mkholder' }, 'x');
    expect(bound.facts.at(-1)).toEqual({
      label: ['持有人 DID', 'Holder DID'],
      value: 'did:key:z6Mkholder',
    });
    expect(bound.facts).toHaveLength(8);
  });

  it('labels every purpose in both languages', () => {
    for (const [purpose, [zh, en]] of Object.entries(purposeLabels)) {
      const facts = printableCertificate({ ...certificate, purpose: purpose as never }, 'x').facts;
      expect(facts[2]?.value).toBe(`${zh} · ${en}`);
    }
  });
});

describe('a printed letter', () => {
  it('reports its convictions, counted, with the letter’s own facts', () => {
    expect(printableLetter(letter, 'eyJ.letter.jws')).toEqual({
      kind: 'letter',
      title: ['犯罪记录查询结果函', 'Inquiry result letter'],
      statement: [
        '有犯罪记录：1 项定罪记录，见下表。',
        'Criminal record on file: 1 conviction, listed below.',
      ],
      recordOnFile: true,
      facts: [
        {
          label: ['被查询人姓名（申请人所述）', 'Name (as the applicant stated it)'],
          value: '测试乙',
        },
        {
          label: ['公民身份号码（部分隐藏）', 'National ID (masked)'],
          value: '990105********2341',
        },
        { label: ['致', 'Issued to'], value: 'kindergarten-1 (unit)' },
        { label: ['查询编号', 'Inquiry ID'], value: 'inquiry-1' },
        { label: ['法律依据', 'Legal basis'], value: 'Law on the Protection of Minors art. 62' },
        { label: ['查询目的', 'Purpose'], value: 'Hiring a kindergarten teacher' },
        { label: ['记录核查时间', 'Records checked'], value: '2026-12-01 09:59 北京时间 (UTC+8)' },
        {
          label: ['有效期', 'Valid'],
          value: '2026-12-01 10:00 北京时间 (UTC+8) — 2027-03-01 10:00 北京时间 (UTC+8)',
        },
        { label: ['签发机关', 'Issuer'], value: 'did:web:credentials.example.gov.cn' },
        {
          label: ['函件编号', 'Letter ID'],
          value: 'urn:uuid:5a1c2b6e-8d4a-4c1e-9b7f-2a5d6e8f9a0c',
        },
      ],
      convictions: letter.convictions,
      notes: [
        [
          '仅限用于申请所述用途，并予保密（《关于未成年人犯罪记录封存的实施办法》第十七条）。',
          'Use this letter only for the stated purpose, and keep it confidential (IM art. 17).',
        ],
        SCAN_NOTE,
      ],
      signed: 'eyJ.letter.jws',
      documentId: 'urn:uuid:5a1c2b6e-8d4a-4c1e-9b7f-2a5d6e8f9a0c',
      issuedAt: new Date('2026-12-01T02:00:00.000Z'),
    });
  });

  it('counts several convictions in the plural', () => {
    const two = { ...letter, convictions: [...letter.convictions, ...letter.convictions] };
    expect(printableLetter(two, 'x').statement).toEqual([
      '有犯罪记录：2 项定罪记录，见下表。',
      'Criminal record on file: 2 convictions, listed below.',
    ]);
  });

  it('says no criminal record is on file, and lists none, when the letter says so', () => {
    const clean = printableLetter(
      { ...letter, statement: 'no-criminal-record-on-file', convictions: [] },
      'x',
    );
    expect(clean.statement).toEqual(['经核查，无犯罪记录。', 'No criminal record on file.']);
    expect(clean.recordOnFile).toBe(false);
    expect(clean.convictions).toEqual([]);
  });
});

describe('the characters a paper can show', () => {
  it('are each character of its text once, sorted, with every digit and the table’s words', () => {
    const text = documentText(printableLetter(letter, 'x'));
    expect([...text]).toEqual([...new Set(text)].sort());
    const needed = [
      ...'犯罪记录查询结果函Inquiry result letter测试乙盗窃诈骗、有期徒刑Fixed-term imprisonment2020-05-01',
      ...'罪名Offences刑罚Penalty刑期Term判决生效日期Effective 个月 months扫码离线核验 · Scan to verify offline',
      ...'第页共Page of urn:uuid:5a1c2b6e-8d4a-4c1e-9b7f-2a5d6e8f9a0c0123456789—、·',
      ...SCAN_NOTE.join(''),
    ];
    for (const character of needed) expect(text, character).toContain(character);
  });

  it('hold no character the paper cannot show: the font carries nothing more', () => {
    const document = printableCertificate(certificate, 'x');
    const shown = new Set([
      ...document.title.join(''),
      ...document.statement.join(''),
      ...document.facts.flatMap(({ label, value }) => [...label, value]).join(''),
      ...document.notes.flat().join(''),
      ...'罪名 Offences刑罚 Penalty刑期 Term判决生效日期 Effective 个月 months',
      ...'扫码离线核验 · Scan to verify offline第 页 共 页 · Page of ',
      ...document.documentId,
      ...'0123456789—、·',
    ]);
    for (const character of documentText(document)) {
      expect(shown.has(character), character).toBe(true);
    }
  });

  it('leave out the conviction labels of penalties the paper does not show', () => {
    const text = documentText(printableCertificate(certificate, 'x'));
    expect(text).not.toContain('拘');
    expect(text).not.toContain('徒');
    expect(penaltyLabels['criminal-detention'][0]).toBe('拘役');
  });
});
