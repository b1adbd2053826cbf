/**
 * POST /v1/certificates over real HTTP: the credential, the refusal, the yearly limit, and
 * — the product's promise — that a person with only sealed records and a person with no
 * record get certificates identical in every respect but their own request's values.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTrustBundle, type TrustBundle } from '#shared/domain/credential/didDocument.ts';
import { verifyCredential } from '#shared/domain/credential/verifyCredential.ts';
import { LEGAL_PARAMETERS } from '#shared/domain/law/parameters.ts';
import { judgment, type Person, relatedRecord, syntheticPerson } from '../support/fixtures.ts';
import { decodeJwt, shapeOf } from '../support/jwt.ts';
import { storedRecord, submitRecord } from '../support/records.ts';
import { type ApiResponse, startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let court: string;
let bundle: TrustBundle;

const P256_DID_KEY = 'did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169';

async function requestCertificate(
  person: Person,
  body: Record<string, unknown> = { purpose: 'employment' },
) {
  const citizen = await stack.token('citizen', {
    person,
    sub: `citizen-${person.nationalId.slice(-6)}`,
  });
  return stack.post('/v1/certificates', citizen, body);
}

beforeAll(async () => {
  stack = await startTestStack();
  court = await stack.token('court');
  bundle = parseTrustBundle((await stack.request('GET', '/v1/trust-bundle')).json);
});
afterAll(async () => stack.close());

describe('POST /v1/certificates', () => {
  it('issues a credential that the offline verifier accepts, to a person with no record', async () => {
    const person = syntheticPerson();
    const response = await requestCertificate(person);
    expect(response.status, response.text).toBe(201);
    expect(response.json.certificateId).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    const verdict = await verifyCredential(response.json.credential as string, bundle);
    expect(verdict.valid).toBe(true);
    if (verdict.valid) {
      expect(verdict.credential).toMatchObject({
        name: person.name,
        nationalIdMasked: `${person.nationalId.slice(0, 6)}********${person.nationalId.slice(-4)}`,
        purpose: 'employment',
        certificateId: response.json.certificateId,
      });
      expect(verdict.credential.expires.getTime() - verdict.credential.notBefore.getTime()).toBe(
        90 * 86_400_000,
      );
    }
  });

  it('has exactly the header and claims of the contract', async () => {
    const response = await requestCertificate(syntheticPerson(), {
      purpose: 'education',
      holderDid: P256_DID_KEY,
    });
    const { header, payload } = decodeJwt(response.json.credential as string);
    expect(Object.keys(header).sort()).toEqual(['alg', 'kid', 'typ']);
    expect(header).toMatchObject({
      alg: 'ES256',
      typ: 'JWT',
      kid: `${bundle.didDocuments[0]?.id}#key-1`,
    });
    expect(Object.keys(payload).sort()).toEqual(['exp', 'iss', 'jti', 'nbf', 'sub', 'vc']);
    expect(payload.sub).toBe(P256_DID_KEY);
    expect(payload.jti).toBe(response.json.certificateId);
  });

  it('refuses with 409 record-on-file when an unsealed conviction is on file', async () => {
    const person = syntheticPerson('1990-01-01');
    await submitRecord(stack, court, judgment({ person, offenceDate: '2020-01-01' }), {
      sealed: false,
    });
    const response = await requestCertificate(person);
    expect(response.status).toBe(409);
    expect(response.json.code).toBe('record-on-file');
    expect(response.text).not.toContain('credential');
  });

  it('audits every decision before answering: issued and refused, without name or ID', async () => {
    const convicted = syntheticPerson('1990-01-01');
    const submitted = await submitRecord(
      stack,
      court,
      judgment({ person: convicted, offenceDate: '2020-02-02' }),
      { sealed: false },
    );
    const refused = await requestCertificate(convicted, { purpose: 'travel' });
    expect(refused.status).toBe(409);
    const clean = syntheticPerson();
    const issued = await requestCertificate(clean, { purpose: 'licensing' });
    expect(issued.status).toBe(201);

    const audit = await stack.auditEvents();
    const { item: record } = await storedRecord(stack, submitted.recordId);
    expect(
      audit.filter(
        (e) =>
          e.action === 'certificate.refuse' &&
          (e.details as { blindIndex?: string }).blindIndex === record.blindIndex,
      ),
    ).toEqual([
      expect.objectContaining({
        outcome: 'record-on-file',
        details: expect.objectContaining({ purpose: 'travel' }),
        eventKey: expect.stringMatching(/^issue-certificate#/),
      }),
    ]);
    const issuedEvents = audit.filter((e) => e.target === issued.json.certificateId);
    expect(issuedEvents).toEqual([
      expect.objectContaining({
        action: 'certificate.issue',
        outcome: 'issued',
        details: expect.objectContaining({ purpose: 'licensing' }),
        actor: expect.objectContaining({ role: 'citizen' }),
      }),
    ]);
    const text = JSON.stringify(audit);
    for (const person of [convicted, clean]) {
      expect(text).not.toContain(person.nationalId);
      expect(text).not.toContain(person.name);
    }
  });

  it('refuses once a combined sentence over 60 months unseals the earlier record', async () => {
    const person = syntheticPerson('2004-06-15');
    const caseNumber = '(2099)测0000刑初UNSEAL号';
    const earlier = await submitRecord(
      stack,
      court,
      judgment({
        person,
        caseNumber,
        offenceDate: '2019-08-01',
        effectiveDate: '2020-01-10',
        months: 24,
      }),
      { sealed: true },
    );
    expect((await requestCertificate(person)).status).toBe(201);
    await submitRecord(
      stack,
      court,
      judgment({
        person,
        offenceDate: '2021-08-01',
        effectiveDate: '2022-03-01',
        months: 72,
        combinedWith: [caseNumber],
      }),
      { sealed: false },
    );
    expect((await storedRecord(stack, earlier.recordId)).item.status).toBe('open');
    expect((await requestCertificate(person)).status).toBe(409);
  });

  it('keeps issuing to a person whose juvenile record is sealed even after an adult non-conviction record', async () => {
    const person = syntheticPerson('2004-06-15');
    await submitRecord(stack, court, judgment({ person, offenceDate: '2021-08-01', months: 24 }), {
      sealed: true,
    });
    await submitRecord(
      stack,
      await stack.token('procuratorate'),
      relatedRecord(person, 'non-prosecution', '2024-01-01'),
      { sealed: false },
    );
    expect((await requestCertificate(person)).status).toBe(201);
  });

  it('requires a justification once the free applications of a calendar year are used, for everyone', async () => {
    const person = syntheticPerson();
    const free = LEGAL_PARAMETERS.freeCertificateApplicationsPerYear;
    for (let i = 0; i < free; i++) expect((await requestCertificate(person)).status).toBe(201);
    const next = await requestCertificate(person);
    expect(next.status).toBe(400);
    expect(next.json.errors).toEqual([
      { path: 'justification', message: expect.stringContaining(`once ${free} applications`) },
    ]);
    const justified = await requestCertificate(person, {
      purpose: 'employment',
      justification: 'A second employer asked for its own copy.',
    });
    expect(justified.status).toBe(201);
  });

  it('counts the application before it reads the lookup: over the limit is refused as such, record or not', async () => {
    const person = syntheticPerson('1990-01-01');
    const free = LEGAL_PARAMETERS.freeCertificateApplicationsPerYear;
    for (let i = 0; i < free; i++) expect((await requestCertificate(person)).status).toBe(201);
    await submitRecord(stack, court, judgment({ person, offenceDate: '2020-01-01' }), {
      sealed: false,
    });
    const overLimit = await requestCertificate(person);
    expect(overLimit.status).toBe(400);
    expect(overLimit.json.errors).toEqual([
      { path: 'justification', message: expect.stringContaining(`once ${free} applications`) },
    ]);
    const justified = await requestCertificate(person, {
      purpose: 'employment',
      justification: 'A second employer asked for its own copy.',
    });
    expect(justified.status).toBe(409);
    expect(justified.json.code).toBe('record-on-file');
  });

  it('rejects a bad purpose or holder DID, naming the field', async () => {
    const person = syntheticPerson();
    const purpose = await requestCertificate(person, { purpose: 'gossip' });
    expect(purpose.status).toBe(400);
    expect(purpose.json.errors).toEqual([expect.objectContaining({ path: 'purpose' })]);
    const holder = await requestCertificate(person, {
      purpose: 'other',
      holderDid: 'did:web:example.com',
    });
    expect(holder.status).toBe(400);
    expect(holder.json.errors).toEqual([expect.objectContaining({ path: 'holderDid' })]);
  });

  it('is for citizens only, and only with a token', async () => {
    expect(
      (await stack.request('POST', '/v1/certificates', { body: { purpose: 'other' } })).status,
    ).toBe(401);
    expect((await stack.post('/v1/certificates', court, { purpose: 'other' })).status).toBe(403);
  });

  it('replays the first credential for a repeated Idempotency-Key', async () => {
    const person = syntheticPerson();
    const citizen = await stack.token('citizen', { person });
    const headers = { 'idempotency-key': 'cert-retry-1' };
    const first = await stack.post('/v1/certificates', citizen, { purpose: 'licensing' }, headers);
    const second = await stack.post('/v1/certificates', citizen, { purpose: 'licensing' }, headers);
    expect(second.json).toEqual(first.json);
    // The stored first response is encrypted: no credential, name or masked ID in the clear.
    const stored = JSON.stringify(await stack.scan('IdempotencyRecords'));
    expect(stored).toContain('sealedResponse');
    for (const clear of [
      first.json.credential as string,
      person.name,
      `${person.nationalId.slice(-4)}"`,
    ]) {
      expect(stored).not.toContain(clear);
    }
    expect(stored).not.toMatch(/eyJ[\w-]+\.eyJ/);
  });
});

describe('uniformity: sealed records only ≡ no record (DESIGN.md invariant 1)', () => {
  type Outcome = { response: ApiResponse; person: Person };
  const outcomes: Record<'none' | 'sealed' | 'related', Outcome> = {} as never;

  beforeAll(async () => {
    // Equal-length inputs: same name length, same purpose, same holder DID.
    const none = syntheticPerson('2004-06-15');
    const sealed = syntheticPerson('2004-06-15');
    const related = syntheticPerson('2004-06-15');
    await submitRecord(
      stack,
      court,
      judgment({ person: sealed, offenceDate: '2020-05-01', months: 36, suspended: true }),
      { sealed: true },
    );
    await submitRecord(
      stack,
      court,
      judgment({
        person: sealed,
        offenceDate: '2021-05-01',
        penalty: 'criminal-detention',
        months: 3,
      }),
      { sealed: true },
    );
    await submitRecord(
      stack,
      await stack.token('procuratorate'),
      relatedRecord(related, 'non-prosecution', '2021-01-01'),
      { sealed: true },
    );
    await submitRecord(
      stack,
      await stack.token('police'),
      relatedRecord(related, 'compulsory-measure', '2020-01-01'),
      { sealed: true },
    );
    await stack.drainSealingQueue();
    for (const [kind, person] of Object.entries({ none, sealed, related })) {
      const response = await requestCertificate(person, {
        purpose: 'employment',
        holderDid: P256_DID_KEY,
      });
      outcomes[kind as keyof typeof outcomes] = { response, person };
    }
  });

  const compared = ['sealed', 'related'] as const;

  it.each(compared)('%s: same status, header names and body shape as none', (kind) => {
    const a = outcomes.none.response;
    const b = outcomes[kind].response;
    expect(b.status).toBe(201);
    expect(b.status).toBe(a.status);
    expect([...b.headers.keys()].sort()).toEqual([...a.headers.keys()].sort());
    expect(b.headers.get('content-type')).toBe(a.headers.get('content-type'));
    expect(shapeOf(b.json)).toEqual(shapeOf(a.json));
    expect(b.text.length).toBe(a.text.length);
  });

  it.each(compared)(
    '%s: same JWT header, claim names, types, validity and byte length as none',
    (kind) => {
      const a = outcomes.none.response.json.credential as string;
      const b = outcomes[kind].response.json.credential as string;
      const da = decodeJwt(a);
      const db = decodeJwt(b);
      expect(db.header).toEqual(da.header);
      expect(shapeOf(db.payload)).toEqual(shapeOf(da.payload));
      expect((db.payload.vc as { type: unknown }).type).toEqual(
        (da.payload.vc as { type: unknown }).type,
      );
      expect((db.payload.vc as Record<string, unknown>)['@context']).toEqual(
        (da.payload.vc as Record<string, unknown>)['@context'],
      );
      expect(Number(db.payload.exp) - Number(db.payload.nbf)).toBe(
        Number(da.payload.exp) - Number(da.payload.nbf),
      );
      expect(Buffer.byteLength(b)).toBe(Buffer.byteLength(a));
    },
  );

  it('writes issuance-log entries of the same form for all three', async () => {
    const log = await stack.scan('CertificateIssuanceLog');
    const entryOf = (o: Outcome) =>
      log.find((e) => e.certificateId === o.response.json.certificateId);
    const none = entryOf(outcomes.none);
    for (const kind of compared) {
      const entry = entryOf(outcomes[kind]);
      expect(entry).toBeDefined();
      expect(shapeOf(entry)).toEqual(shapeOf(none));
      expect(JSON.stringify(entry)).not.toContain(outcomes[kind].person.nationalId);
      expect(JSON.stringify(entry)).not.toContain(outcomes[kind].person.name);
    }
  });

  it('still refuses a person with an unsealed conviction (the comparison can fail)', async () => {
    const convicted = syntheticPerson('1990-01-01');
    await submitRecord(stack, court, judgment({ person: convicted, offenceDate: '2020-05-01' }), {
      sealed: false,
    });
    const response = await requestCertificate(convicted, {
      purpose: 'employment',
      holderDid: P256_DID_KEY,
    });
    expect(response.status).toBe(409);
  });
});
