/**
 * The OpenAPI document describes each route's success body, and the description is true:
 * a real response of every route, over real HTTP, has the documented status, content type
 * and shape.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { type RouteDefinition, routes } from '#shared/definitions/routes.ts';
import { statusesOf } from '#shared/http/problem.ts';
import { successResponses } from '#shared/http/schemas/responses.ts';
import { judgment, syntheticPerson } from '../support/fixtures.ts';
import { type OpenApiDocument, OpenApiValidator } from '../support/openApiValidation.ts';
import { type ApiResponse, startTestStack, type TestStack } from '../support/stack.ts';
import { createTestWallet } from '../support/wallet.ts';

type Operation = {
  operationId: string;
  security?: unknown[];
  parameters?: { name: string; in: string }[];
  responses: Record<
    string,
    { links?: Record<string, { operationId: string; parameters: Record<string, string> }> }
  >;
};
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: { responses: Record<string, { headers?: Record<string, unknown> }> };
};

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => stack.close());

const person = syntheticPerson();
const tokens = {
  school: () => stack.token('unit', { org: 'school-1', sub: 'hr-officer-1' }),
  police: () => stack.token('police', { org: 'psb-1', sub: 'police-officer-1' }),
  court: () => stack.token('court', { org: 'court-1', sub: 'judge-1' }),
  supervisor: () => stack.token('supervisor', { org: 'spp-1', sub: 'procurator-1' }),
  citizen: () => stack.token('citizen', { person }),
};
const inTenDays = () => new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);

/** A sealing notice to the police, from a court's judgment naming them in `notify`. */
async function noticeId(): Promise<string> {
  const minor = syntheticPerson('2005-03-03');
  const body = judgment({
    person: minor,
    offenceDate: '2021-05-01',
    months: 12,
    notify: [{ role: 'police', org: 'psb-1' }],
  });
  const sealed = await stack.post('/v1/records', await tokens.court(), body);
  expect(sealed.status, sealed.text).toBe(201);
  await stack.drainSealingQueue();
  const list = await stack.request('GET', '/v1/notices', { token: await tokens.police() });
  const notice = (list.json.notices as { noticeId: string; recordId: string }[]).find(
    (n) => n.recordId === sealed.json.recordId,
  );
  expect(notice, list.text).toBeDefined();
  return String(notice?.noticeId);
}

/** A corrective opinion to the police, taken as far as `stage`. */
async function opinion(stage: 'issued' | 'review-requested'): Promise<string> {
  const issued = await stack.post('/v1/opinions', await tokens.supervisor(), {
    agency: { role: 'police', org: 'psb-1' },
    kind: 'correction-notice',
    findings: 'A sealed record was shown to an employer without a legal basis.',
    replyDue: inTenDays(),
  });
  expect(issued.status, issued.text).toBe(201);
  const id = String(issued.json.opinionId);
  if (stage === 'issued') return id;
  const requested = await stack.post(`/v1/opinions/${id}/review-request`, await tokens.police(), {
    grounds: 'The disclosure was to a judicial organ handling a case.',
  });
  expect(requested.status, requested.text).toBe(200);
  return id;
}

/** The person's application to the court to seal a record. */
function sealingApplication(): Promise<ApiResponse> {
  return tokens.citizen().then((citizen) =>
    stack.post('/v1/me/sealing-applications', citizen, {
      caseNumber: '(2020)测0001刑初1号',
      agency: { role: 'court', org: 'court-1' },
      grounds: 'The offence was committed as a minor.',
    }),
  );
}

async function complaintId(): Promise<string> {
  const filed = await stack.post('/v1/complaints', await tokens.citizen(), {
    against: { role: 'police', org: 'psb-1' },
    description: 'My sealed record was read out to my employer.',
  });
  expect(filed.status, filed.text).toBe(201);
  return String(filed.json.complaintId);
}

/** A review for the court: a 15-year-old's theft conviction, flagged by CL art. 17 §2. */
async function reviewId(): Promise<string> {
  const body = judgment({ person: syntheticPerson('2004-06-15'), offenceDate: '2019-09-01' });
  const flagged = await stack.post('/v1/records', await tokens.court(), body);
  expect(flagged.status, flagged.text).toBe(201);
  await stack.drainSealingQueue();
  const list = await stack.request('GET', '/v1/reviews?limit=100', { token: await tokens.court() });
  const review = (list.json.reviews as { reviewId: string; recordId: string }[]).find(
    (r) => r.recordId === flagged.json.recordId,
  );
  expect(review, list.text).toBeDefined();
  return String(review?.reviewId);
}

/** A fresh application by a school to the police, taken as far as `stage`. */
async function inquiry(stage: 'received' | 'approved' | 'acknowledged'): Promise<string> {
  const applied = await stack.post('/v1/inquiries', await tokens.school(), {
    subject: { nationalId: person.nationalId, name: person.name },
    agency: { role: 'police', org: 'psb-1' },
    legalBasis: 'teachers-law-14',
    reason: 'Applicant for a teaching post at our school.',
    purpose: 'Recruitment of a teacher',
  });
  expect(applied.status, applied.text).toBe(202);
  const id = String(applied.json.inquiryId);
  if (stage === 'received') return id;
  const decided = await stack.post(`/v1/inquiries/${id}/decision`, await tokens.police(), {
    decision: 'approve',
  });
  expect(decided.status, decided.text).toBe(200);
  if (stage === 'approved') return id;
  const accepted = await stack.post(`/v1/inquiries/${id}/acknowledgement`, await tokens.school(), {
    accepted: true,
  });
  expect(accepted.status, accepted.text).toBe(200);
  return id;
}

/** A credential offer for a citizen with no record. */
async function offer(): Promise<ApiResponse> {
  const citizen = await stack.token('citizen', { person: syntheticPerson() });
  return stack.post('/v1/certificates/offers', citizen, { purpose: 'employment' });
}

/** The token endpoint, redeeming a fresh offer's pre-authorized code. */
async function walletToken(): Promise<ApiResponse> {
  const uri = String((await offer()).json.credentialOfferUri);
  const credentialOffer = JSON.parse(
    new URL(uri.replace('openid-credential-offer://', 'https://x/')).searchParams.get(
      'credential_offer',
    ) ?? '{}',
  );
  const code =
    credentialOffer.grants['urn:ietf:params:oauth:grant-type:pre-authorized_code'][
      'pre-authorized_code'
    ];
  return stack.request('POST', '/v1/wallet/token', {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    rawBody: new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code',
      'pre-authorized_code': code,
    }).toString(),
  });
}

/** One successful request per route. */
const samples: Record<string, () => Promise<ApiResponse>> = {
  'POST /v1/records': async () => {
    const person = syntheticPerson('2004-06-15');
    const body = judgment({ person, offenceDate: '2021-03-01', months: 24 });
    return stack.post('/v1/records', await stack.token('court'), body);
  },
  'POST /v1/certificates': async () => {
    const person = syntheticPerson();
    const citizen = await stack.token('citizen', { person });
    return stack.post('/v1/certificates', citizen, { purpose: 'employment' });
  },
  'GET /.well-known/did.json': () => stack.request('GET', '/.well-known/did.json'),
  'GET /v1/trust-bundle': () => stack.request('GET', '/v1/trust-bundle'),
  'GET /contexts/no-criminal-record/v1': () =>
    stack.request('GET', '/contexts/no-criminal-record/v1'),
  'GET /contexts/inquiry-result-letter/v1': () =>
    stack.request('GET', '/contexts/inquiry-result-letter/v1'),
  'GET /v1/legal-bases': async () =>
    stack.request('GET', '/v1/legal-bases', { token: await tokens.school() }),
  'POST /v1/inquiries': async () => {
    const body = {
      subject: { nationalId: person.nationalId, name: person.name },
      agency: { role: 'police', org: 'psb-1' },
      legalBasis: 'teachers-law-14',
      reason: 'Applicant for a teaching post at our school.',
      purpose: 'Recruitment of a teacher',
    };
    return stack.post('/v1/inquiries', await tokens.school(), body);
  },
  'GET /v1/inquiries': async () => {
    await inquiry('received');
    return stack.request('GET', '/v1/inquiries?status=pending', { token: await tokens.police() });
  },
  'GET /v1/inquiries/{id}': async () =>
    stack.request('GET', `/v1/inquiries/${await inquiry('received')}`, {
      token: await tokens.school(),
    }),
  'POST /v1/inquiries/{id}/decision': async () =>
    stack.post(`/v1/inquiries/${await inquiry('received')}/decision`, await tokens.police(), {
      decision: 'refuse',
      reasons: 'The stated purpose does not match the legal basis.',
    }),
  'POST /v1/inquiries/{id}/acknowledgement': async () =>
    stack.post(
      `/v1/inquiries/${await inquiry('approved')}/acknowledgement`,
      await tokens.school(),
      { accepted: true },
    ),
  'GET /v1/inquiries/{id}/result': async () =>
    stack.request('GET', `/v1/inquiries/${await inquiry('acknowledged')}/result`, {
      token: await tokens.school(),
    }),
  'GET /v1/me/access-log': async () => {
    await inquiry('received');
    const citizen = await stack.token('citizen', { person });
    return stack.request('GET', '/v1/me/access-log', { token: citizen });
  },
  'GET /v1/notices': async () => {
    await noticeId();
    return stack.request('GET', '/v1/notices', { token: await tokens.police() });
  },
  'POST /v1/notices/{id}/acknowledgement': async () =>
    stack.post(`/v1/notices/${await noticeId()}/acknowledgement`, await tokens.police(), {}),
  'GET /v1/reviews': async () => {
    await reviewId();
    return stack.request('GET', '/v1/reviews?limit=1', { token: await tokens.court() });
  },
  'POST /v1/reviews/{id}/decision': async () =>
    stack.post(`/v1/reviews/${await reviewId()}/decision`, await tokens.court(), {
      outcome: 'confirmed',
      reasons: 'The court confirmed the age at the offence.',
    }),
  'POST /v1/opinions': async () =>
    stack.post('/v1/opinions', await tokens.supervisor(), {
      agency: { role: 'police', org: 'psb-1' },
      kind: 'oral-correction',
      findings: 'Notices were acknowledged late.',
      replyDue: inTenDays(),
    }),
  'GET /v1/opinions': async () => {
    await opinion('issued');
    return stack.request('GET', '/v1/opinions', { token: await tokens.police() });
  },
  'POST /v1/opinions/{id}/reply': async () =>
    stack.post(`/v1/opinions/${await opinion('issued')}/reply`, await tokens.police(), {
      measures: 'The official was disciplined; access rights were narrowed.',
    }),
  'POST /v1/opinions/{id}/review-request': async () =>
    stack.post(`/v1/opinions/${await opinion('issued')}/review-request`, await tokens.police(), {
      grounds: 'The disclosure was to a judicial organ handling a case.',
    }),
  'POST /v1/opinions/{id}/review-decision': async () =>
    stack.post(
      `/v1/opinions/${await opinion('review-requested')}/review-decision`,
      await tokens.supervisor(),
      { decision: 'upheld', reasons: 'No case file supports the claim.' },
    ),
  'POST /v1/complaints': async () =>
    stack.post('/v1/complaints', await tokens.citizen(), {
      against: { role: 'police', org: 'psb-1' },
      description: 'My sealed record was read out to my employer.',
    }),
  'GET /v1/complaints': async () => {
    await complaintId();
    return stack.request('GET', '/v1/complaints', { token: await tokens.citizen() });
  },
  'POST /v1/complaints/{id}/response': async () =>
    stack.post(`/v1/complaints/${await complaintId()}/response`, await tokens.police(), {
      response: 'The officer was disciplined and the employer told to delete what it learnt.',
    }),
  'POST /v1/complaints/{id}/resolution': async () =>
    stack.post(`/v1/complaints/${await complaintId()}/resolution`, await tokens.supervisor(), {
      resolution: 'The agency’s measures are adequate; closed.',
    }),
  'GET /v1/agencies': async () =>
    stack.request('GET', '/v1/agencies?limit=3', { token: await tokens.school() }),
  'GET /v1/me/records': async () =>
    stack.request('GET', '/v1/me/records', { token: await tokens.citizen() }),
  'POST /v1/me/sealing-applications': async () => sealingApplication(),
  'GET /v1/me/sealing-applications': async () => {
    await sealingApplication();
    return stack.request('GET', '/v1/me/sealing-applications', { token: await tokens.citizen() });
  },
  'GET /v1/sealing-applications': async () => {
    await sealingApplication();
    return stack.request('GET', '/v1/sealing-applications?limit=1', {
      token: await tokens.court(),
    });
  },
  'POST /v1/sealing-applications/{id}/decision': async () =>
    stack.post(
      `/v1/sealing-applications/${(await sealingApplication()).json.applicationId}/decision`,
      await tokens.court(),
      { decision: 'refuse', reasons: 'The sentence exceeds five years.' },
    ),
  'GET /v1/oversight/summary': async () =>
    stack.request('GET', '/v1/oversight/summary', { token: await tokens.supervisor() }),
  'POST /v1/documents/pdf': async () => {
    const person = syntheticPerson();
    const citizen = await stack.token('citizen', { person });
    const issued = await stack.post('/v1/certificates', citizen, { purpose: 'employment' });
    return stack.post(
      '/v1/documents/pdf',
      citizen,
      { document: issued.json.credential },
      { accept: 'application/pdf' },
    );
  },
  'GET /v1/audit': async () =>
    stack.request('GET', '/v1/audit', { token: await tokens.supervisor() }),
  'POST /v1/certificates/offers': async () => offer(),
  'GET /.well-known/openid-credential-issuer': () =>
    stack.request('GET', '/.well-known/openid-credential-issuer'),
  'GET /.well-known/oauth-authorization-server': () =>
    stack.request('GET', '/.well-known/oauth-authorization-server'),
  'POST /v1/wallet/token': async () => walletToken(),
  'POST /v1/wallet/nonce': () => stack.request('POST', '/v1/wallet/nonce'),
  'POST /v1/wallet/credential': async () => {
    const token = String((await walletToken()).json.access_token);
    const nonce = String((await stack.request('POST', '/v1/wallet/nonce')).json.c_nonce);
    const wallet = await createTestWallet();
    const issuerMetadata = await wallet.client.resolveIssuerMetadata(stack.url);
    const jwt = await wallet.proof(issuerMetadata, nonce);
    return stack.request('POST', '/v1/wallet/credential', {
      headers: { authorization: `Bearer ${token}` },
      body: {
        credential_configuration_id: Object.keys(
          issuerMetadata.credentialIssuer.credential_configurations_supported,
        )[0],
        proofs: { jwt: [jwt] },
      },
    });
  },
  'GET /openapi.json': () => stack.request('GET', '/openapi.json'),
};

const routeKeys = routes.map(({ method, path }) => `${method} ${path}`);

describe('GET /openapi.json', () => {
  it('describes a success body for every route', async () => {
    const document = (await stack.request('GET', '/openapi.json')).json as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, unknown> };
    };
    for (const key of routeKeys) {
      const success = successResponses[key];
      expect(success, `no success response described for ${key}`).toBeDefined();
      if (success === undefined) continue;
      const [method = '', path = ''] = key.split(' ');
      expect(document.paths[path]?.[method.toLowerCase()]?.responses[success.status]).toEqual({
        description: expect.any(String),
        content: {
          [success.contentType]: { schema: { $ref: `#/components/schemas/${success.name}` } },
        },
        ...(key.startsWith('POST /v1/inquiries') || key === 'GET /v1/inquiries/{id}'
          ? { links: expect.any(Object) }
          : {}),
      });
      const { $schema: _, ...expected } = z.toJSONSchema(success.schema, { io: 'output' });
      expect(document.components.schemas[success.name]).toEqual(expected);
    }
  });

  it('declares every status each route can answer, with the headers that go with it', async () => {
    const document = (await stack.request('GET', '/openapi.json')).json as unknown as Document;
    for (const route of routes as readonly RouteDefinition[]) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()];
      const statuses = Object.keys(operation?.responses ?? {});
      const key = `${route.method} ${route.path}`;
      // Every route: a malformed request, a wrong method, a body too large, the edge's
      // throttle and header limit, a failed dependency.
      expect(statuses, key).toEqual(
        expect.arrayContaining(['400', '405', '413', '429', '431', '503']),
      );
      if (route.auth.kind === 'jwt')
        expect(statuses, key).toEqual(expect.arrayContaining(['401', '403']));
      if (route.path.includes('{id}')) expect(statuses, key).toContain('404');
      for (const type of route.errors ?? []) {
        for (const status of statusesOf(type))
          expect(statuses, `${key}: ${type.name}`).toContain(String(status));
      }
    }
    const responses = document.components.responses;
    expect(responses.Problem405?.headers).toHaveProperty('Allow.required', true);
    expect(responses.Problem429?.headers).toHaveProperty('Retry-After.required', true);
    expect(responses.Problem503?.headers).toHaveProperty('Retry-After.required', true);
    expect(responses.Problem401?.headers).toHaveProperty('WWW-Authenticate.required', true);
  });

  it('names the query parameters, the security of every route and the inquiry flow', async () => {
    const document = (await stack.request('GET', '/openapi.json')).json as unknown as Document;
    const names = (path: string) =>
      (document.paths[path]?.get?.parameters ?? [])
        .filter((p) => p.in === 'query')
        .map((p) => p.name);
    expect(names('/v1/inquiries').sort()).toEqual(['cursor', 'limit', 'status']);
    expect(names('/v1/reviews')).toContain('cursor');
    expect(names('/v1/audit').sort()).toEqual(['from', 'to']);
    expect(document.paths['/v1/wallet/credential']?.post?.security).toEqual([
      { walletAccessToken: [] },
    ]);
    expect(document.paths['/v1/records']?.post?.security).toEqual([{ bearer: [] }]);
    expect(document.paths['/v1/trust-bundle']?.get?.security).toEqual([]);
    const operationIds = new Set(
      Object.values(document.paths).flatMap((operations) =>
        Object.values(operations).map((operation) => operation.operationId),
      ),
    );
    const links = document.paths['/v1/inquiries']?.post?.responses['202']?.links ?? {};
    expect(Object.keys(links).sort()).toEqual([
      'AcknowledgeNotice',
      'DecideInquiry',
      'GetInquiry',
      'GetResult',
    ]);
    for (const link of Object.values(links)) {
      expect(operationIds).toContain(link.operationId);
      expect(link.parameters).toEqual({ id: '$response.body#/inquiryId' });
    }
  });

  it('is what every answer of the suite is checked against, and the check can fail', async () => {
    const document = (await stack.request('GET', '/openapi.json'))
      .json as unknown as OpenApiDocument;
    const validator = new OpenApiValidator(document);
    const problem = (status: number) => ({
      type: 'urn:sealed-records:problem:x',
      title: 'x',
      status,
      detail: 'x',
      code: 'x',
    });
    const answer = (status: number, path = '/v1/legal-bases', method = 'GET') => ({
      method,
      path,
      status,
      headers: { 'content-type': 'application/problem+json' },
      body: JSON.stringify(problem(status)),
    });
    // A status the route does not declare (the fuzz run found 20 % of these before).
    expect(validator.problemsWith(answer(422))).toEqual([
      'GET /v1/legal-bases → 422: status not declared',
    ]);
    // A 405 without its Allow; a 503 without Retry-After.
    expect(validator.problemsWith(answer(405, '/v1/records', 'DELETE'))).toEqual([
      'DELETE /v1/records → 405: required header Allow missing',
    ]);
    expect(validator.problemsWith(answer(503))).toEqual([
      'GET /v1/legal-bases → 503: required header Retry-After missing',
    ]);
    // A body that is not what the schema says.
    expect(
      validator.problemsWith({
        ...answer(201, '/v1/certificates', 'POST'),
        headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
        body: JSON.stringify({ certificateId: 'not-a-urn', credential: 'x' }),
      }),
    ).toEqual([expect.stringContaining('body/certificateId must match pattern')]);
  });

  it.each(routeKeys)('%s answers as described', async (key) => {
    const sample = samples[key];
    const success = successResponses[key];
    expect(sample, `no sample request for ${key}`).toBeDefined();
    if (sample === undefined || success === undefined) return;
    const response = await sample();
    expect(response.status, response.text).toBe(success.status);
    expect(response.headers.get('content-type')).toContain(success.contentType);
    // An answer to a caller with a token, or one carrying a credential, is never cached.
    const route = routes.find((r) => `${r.method} ${r.path}` === key);
    if (route?.auth.kind === 'jwt' && key !== 'GET /v1/legal-bases') {
      expect(response.headers.get('cache-control'), key).toBe('no-store');
    }
    const ndjson = success.contentType === 'application/x-ndjson';
    const json = /[/+]json$/.test(success.contentType);
    const parsed = success.schema.safeParse(json ? response.json : response.text);
    expect(parsed.success, parsed.error?.message).toBe(true);
    if (ndjson) {
      const lines = response.text.trimEnd().split('\n');
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(JSON.parse(line)).toBeTypeOf('object');
    }
  });
});
