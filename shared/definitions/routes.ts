/**
 * The HTTP routes, defined once: the CDK stack creates API Gateway routes from this list,
 * the local server dispatches with it, and the OpenAPI document describes it.
 */

import { InvalidRecordFactsError } from '../domain/record.ts';
import { WalletProtocolError } from '../domain/wallet/walletProtocolError.ts';
import {
  ApprovalNotVerifiedError,
  AuditEventConflictError,
  ComplaintInquiryNotAboutComplainantError,
  DocumentNotPrintableError,
  type ErrorClass,
  InquiryActionForbiddenError,
  InquiryNotFoundError,
  InquiryScopeNotAskedError,
  InquiryStateError,
  InvalidCursorError,
  JustificationRequiredError,
  NoLegalBasisError,
  OversightNotFoundError,
  OversightStateError,
  RecordConflictError,
  RecordOnFileError,
  RecordTypeNotAllowedError,
  SupersessionNotApplicableError,
} from '../errors.ts';
import type { FunctionDefinition } from './functions.ts';
import {
  accessLogFunction,
  auditExportFunction,
  decideInquiryFunction,
  ingestRecordFunction,
  inquiriesFunction,
  issueCertificateFunction,
  noticesFunction,
  oversightFunction,
  oversightSummaryFunction,
  ownRecordsFunction,
  printDocumentFunction,
  publicDocumentsFunction,
  reviewsFunction,
  sealingApplicationsFunction,
  walletIssuerFunction,
  walletOffersFunction,
} from './functions.ts';
import { type AgencyRole, agencyRoles, type Role, roles, staffRoles } from './roles.ts';

export { type AgencyRole, agencyRoles, type Role, roles, staffRoles };

const inquirerRoles = ['unit', 'court', 'procuratorate', 'police'] as const;

export type RouteDefinition = {
  method: 'GET' | 'POST';
  path: string;
  function: FunctionDefinition;
  /** Roles admitted; `public` routes need no token. */
  auth: { kind: 'public' } | { kind: 'jwt'; roles: readonly Role[] };
  summary: string;
  /**
   * Requests per second (steady, burst) the edge lets through to this route; absent: the
   * stage's limits. A flood on one route cannot starve the others.
   */
  throttle?: { rateLimit: number; burstLimit: number };
  /** Public documents only: seconds the edge serves the answer from its cache. */
  cacheSeconds?: number;
  /**
   * The errors the route's use case raises beyond what every route of its kind answers (a
   * bad body, a token, a `{id}` not found, a dependency): the OpenAPI document declares their
   * statuses from the one error table (`shared/http/problem.ts`), and the integration suite
   * checks every answer it gets against the document.
   */
  errors?: readonly ErrorClass[];
};

const inquiryStepErrors = [
  InquiryNotFoundError,
  InquiryActionForbiddenError,
  InquiryStateError,
] as const;
const pagedListErrors = [InvalidCursorError] as const;
/**
 * A write whose audit event is named by what it acts on (`record.ingest:<id>`,
 * `inquiry.decide:<id>`, …): a retry that now decides otherwise finds the event written with
 * other content and stops (409).
 */
const auditedWriteErrors = [AuditEventConflictError] as const;
const oversightStepErrors = [
  OversightNotFoundError,
  OversightStateError,
  ...auditedWriteErrors,
] as const;
const certificateErrors = [
  RecordOnFileError,
  JustificationRequiredError,
  ...auditedWriteErrors,
] as const;

/**
 * Media types API Gateway passes through as binary (a function answers them base64-encoded
 * with `isBase64Encoded`) when the request's `Accept` names one of them; the local server
 * does the same.
 */
export const binaryMediaTypes = ['application/pdf'] as const;

/** Public documents: the same for everyone, cached at the edge, throttled apart. */
const publicDocument = {
  auth: { kind: 'public' },
  throttle: { rateLimit: 50, burstLimit: 100 },
  cacheSeconds: 300,
} as const;

export const routes = [
  {
    method: 'POST',
    path: '/v1/records',
    function: ingestRecordFunction,
    auth: { kind: 'jwt', roles: agencyRoles },
    summary: 'Submit a judgment or related record; sealing is decided at once.',
    throttle: { rateLimit: 20, burstLimit: 40 },
    errors: [
      InvalidRecordFactsError,
      RecordConflictError,
      RecordTypeNotAllowedError,
      SupersessionNotApplicableError,
      ...auditedWriteErrors,
    ],
  },
  {
    method: 'POST',
    path: '/v1/certificates',
    function: issueCertificateFunction,
    auth: { kind: 'jwt', roles: ['citizen'] },
    summary: 'Issue a no-criminal-record certificate to the caller as a verifiable credential.',
    throttle: { rateLimit: 50, burstLimit: 100 },
    errors: certificateErrors,
  },
  {
    method: 'POST',
    path: '/v1/certificates/offers',
    function: walletOffersFunction,
    auth: { kind: 'jwt', roles: ['citizen'] },
    summary:
      'Offer the certificate to the caller’s wallet (OpenID4VCI pre-authorized code flow), as a ' +
      'URI and a QR code.',
    errors: certificateErrors,
  },
  {
    method: 'GET',
    path: '/.well-known/openid-credential-issuer',
    function: walletIssuerFunction,
    auth: { kind: 'public' },
    summary: 'OpenID4VCI credential issuer metadata: endpoints and the dc+sd-jwt configuration.',
  },
  {
    method: 'GET',
    path: '/.well-known/oauth-authorization-server',
    function: walletIssuerFunction,
    auth: { kind: 'public' },
    summary: 'OAuth 2.0 authorization server metadata: the token endpoint for offers’ codes.',
  },
  {
    method: 'POST',
    path: '/v1/wallet/token',
    function: walletIssuerFunction,
    // The wallet holds no account token: the offer's pre-authorized code is its grant.
    auth: { kind: 'public' },
    summary: 'Exchange an offer’s pre-authorized code (once) for an access token.',
    errors: [WalletProtocolError],
  },
  {
    method: 'POST',
    path: '/v1/wallet/nonce',
    function: walletIssuerFunction,
    auth: { kind: 'public' },
    summary: 'A fresh single-use nonce for the wallet’s key proof.',
  },
  {
    method: 'POST',
    path: '/v1/wallet/credential',
    function: walletIssuerFunction,
    // Authorized by the access token of the token endpoint, checked by the function.
    auth: { kind: 'public' },
    summary: 'The certificate as an SD-JWT VC bound to the key the proof shows.',
    errors: [WalletProtocolError, RecordOnFileError],
  },
  {
    method: 'POST',
    path: '/v1/documents/pdf',
    function: printDocumentFunction,
    auth: { kind: 'jwt', roles: ['citizen', ...inquirerRoles] },
    // Rendering takes a CPU-second: a flood here must not reach the certificate path.
    throttle: { rateLimit: 10, burstLimit: 20 },
    summary: 'The caller’s own certificate or letter as a printable PDF with its QR code.',
    errors: [DocumentNotPrintableError],
  },
  {
    method: 'GET',
    path: '/.well-known/did.json',
    function: publicDocumentsFunction,
    ...publicDocument,
    summary: 'The issuer DID document (did:web) with every current and retired signing key.',
  },
  {
    method: 'GET',
    path: '/v1/trust-bundle',
    function: publicDocumentsFunction,
    ...publicDocument,
    summary: 'The issuer DID documents as one file for offline verifiers to pin.',
  },
  {
    method: 'GET',
    path: '/contexts/no-criminal-record/v1',
    function: publicDocumentsFunction,
    ...publicDocument,
    summary: 'The JSON-LD context of the NoCriminalRecordCertificate credential type.',
  },
  {
    method: 'GET',
    path: '/contexts/inquiry-result-letter/v1',
    function: publicDocumentsFunction,
    ...publicDocument,
    summary: 'The JSON-LD context of the InquiryResultLetter credential type.',
  },
  {
    method: 'GET',
    path: '/v1/legal-bases',
    function: inquiriesFunction,
    auth: { kind: 'jwt', roles },
    summary: 'The versioned registry of legal bases for inquiries (IM art. 16).',
  },
  {
    method: 'POST',
    path: '/v1/inquiries',
    function: inquiriesFunction,
    auth: { kind: 'jwt', roles: inquirerRoles },
    summary: 'Apply to inquire about a person, stating reason, legal basis and purpose.',
    errors: [NoLegalBasisError, ...auditedWriteErrors],
  },
  {
    method: 'GET',
    path: '/v1/inquiries',
    function: inquiriesFunction,
    auth: { kind: 'jwt', roles: agencyRoles },
    summary: 'The applications addressed to the caller’s agency, by deadline.',
    errors: pagedListErrors,
  },
  {
    method: 'GET',
    path: '/v1/inquiries/{id}',
    function: inquiriesFunction,
    auth: { kind: 'jwt', roles: [...inquirerRoles, 'justice'] },
    summary: 'An application’s status, deadline, reasons and notice.',
    errors: inquiryStepErrors,
  },
  {
    method: 'POST',
    path: '/v1/inquiries/{id}/decision',
    function: decideInquiryFunction,
    auth: { kind: 'jwt', roles: agencyRoles },
    summary:
      'Approve (a signed approval) or refuse (with reasons) an application addressed to the ' +
      'caller’s organisation; never one the caller made.',
    errors: [...inquiryStepErrors, InquiryScopeNotAskedError, ...auditedWriteErrors],
  },
  {
    method: 'POST',
    path: '/v1/inquiries/{id}/acknowledgement',
    function: inquiriesFunction,
    auth: { kind: 'jwt', roles: inquirerRoles },
    summary: 'Accept the notice binding the result to purpose, scope and confidentiality.',
    errors: [...inquiryStepErrors, ...auditedWriteErrors],
  },
  {
    method: 'GET',
    path: '/v1/inquiries/{id}/result',
    function: inquiriesFunction,
    auth: { kind: 'jwt', roles: inquirerRoles },
    summary: 'The result: a signed letter, or the full file for a judicial organ.',
    errors: [...inquiryStepErrors, ApprovalNotVerifiedError],
  },
  {
    method: 'GET',
    path: '/v1/me/access-log',
    function: accessLogFunction,
    auth: { kind: 'jwt', roles: ['citizen'] },
    summary: 'Every inquiry about the caller: who, when, basis, purpose and decision.',
  },
  {
    method: 'GET',
    path: '/v1/me/records',
    function: ownRecordsFunction,
    auth: { kind: 'jwt', roles: ['citizen'] },
    summary: 'The caller’s own records, whether sealed, with the sealing notices; unsigned.',
  },
  {
    method: 'POST',
    path: '/v1/me/sealing-applications',
    function: sealingApplicationsFunction,
    auth: { kind: 'jwt', roles: ['citizen'] },
    summary: 'Ask the organisation holding a record to seal it.',
  },
  {
    method: 'GET',
    path: '/v1/me/sealing-applications',
    function: sealingApplicationsFunction,
    auth: { kind: 'jwt', roles: ['citizen'] },
    summary: 'The caller’s sealing applications and decisions.',
  },
  {
    method: 'GET',
    path: '/v1/sealing-applications',
    function: sealingApplicationsFunction,
    auth: { kind: 'jwt', roles: agencyRoles },
    summary: 'Sealing applications to the caller’s organisation, paged.',
  },
  {
    method: 'POST',
    path: '/v1/sealing-applications/{id}/decision',
    function: sealingApplicationsFunction,
    auth: { kind: 'jwt', roles: agencyRoles },
    summary: 'Seal or refuse a sealing application, with reasons.',
  },
  {
    method: 'GET',
    path: '/v1/notices',
    function: noticesFunction,
    auth: { kind: 'jwt', roles: agencyRoles },
    summary: 'The caller’s organisation’s notices: sealed, unsealed, superseded.',
  },
  {
    method: 'POST',
    path: '/v1/notices/{id}/acknowledgement',
    function: noticesFunction,
    auth: { kind: 'jwt', roles: agencyRoles },
    summary: 'Confirm a notice (IM arts. 11–13: within 3 days).',
    errors: oversightStepErrors,
  },
  {
    method: 'GET',
    path: '/v1/reviews',
    function: reviewsFunction,
    auth: { kind: 'jwt', roles: agencyRoles },
    summary: 'The caller’s organisation’s reviews of its flagged records, a page at a time.',
    errors: pagedListErrors,
  },
  {
    method: 'POST',
    path: '/v1/reviews/{id}/decision',
    function: reviewsFunction,
    auth: { kind: 'jwt', roles: agencyRoles },
    summary: 'Decide a review: the reading confirmed, or the record corrected, with reasons.',
    errors: oversightStepErrors,
  },
  {
    method: 'POST',
    path: '/v1/opinions',
    function: oversightFunction,
    auth: { kind: 'jwt', roles: ['supervisor'] },
    summary: 'Issue a corrective opinion with a reply due date (IM art. 22; SPP art. 552).',
    errors: [OversightStateError, ...auditedWriteErrors],
  },
  {
    method: 'GET',
    path: '/v1/opinions',
    function: oversightFunction,
    auth: { kind: 'jwt', roles: ['supervisor', 'unit', ...agencyRoles] },
    summary: 'Opinions the caller’s organisation issued, was reported, or is named in.',
  },
  {
    method: 'POST',
    path: '/v1/opinions/{id}/reply',
    function: oversightFunction,
    auth: { kind: 'jwt', roles: ['unit', ...agencyRoles] },
    summary: 'The agency’s reply: the measures it took.',
    errors: oversightStepErrors,
  },
  {
    method: 'POST',
    path: '/v1/opinions/{id}/review-request',
    function: oversightFunction,
    auth: { kind: 'jwt', roles: ['unit', ...agencyRoles] },
    summary: 'The agency asks, once, for review of a disputed written opinion.',
    errors: oversightStepErrors,
  },
  {
    method: 'POST',
    path: '/v1/opinions/{id}/review-decision',
    function: oversightFunction,
    auth: { kind: 'jwt', roles: ['supervisor'] },
    summary:
      'The supervisor upholds (reported one level up) or withdraws the opinion (within 7 days of the request).',
    errors: oversightStepErrors,
  },
  {
    method: 'POST',
    path: '/v1/complaints',
    function: oversightFunction,
    auth: { kind: 'jwt', roles: ['citizen'] },
    summary: 'Complain of an improper disclosure (IM art. 21).',
    errors: [ComplaintInquiryNotAboutComplainantError, ...auditedWriteErrors],
  },
  {
    method: 'GET',
    path: '/v1/complaints',
    function: oversightFunction,
    auth: { kind: 'jwt', roles: ['citizen', 'supervisor', 'unit', ...agencyRoles] },
    summary: 'The caller’s complaints, those against their organisation, or all (supervisors).',
  },
  {
    method: 'POST',
    path: '/v1/complaints/{id}/response',
    function: oversightFunction,
    auth: { kind: 'jwt', roles: ['unit', ...agencyRoles] },
    summary: 'The organisation complained against answers, once.',
  },
  {
    method: 'POST',
    path: '/v1/complaints/{id}/resolution',
    function: oversightFunction,
    // The organisation named is admitted to be told the step is not theirs (403).
    auth: { kind: 'jwt', roles: ['supervisor', 'unit', ...agencyRoles] },
    summary: 'A supervisor closes the complaint in writing; the person sees the resolution.',
    errors: oversightStepErrors,
  },
  {
    method: 'GET',
    path: '/v1/oversight/summary',
    function: oversightSummaryFunction,
    auth: { kind: 'jwt', roles: ['supervisor'] },
    summary: 'Per agency: pending and overdue inquiries and notices, opinions, open complaints.',
  },
  {
    method: 'GET',
    path: '/v1/agencies',
    function: oversightSummaryFunction,
    auth: { kind: 'jwt', roles },
    summary: 'The agency directory (org, role, name, division), versioned and paged.',
  },
  {
    method: 'GET',
    path: '/v1/audit',
    function: auditExportFunction,
    auth: { kind: 'jwt', roles: ['supervisor'] },
    summary: 'The audit trail as NDJSON with signed checkpoints (from, to: ISO date-times).',
  },
  {
    method: 'GET',
    path: '/openapi.json',
    function: publicDocumentsFunction,
    ...publicDocument,
    summary: 'This API described as OpenAPI 3.1, generated from the request schemas.',
  },
] as const satisfies readonly RouteDefinition[];

/** Splits a route path into literal segments and `{name}` parameters. */
function segmentsOf(path: string): string[] {
  return path.split('/').slice(1);
}

/**
 * The path parameters of `path` if it matches the route template `template` — as API
 * Gateway matches `/v1/inquiries/{id}`: a parameter is one whole, non-empty segment.
 */
function matchTemplate(template: string, path: string): Record<string, string> | undefined {
  const requested = segmentsOf(path);
  const pattern = segmentsOf(template);
  if (pattern.length !== requested.length) return undefined;
  const pathParameters: Record<string, string> = {};
  const matches = pattern.every((segment, i) => {
    const value = requested[i] ?? '';
    const parameter = /^\{([a-zA-Z]+)\}$/.exec(segment)?.[1];
    if (parameter === undefined) return segment === value;
    if (value === '') return false;
    try {
      pathParameters[parameter] = decodeURIComponent(value);
    } catch {
      return false;
    }
    return true;
  });
  return matches ? pathParameters : undefined;
}

/** The route a request path matches, with its path parameters. */
export function matchRoute(
  method: string,
  path: string,
  definitions: readonly RouteDefinition[] = routes,
): { route: RouteDefinition; pathParameters: Record<string, string> } | undefined {
  for (const route of definitions) {
    if (route.method !== method) continue;
    const pathParameters = matchTemplate(route.path, path);
    if (pathParameters) return { route, pathParameters };
  }
  return undefined;
}

/**
 * The methods a resource answers — the `Allow` of a 405 (RFC 9110 §15.5.6): its routes'
 * methods, HEAD wherever GET is served. Empty when no route has this path (a 404).
 * `path` is a request path, or a route template (which matches itself).
 */
export function allowedMethods(
  path: string,
  definitions: readonly RouteDefinition[] = routes,
): string[] {
  const methods = new Set<string>();
  for (const route of definitions) {
    if (route.path !== path && !matchTemplate(route.path, path)) continue;
    methods.add(route.method);
    if (route.method === 'GET') methods.add('HEAD');
  }
  return [...methods].sort();
}
