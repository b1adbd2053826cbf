/**
 * Audit completeness (DESIGN.md invariant 5; IM art. 20): every route that reads or changes
 * personal data, or decides anything, leaves an audit event attributed to the individual who
 * called it. The test walks the route table — a new route without a scenario here fails — and
 * makes one successful call of each, then looks for an event by that caller's `sub`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RouteDefinition, routes } from '#shared/definitions/routes.ts';
import { judgment, syntheticPerson } from '../support/fixtures.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';
import { createTestWallet } from '../support/wallet.ts';

let stack: TestStack;

/** Routes that touch no personal data and decide nothing, and why. */
const exempt: Record<string, string> = {
  'GET /.well-known/did.json': 'public keys only',
  'GET /v1/trust-bundle': 'public keys only',
  'GET /contexts/no-criminal-record/v1': 'a static JSON-LD context',
  'GET /contexts/inquiry-result-letter/v1': 'a static JSON-LD context',
  'GET /openapi.json': 'the API description',
  'GET /v1/legal-bases': 'the public registry of statutes',
  'GET /.well-known/openid-credential-issuer': 'public issuer metadata',
  'GET /.well-known/oauth-authorization-server': 'public authorization-server metadata',
  'GET /v1/agencies': 'the directory of organisations: no personal data, decides nothing',
  'POST /v1/wallet/nonce':
    'a random challenge tied to nobody, for anyone: auditing it would let anyone flood the ' +
    'chains; its use is audited with the credential it helped issue',
};

type Call = {
  token?: string;
  path: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  sub: string;
};

const person = syntheticPerson('2004-06-15');
const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** One successful call per route, in an order where each finds what it needs. */
const scenarios: Record<string, () => Promise<Call>> = {};
const state: Record<string, string> = {};

async function as(role: Parameters<TestStack['token']>[0], sub: string, org = `${role}-org`) {
  return { token: await stack.token(role, { sub, org, person }), sub };
}

function define() {
  scenarios['POST /v1/records'] = async () => ({
    ...(await as('court', 'audit-court')),
    path: '/v1/records',
    body: judgment({
      person,
      offenceDate: '2021-06-01',
      notify: [{ role: 'police', org: 'police-org' }],
    }),
  });
  scenarios['POST /v1/certificates'] = async () => ({
    ...(await as('citizen', 'audit-citizen')),
    path: '/v1/certificates',
    body: { purpose: 'employment' },
  });
  scenarios['POST /v1/certificates/offers'] = async () => ({
    ...(await as('citizen', 'audit-citizen-wallet')),
    path: '/v1/certificates/offers',
    body: { purpose: 'employment' },
  });
  // The wallet's steps are its citizen's: the offer's grant carries who asked.
  scenarios['POST /v1/wallet/token'] = async () => ({
    sub: 'audit-citizen-wallet',
    path: '/v1/wallet/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    rawBody: new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code',
      'pre-authorized_code': state.preAuthorizedCode ?? '',
    }).toString(),
  });
  scenarios['POST /v1/wallet/credential'] = async () => {
    const wallet = await createTestWallet();
    const issuerMetadata = await wallet.client.resolveIssuerMetadata(stack.url);
    const { c_nonce } = await wallet.client.requestNonce({ issuerMetadata });
    return {
      sub: 'audit-citizen-wallet',
      token: state.accessToken,
      path: '/v1/wallet/credential',
      body: {
        credential_configuration_id: 'NoCriminalRecordCertificate_dc+sd-jwt',
        proofs: { jwt: [await wallet.proof(issuerMetadata, c_nonce)] },
      },
    };
  };
  scenarios['POST /v1/inquiries'] = async () => ({
    ...(await as('unit', 'audit-unit', 'school-org')),
    path: '/v1/inquiries',
    body: {
      subject: { nationalId: person.nationalId, name: person.name },
      agency: { role: 'police', org: 'police-org' },
      legalBasis: 'teachers-law-14',
      reason: 'Recruitment.',
      purpose: 'Teacher recruitment',
    },
  });
  scenarios['GET /v1/inquiries'] = async () => ({
    ...(await as('police', 'audit-police-list')),
    path: '/v1/inquiries?status=pending',
  });
  scenarios['GET /v1/inquiries/{id}'] = async () => ({
    ...(await as('unit', 'audit-unit-view', 'school-org')),
    path: `/v1/inquiries/${state.inquiryId}`,
  });
  scenarios['POST /v1/inquiries/{id}/decision'] = async () => ({
    ...(await as('police', 'audit-police-decide')),
    path: `/v1/inquiries/${state.inquiryId}/decision`,
    body: { decision: 'approve' },
  });
  scenarios['POST /v1/inquiries/{id}/acknowledgement'] = async () => ({
    ...(await as('unit', 'audit-unit-ack', 'school-org')),
    path: `/v1/inquiries/${state.inquiryId}/acknowledgement`,
    body: { accepted: true },
  });
  scenarios['GET /v1/inquiries/{id}/result'] = async () => ({
    ...(await as('unit', 'audit-unit-result', 'school-org')),
    path: `/v1/inquiries/${state.inquiryId}/result`,
  });
  scenarios['POST /v1/documents/pdf'] = async () => {
    const citizen = await as('citizen', 'audit-citizen-print');
    const issued = await stack.post('/v1/certificates', citizen.token, { purpose: 'travel' });
    return {
      ...citizen,
      path: '/v1/documents/pdf',
      body: { document: issued.json.credential },
      headers: { accept: 'application/pdf' },
    };
  };
  scenarios['GET /v1/me/access-log'] = async () => ({
    ...(await as('citizen', 'audit-citizen-log')),
    path: '/v1/me/access-log',
  });
  scenarios['GET /v1/notices'] = async () => ({
    ...(await as('police', 'audit-police-notices', 'police-org')),
    path: '/v1/notices',
  });
  scenarios['POST /v1/notices/{id}/acknowledgement'] = async () => ({
    ...(await as('police', 'audit-police-ack', 'police-org')),
    path: `/v1/notices/${state.noticeId}/acknowledgement`,
    body: {},
  });
  scenarios['GET /v1/reviews'] = async () => ({
    ...(await as('court', 'audit-court-reviews', 'court-org')),
    path: '/v1/reviews',
  });
  scenarios['POST /v1/reviews/{id}/decision'] = async () => ({
    ...(await as('court', 'audit-court-review-decision', 'court-org')),
    path: `/v1/reviews/${state.reviewId}/decision`,
    body: { outcome: 'confirmed', reasons: 'The age at the offence is confirmed.' },
  });
  scenarios['POST /v1/opinions'] = async () => ({
    ...(await as('supervisor', 'audit-supervisor', 'spp-org')),
    path: '/v1/opinions',
    body: {
      agency: { role: 'police', org: 'police-org' },
      kind: 'correction-notice',
      findings: 'A late notice.',
      replyDue: inDays(5),
    },
  });
  scenarios['GET /v1/opinions'] = async () => ({
    ...(await as('police', 'audit-police-opinions', 'police-org')),
    path: '/v1/opinions',
  });
  scenarios['POST /v1/opinions/{id}/review-request'] = async () => ({
    ...(await as('police', 'audit-police-review', 'police-org')),
    path: `/v1/opinions/${state.opinionId}/review-request`,
    body: { grounds: 'The notice was on time.' },
  });
  scenarios['POST /v1/opinions/{id}/review-decision'] = async () => ({
    ...(await as('supervisor', 'audit-supervisor-review', 'spp-org')),
    path: `/v1/opinions/${state.opinionId}/review-decision`,
    body: { decision: 'upheld', reasons: 'It was late.' },
  });
  scenarios['POST /v1/opinions/{id}/reply'] = async () => ({
    ...(await as('police', 'audit-police-reply', 'police-org')),
    path: `/v1/opinions/${state.opinionId}/reply`,
    body: { measures: 'Notices are now read daily.' },
  });
  scenarios['POST /v1/complaints'] = async () => ({
    ...(await as('citizen', 'audit-citizen-complaint')),
    path: '/v1/complaints',
    body: { against: { role: 'police', org: 'police-org' }, description: 'Disclosed.' },
  });
  scenarios['GET /v1/complaints'] = async () => ({
    ...(await as('supervisor', 'audit-supervisor-complaints', 'spp-org')),
    path: '/v1/complaints',
  });
  scenarios['POST /v1/complaints/{id}/response'] = async () => ({
    ...(await as('police', 'audit-police-answer', 'police-org')),
    path: `/v1/complaints/${state.complaintId}/response`,
    body: { response: 'The officer was disciplined.' },
  });
  scenarios['POST /v1/complaints/{id}/resolution'] = async () => ({
    ...(await as('supervisor', 'audit-supervisor-resolve', 'spp-org')),
    path: `/v1/complaints/${state.complaintId}/resolution`,
    body: { resolution: 'Resolved.' },
  });
  scenarios['GET /v1/me/records'] = async () => ({
    ...(await as('citizen', 'audit-citizen-own-records')),
    path: '/v1/me/records',
  });
  scenarios['POST /v1/me/sealing-applications'] = async () => ({
    ...(await as('citizen', 'audit-citizen-sealing-application')),
    path: '/v1/me/sealing-applications',
    body: {
      caseNumber: '(2021)测0001刑初1号',
      agency: { role: 'court', org: 'court-org' },
      grounds: 'Committed as a minor.',
    },
  });
  scenarios['GET /v1/me/sealing-applications'] = async () => ({
    ...(await as('citizen', 'audit-citizen-sealing-applications')),
    path: '/v1/me/sealing-applications',
  });
  scenarios['GET /v1/sealing-applications'] = async () => ({
    ...(await as('court', 'audit-court-sealing-applications', 'court-org')),
    path: '/v1/sealing-applications',
  });
  scenarios['POST /v1/sealing-applications/{id}/decision'] = async () => ({
    ...(await as('court', 'audit-court-sealing-decision', 'court-org')),
    path: `/v1/sealing-applications/${state.applicationId}/decision`,
    body: { decision: 'refuse', reasons: 'Not a minor’s offence.' },
  });
  scenarios['GET /v1/oversight/summary'] = async () => ({
    ...(await as('supervisor', 'audit-supervisor-summary', 'spp-org')),
    path: '/v1/oversight/summary',
  });
  scenarios['GET /v1/audit'] = async () => ({
    ...(await as('supervisor', 'audit-supervisor-export', 'spp-org')),
    path: '/v1/audit',
  });
}

define();

beforeAll(async () => {
  stack = await startTestStack({ inMemory: true });
});
afterAll(async () => stack.close());

const keyOf = (route: RouteDefinition) => `${route.method} ${route.path}`;
const audited = routes.filter((route) => !(keyOf(route) in exempt));

describe('every route is audited', () => {
  it('has a scenario for every audited route, and a reason for every exemption', () => {
    expect(Object.keys(scenarios).sort()).toEqual(audited.map(keyOf).sort());
    for (const route of routes.filter((r) => keyOf(r) in exempt)) {
      expect(
        route.auth.kind === 'public' ||
          ['GET /v1/legal-bases', 'GET /v1/agencies'].includes(keyOf(route)),
      ).toBe(true);
    }
  });

  it.each(Object.keys(scenarios).map((key) => [key] as const))(
    '%s leaves an event by its caller',
    async (key) => {
      const call = await scenarios[key]?.();
      if (call === undefined) throw new Error(`no scenario for ${key}`);
      const [method] = key.split(' ');
      const response = await stack.request(method ?? 'GET', call.path, {
        token: call.token,
        ...(call.body === undefined ? {} : { body: call.body }),
        ...(call.rawBody === undefined ? {} : { rawBody: call.rawBody }),
        headers: call.headers,
      });
      expect(response.status, `${key}: ${response.text}`).toBeLessThan(300);
      // What later scenarios need.
      if (key === 'POST /v1/inquiries') state.inquiryId = String(response.json.inquiryId);
      if (key === 'POST /v1/opinions') state.opinionId = String(response.json.opinionId);
      if (key === 'POST /v1/complaints') state.complaintId = String(response.json.complaintId);
      if (key === 'POST /v1/me/sealing-applications') {
        state.applicationId = String(response.json.applicationId);
      }
      if (key === 'POST /v1/certificates/offers') {
        const offer = new URL(String(response.json.credentialOfferUri)).searchParams;
        const grants = JSON.parse(offer.get('credential_offer') ?? '{}').grants ?? {};
        state.preAuthorizedCode =
          Object.values<Record<string, string>>(grants)[0]?.['pre-authorized_code'] ?? '';
      }
      if (key === 'POST /v1/wallet/token') state.accessToken = String(response.json.access_token);
      if (key === 'POST /v1/records') {
        await stack.drainSealingQueue();
        const notices = await stack.request('GET', '/v1/notices', {
          token: await stack.token('police', { org: 'police-org', sub: 'setup-police' }),
        });
        state.noticeId = String((notices.json.notices as { noticeId: string }[])[0]?.noticeId);
        // A record whose own facts raise a flag (a 15-year-old's theft, CL art. 17 §2): a review.
        const court = await stack.token('court', { org: 'court-org', sub: 'setup-court' });
        const flagged = await stack.post(
          '/v1/records',
          court,
          judgment({ person: syntheticPerson('2004-06-15'), offenceDate: '2019-09-01' }),
        );
        expect(flagged.status, flagged.text).toBe(201);
        await stack.drainSealingQueue();
        const reviews = await stack.request('GET', '/v1/reviews', { token: court });
        state.reviewId = String((reviews.json.reviews as { reviewId: string }[])[0]?.reviewId);
      }
      const events = (await stack.auditEvents()).filter(
        (entry) => (entry.actor as { sub?: string } | undefined)?.sub === call.sub,
      );
      expect(events.length, `${key} left no audit event`).toBeGreaterThan(0);
    },
  );
});
