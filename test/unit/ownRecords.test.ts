/**
 * The person's own view (API.md, The person's own view; RULES.md §3): each record, whether it
 * is sealed, and the notices that told them so — sealed at ingestion, sealed on their
 * application, unsealed from the date the ground took effect.
 */
import { describe, expect, it } from 'vitest';
import { nationalIdWithChecksum } from '#shared/domain/nationalId.ts';
import { ownRecordView, type RecordStateForView } from '#shared/domain/ownRecords.ts';
import {
  decodeEnvelope,
  encodeEnvelope,
  type RecordEnvelope,
} from '#shared/domain/recordEnvelope.ts';

const state: RecordStateForView = {
  recordId: 'record-1',
  recordType: 'judgment',
  owningRole: 'court',
  owningAgency: 'court-1',
  status: 'sealed',
  createdAt: '2026-01-02T03:04:05.000Z',
  updatedAt: '2026-02-01T00:00:00.000Z',
};

const envelope: RecordEnvelope = {
  schemaVersion: 2,
  submission: {
    caseNumber: '(2099)测0000刑初1号',
    recordType: 'judgment',
    subject: {
      nationalId: nationalIdWithChecksum('99000120040615001'),
      name: '测试甲乙',
      dateOfBirth: '2004-06-15',
    },
    offenceDate: '2020-09-01',
    effectiveDate: '2021-03-01',
    sentence: { penalty: 'fixed-term-imprisonment', months: 24 },
    offences: [{ name: 'theft', article: '264', intentional: true }],
  },
  decision: {
    sealed: true,
    basis: ['CPL art. 286', 'IM art. 4'],
    reviewFlags: [],
    parametersVersion: '2022-05-30.4',
  },
  receivedAt: '2026-01-02T03:04:05.000Z',
  submittedBy: { subject: 'judge-1', role: 'court', organisation: 'court-1' },
};

describe('ownRecordView', () => {
  it('a record sealed at ingestion: one notice, when it was stored, with the decision’s basis', () => {
    expect(ownRecordView(state, envelope)).toEqual({
      recordId: 'record-1',
      recordType: 'judgment',
      caseNumber: '(2099)测0000刑初1号',
      agency: { role: 'court', org: 'court-1' },
      offenceDate: '2020-09-01',
      effectiveDate: '2021-03-01',
      sealed: true,
      superseded: false,
      notices: [
        { kind: 'sealed', at: '2026-01-02T03:04:05.000Z', basis: ['CPL art. 286', 'IM art. 4'] },
      ],
    });
  });

  it('a record not sealed: no notice, and not shown as sealed', () => {
    const view = ownRecordView(
      { ...state, status: 'open' },
      { ...envelope, decision: { ...envelope.decision, sealed: false } },
    );
    expect(view).toMatchObject({ sealed: false, notices: [] });
  });

  it('sealed later on the person’s application: that notice, at the decision’s date', () => {
    const view = ownRecordView(state, {
      ...envelope,
      decision: { ...envelope.decision, sealed: false },
      effects: {
        reviewFlags: [],
        sealedOnApplication: { applicationId: 'app-1', at: '2026-03-01', basis: ['CPL art. 286'] },
      },
    });
    expect(view.notices).toEqual([{ kind: 'sealed', at: '2026-03-01', basis: ['CPL art. 286'] }]);
  });

  it('unsealed: the sealing notice, then the unsealing from the ground’s effective date', () => {
    const view = ownRecordView(
      { ...state, status: 'open' },
      {
        ...envelope,
        effects: {
          reviewFlags: [],
          unsealing: { from: '2027-05-20', basis: ['IM art. 18', 'IM art. 19'], byRecordId: 'r2' },
        },
      },
    );
    expect(view.sealed).toBe(false);
    expect(view.notices).toEqual([
      { kind: 'sealed', at: '2026-01-02T03:04:05.000Z', basis: ['CPL art. 286', 'IM art. 4'] },
      { kind: 'unsealed', at: '2027-05-20', basis: ['IM art. 18', 'IM art. 19'] },
    ]);
  });

  it('a replaced record is shown as superseded', () => {
    expect(ownRecordView({ ...state, supersededBy: 'retrial' }, envelope).superseded).toBe(true);
  });

  it('leaves out an effective date the submission does not have', () => {
    const { effectiveDate: _, ...withoutDate } = envelope.submission;
    const view = ownRecordView(state, {
      ...envelope,
      submission: withoutDate as RecordEnvelope['submission'],
    });
    expect(Object.keys(view)).not.toContain('effectiveDate');
  });
});

describe('record envelopes', () => {
  it('decode what they encode', () => {
    expect(decodeEnvelope(encodeEnvelope(envelope))).toEqual(envelope);
  });
});
