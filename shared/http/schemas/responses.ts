/**
 * The bodies of successful responses, for the OpenAPI document (`API.md` is the contract
 * they follow). Loose objects: a member added later extends the contract without making
 * an older description false.
 */
import * as z from 'zod';
import { agencyRoles } from '../../domain/agencies.ts';
import { CERTIFICATE_ID } from '../../domain/credential/claims.ts';
import { didDocumentSchema, trustBundleSchema } from '../../domain/credential/didDocument.ts';
import { inquiryStatuses } from '../../domain/inquiry/inquiry.ts';
import { basisFlags } from '../../domain/inquiry/legalBases.ts';
import { complaintStatuses } from '../../domain/oversight/complaints.ts';
import { opinionKinds, opinionStates } from '../../domain/oversight/opinions.ts';
import { penalties, reviewFlags } from '../../domain/record.ts';
import { reviewOutcomes, reviewStatuses } from '../../domain/review/review.ts';
import { noticeKinds } from '../../ports/notices.ts';
import { agencyDirectoryPageSchema } from './agencies.ts';

export const recordAcceptedSchema = z
  .looseObject({
    recordId: z.string().describe('Identifies the record from now on.'),
    sealed: z.boolean().describe('Whether this record is sealed, by its own facts alone.'),
    basis: z.array(z.string()).describe('The articles behind the decision.'),
    reviewFlags: z
      .array(z.string())
      .describe('Ambiguous readings the rules applied and flagged for human review.'),
    containsSealedInformation: z
      .boolean()
      .describe(
        '含犯罪记录封存信息 (IM arts. 5–6), from this record’s own facts: a co-defendant under ' +
          '18 at the offence date, or a combined case committed before the subject’s 18th birthday.',
      ),
  })
  .describe(
    'The decision on the submitted record, from its own facts alone: nothing about the ' +
      'person’s other records, nor about anyone named in it.',
  );

export const certificateIssuedSchema = z
  .looseObject({
    certificateId: z.string().regex(CERTIFICATE_ID),
    credential: z
      .string()
      .describe('The verifiable credential: a JWT VC signed ES256 by the issuer DID.'),
  })
  .describe('A no-criminal-record certificate.');

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const basisReadingSchema = z.looseObject({ question: z.string(), reading: z.string() });

const letterFilterSchema = z
  .looseObject({
    articles: z
      .array(z.string())
      .optional()
      .describe(
        'Criminal Law articles: a bare article covers its paragraphs, "359(2)" that paragraph only.',
      ),
    articleRanges: z
      .array(z.looseObject({ from: z.int(), to: z.int(), title: z.string() }))
      .optional()
      .describe('Runs of articles, both ends and their 之一… articles included.'),
    intentionalOnly: z.literal(true).optional().describe('Negligent offences are not reported…'),
    negligentArticles: z.array(z.string()).optional().describe('…except under these articles.'),
    minimumPenalty: z
      .enum(penalties)
      .optional()
      .describe(
        'The least punishment reported; `supplementary-only`: any criminal punishment, an exemption not.',
      ),
    period: z
      .looseObject({
        yearsAfterExecution: z.int(),
        yearsAfterProbation: z.int().optional(),
      })
      .optional()
      .describe('How long the bar lasts, counted from the effective date or the probation’s end.'),
  })
  .describe('What letters under the basis report, by article and the record’s own facts.');

export const legalBasisRegistrySchema = z
  .looseObject({
    version: z.string().describe('The registry version the decisions cite.'),
    bases: z.array(
      z.looseObject({
        id: z.string(),
        statute: z.string(),
        article: z.string(),
        title: z.string(),
        inquirers: z.array(z.string()).describe('Roles that may invoke the basis.'),
        disclosure: z.enum(['letter', 'full-file']),
        addressees: z.array(z.enum(agencyRoles)),
        bar: z.string().describe('The bar as the statute states it, with the clause.'),
        invokedBy: z.string().optional(),
        filter: letterFilterSchema
          .optional()
          .describe(
            'What its letters report; absent on a letter basis: every unsealed conviction.',
          ),
        readings: z
          .array(basisReadingSchema)
          .optional()
          .describe(
            'Questions the statute leaves open that a letter turns on, and the reading taken.',
          ),
        flags: z
          .array(z.enum(basisFlags))
          .optional()
          .describe('Shown to the deciding official with every application under the basis.'),
        unverified: z
          .string()
          .optional()
          .describe('What could not be confirmed against the statute’s text.'),
      }),
    ),
  })
  .describe('The versioned registry of legal bases for inquiries.');

export const inquiryReceivedSchema = z
  .looseObject({
    inquiryId: z.uuid(),
    status: z.literal('pending'),
    decideBy: isoDate.describe('The third PRC working day after receipt (China Standard Time).'),
    calendar: z
      .enum(['official', 'provisional'])
      .describe(
        'The announced calendar, or `provisional`: a year not yet announced, counted with the ' +
          'holidays fixed in law; restated when the schedule arrives, never earlier.',
      ),
  })
  .describe('The application, received.');

export const inquiryViewSchema = z
  .looseObject({
    inquiryId: z.uuid(),
    status: z.enum(inquiryStatuses),
    decideBy: isoDate,
    calendar: z.enum(['official', 'provisional']),
    overdue: z.boolean(),
    legalBasis: z.string(),
    agency: z
      .looseObject({ role: z.enum(agencyRoles), org: z.string() })
      .describe('The organisation the application is addressed to, which decides it.'),
    receivedAt: z.string(),
    scope: z
      .looseObject({ details: z.boolean() })
      .describe('What the application asked to read beyond the structured facts.'),
    granted: z
      .looseObject({ details: z.boolean() })
      .optional()
      .describe('What the approval granted of that scope.'),
    reasons: z.string().optional(),
    notice: z
      .looseObject({
        text: z.looseObject({ zh: z.string(), en: z.string() }),
        basis: z.string(),
        accepted: z.boolean(),
      })
      .optional()
      .describe('The IM art. 17 notice the inquirer accepts before the result.'),
    applicant: z
      .looseObject({ role: z.string(), org: z.string(), sub: z.string() })
      .optional()
      .describe('To the deciding organisation: the organisation and official who applied.'),
    legalBasisReference: z
      .looseObject({
        statute: z.string(),
        article: z.string(),
        title: z.string(),
        readings: z.array(basisReadingSchema).describe('The readings the registry takes.'),
        flags: z
          .array(z.enum(basisFlags))
          .describe(
            '`sealed-records-unclear`: the statute does not say whether sealed records are reached.',
          ),
      })
      .optional()
      .describe('To the deciding organisation: the statute and article the basis cites.'),
    reason: z.string().optional().describe('To the deciding organisation: the stated reason.'),
    purpose: z.string().optional().describe('To the deciding organisation: the stated purpose.'),
    caseNumber: z.string().optional().describe('To the deciding organisation: the case handled.'),
    subject: z
      .looseObject({ name: z.string(), nationalIdMasked: z.string() })
      .optional()
      .describe(
        'To the deciding organisation: whom the application is about, as stated. Never ' +
          "anything about the person's records.",
      ),
  })
  .describe('An application as its inquirer or the addressed organisation sees it.');

export const inquiryListSchema = z
  .looseObject({
    inquiries: z.array(inquiryViewSchema),
    cursor: z.string().optional().describe('Pass as `cursor` for the next page; absent: last.'),
  })
  .describe("The addressed organisation's applications, a page at a time.");

export const inquiryResultSchema = z
  .union([
    z.looseObject({
      letter: z
        .string()
        .describe('An InquiryResultLetter verifiable credential: a JWT VC signed ES256.'),
    }),
    z.looseObject({
      records: z
        .array(
          z.looseObject({
            recordId: z.string(),
            recordType: z.string(),
            sealed: z.boolean(),
            caseNumber: z.string(),
            offenceDate: isoDate,
            effectiveDate: isoDate,
            containsSealedInformation: z.boolean(),
          }),
        )
        .describe('Every record of the person, sealed ones included (full-file bases).'),
    }),
  ])
  .describe('The result: a letter, or the full file for a judicial organ handling a case.');

export const accessLogSchema = z
  .looseObject({
    entries: z.array(
      z.looseObject({
        at: z.string(),
        inquirer: z.looseObject({ role: z.string(), org: z.string() }),
        legalBasis: z.string(),
        purpose: z.string(),
        status: z.string(),
      }),
    ),
    cursor: z.string().optional().describe('For the next page; absent on the last.'),
  })
  .describe(
    'Every inquiry about the caller, newest first, a page at a time; never what a result ' +
      'contained.',
  );

const agencyRef = z.looseObject({ role: z.string(), org: z.string() });

export const noticeSchema = z
  .looseObject({
    noticeId: z.string(),
    kind: z.enum(noticeKinds),
    recordId: z.string(),
    at: z.string().describe('When the reported event happened.'),
    sealedAt: z.string().optional(),
    acknowledgeBy: z
      .string()
      .describe(
        'IM arts. 11–13: the end (China Standard Time) of the 3rd day after the event, or of ' +
          'the next working day when that is a holiday or rest day (CPL art. 105).',
      ),
    calendar: z
      .enum(['official', 'provisional'])
      .describe('`provisional`: counted on a year not yet announced; restated, never earlier.'),
    status: z.enum(['pending', 'acknowledged', 'overdue']),
    acknowledgedAt: z.string().optional(),
  })
  .describe('A notice to an agency about one of its records; record IDs only.');

export const noticeListSchema = z
  .looseObject({
    notices: z.array(noticeSchema),
    cursor: z.string().optional().describe('For the next page; absent on the last.'),
  })
  .describe("The caller's organisation's notices, by notice ID, a page at a time.");

export const reviewSchema = z
  .looseObject({
    reviewId: z.uuid(),
    recordId: z.string(),
    flag: z.enum(reviewFlags),
    causedBy: z
      .string()
      .optional()
      .describe('The record whose arrival raised the flag, when another one did.'),
    openedAt: z.string(),
    decideBy: isoDate.describe('PRC working days after the review was opened.'),
    status: z.enum(reviewStatuses),
    outcome: z.enum(reviewOutcomes).optional(),
    reasons: z.string().optional(),
    decidedAt: z.string().optional(),
    decidedBy: z.string().optional().describe('The official (`sub`) who decided.'),
  })
  .describe('A review of one flag on one of the organisation’s records; record IDs only.');

export const reviewPageSchema = z
  .looseObject({
    reviews: z.array(reviewSchema),
    cursor: z.uuid().optional().describe('Present when there are more: pass it for the next page.'),
  })
  .describe("A page of the caller's organisation's reviews, by review ID.");

export const opinionSchema = z
  .looseObject({
    opinionId: z.string(),
    agency: agencyRef,
    kind: z.enum(opinionKinds),
    findings: z.string(),
    replyDue: isoDate,
    status: z.enum([...opinionStates, 'overdue']),
    issuedAt: z.string(),
    reply: z.looseObject({ measures: z.string(), at: z.string() }).optional(),
    review: z
      .looseObject({
        grounds: z.string(),
        requestedAt: z.string(),
        decisionDue: isoDate,
        decision: z.enum(['upheld', 'withdrawn']).optional(),
        reasons: z.string().optional(),
        decidedAt: z.string().optional(),
      })
      .optional(),
  })
  .describe('A corrective opinion (IM art. 22) and where it stands.');

export const opinionListSchema = z
  .looseObject({
    opinions: z.array(opinionSchema),
    cursor: z.string().optional().describe('For the next page; absent on the last.'),
  })
  .describe(
    "Opinions the caller's organisation issued (then those reported to it), or that name it; " +
      'newest first, a page at a time.',
  );

export const complaintSchema = z
  .looseObject({
    complaintId: z.string(),
    against: agencyRef,
    inquiryId: z.string().optional(),
    description: z.string(),
    status: z.enum(complaintStatuses),
    receivedAt: z.string(),
    response: z.string().optional().describe('The answer of the organisation named.'),
    answeredAt: z.string().optional(),
    resolution: z.string().optional().describe('A supervisor’s; only a supervisor closes.'),
    resolvedAt: z.string().optional(),
  })
  .describe('A complaint of an improper disclosure (IM art. 21).');

const ownRecordSchema = z.looseObject({
  recordId: z.string(),
  recordType: z.string(),
  caseNumber: z.string(),
  agency: agencyRef,
  offenceDate: z.string(),
  effectiveDate: z.string().optional(),
  sealed: z.boolean(),
  superseded: z.boolean(),
  notices: z.array(
    z.looseObject({
      kind: z.enum(['sealed', 'unsealed']),
      at: z.string(),
      basis: z.array(z.string()),
    }),
  ),
});

export const ownRecordsSchema = z
  .looseObject({
    notice: z
      .looseObject({
        version: z.string(),
        zh: z.string(),
        en: z.string(),
        basis: z.array(z.string()),
      })
      .describe('Not a certificate, not signed: no one may require the person to show it.'),
    records: z.array(ownRecordSchema),
  })
  .describe("The person's own records, whether each is sealed, and the sealing notices.");

export const sealingApplicationReceivedSchema = z
  .looseObject({
    applicationId: z.uuid(),
    decideBy: isoDate,
    calendar: z.enum(['official', 'provisional']),
  })
  .describe('The application, received by the organisation named.');

export const sealingApplicationViewSchema = z
  .looseObject({
    applicationId: z.uuid(),
    caseNumber: z.string(),
    agency: agencyRef,
    grounds: z.string(),
    status: z.enum(['pending', 'decided']),
    decideBy: isoDate,
    calendar: z.enum(['official', 'provisional']),
    overdue: z.boolean(),
    receivedAt: z.string(),
    decision: z
      .looseObject({
        decision: z.enum(['seal', 'refuse']),
        reasons: z.string(),
        decidedAt: z.string(),
      })
      .optional(),
    applicant: z
      .looseObject({ name: z.string(), nationalIdMasked: z.string() })
      .optional()
      .describe('To the deciding organisation only.'),
  })
  .describe('A sealing application and its decision.');

export const sealingApplicationListSchema = z
  .looseObject({
    applications: z.array(sealingApplicationViewSchema),
    cursor: z.string().optional().describe('For the next page; absent on the last.'),
  })
  .describe('Sealing applications, by deadline.');

export const complaintListSchema = z
  .looseObject({
    complaints: z.array(complaintSchema),
    cursor: z.string().optional().describe('For the next page; absent on the last.'),
  })
  .describe(
    "The caller's complaints, those against their agency, or all (supervisors: received, " +
      'answered, then resolved); newest first, a page at a time.',
  );

export const oversightSummarySchema = z
  .looseObject({
    at: z.string(),
    inquiries: z.array(
      z.looseObject({
        agency: z.string(),
        org: z.string(),
        pending: z.number(),
        overdue: z.number(),
      }),
    ),
    agencies: z.array(
      z.looseObject({
        role: z.string(),
        org: z.string(),
        notices: z.looseObject({ pending: z.number(), overdue: z.number() }),
        opinions: z.record(z.string(), z.number()),
        complaints: z.looseObject({ open: z.number() }),
      }),
    ),
  })
  .describe('Per agency: pending and overdue inquiries and notices, opinions, open complaints.');

export const auditExportSchema = z
  .string()
  .describe(
    'NDJSON: one audit record a line ({at, actor, action, target, legalBasis, outcome, ' +
      'prevHash, hash, …}), with signed checkpoint lines ({type: "checkpoint", …}).',
  );

export const jsonLdContextSchema = z
  .looseObject({ '@context': z.record(z.string(), z.unknown()) })
  .describe('A JSON-LD context document.');

export const openApiDocumentSchema = z
  .looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.looseObject({}) })
  .describe('An OpenAPI 3.1 document.');

export const certificateOfferSchema = z
  .looseObject({
    credentialOfferUri: z
      .string()
      .regex(/^openid-credential-offer:\/\/\?credential_offer=/)
      .describe('The OpenID4VCI credential offer, by value: single use, short lived.'),
    qrSvg: z.string().describe('The offer as a QR code (SVG) for a phone wallet.'),
    expiresAt: z.iso.datetime({ offset: true }),
  })
  .describe('A credential offer for the citizen’s wallet.');

export const credentialIssuerMetadataSchema = z
  .looseObject({
    credential_issuer: z.string(),
    credential_endpoint: z.string(),
    nonce_endpoint: z.string(),
    credential_configurations_supported: z.record(
      z.string(),
      z.looseObject({ format: z.string() }),
    ),
  })
  .describe('OpenID4VCI credential issuer metadata.');

export const authorizationServerMetadataSchema = z
  .looseObject({ issuer: z.string(), token_endpoint: z.string() })
  .describe('OAuth 2.0 authorization server metadata (RFC 8414).');

export const walletTokenSchema = z
  .looseObject({
    access_token: z.string(),
    token_type: z.literal('Bearer'),
    expires_in: z.int().positive(),
  })
  .describe('An access token for the credential endpoint.');

export const walletNonceSchema = z
  .looseObject({ c_nonce: z.string() })
  .describe('A single-use nonce for the wallet’s key proof.');

export const walletCredentialSchema = z
  .looseObject({
    credentials: z.array(z.looseObject({ credential: z.string().describe('The SD-JWT VC.') })),
  })
  .describe('The certificate as an SD-JWT VC bound to the wallet’s key.');

export type SuccessResponse = {
  status: 200 | 201 | 202;
  /** Components name in the OpenAPI document. */
  name: string;
  schema: z.ZodType;
  contentType: string;
};

/** Keyed by `METHOD /path`, as the routes in `shared/definitions/routes.ts`. */
/** A printed certificate or letter: the PDF's bytes, sent as binary to `Accept: application/pdf`. */
export const printedDocumentSchema = z
  .string()
  .startsWith('%PDF-')
  .meta({ format: 'binary', description: 'An A4 PDF with the signed document in its QR code.' });

export const successResponses: Record<string, SuccessResponse> = {
  'POST /v1/records': {
    status: 201,
    name: 'RecordAccepted',
    schema: recordAcceptedSchema,
    contentType: 'application/json',
  },
  'POST /v1/certificates': {
    status: 201,
    name: 'CertificateIssued',
    schema: certificateIssuedSchema,
    contentType: 'application/json',
  },
  'GET /.well-known/did.json': {
    status: 200,
    name: 'DidDocument',
    schema: didDocumentSchema,
    contentType: 'application/did+json',
  },
  'GET /v1/trust-bundle': {
    status: 200,
    name: 'TrustBundle',
    schema: trustBundleSchema,
    contentType: 'application/json',
  },
  'GET /contexts/no-criminal-record/v1': {
    status: 200,
    name: 'JsonLdContext',
    schema: jsonLdContextSchema,
    contentType: 'application/ld+json',
  },
  'GET /contexts/inquiry-result-letter/v1': {
    status: 200,
    name: 'JsonLdContext',
    schema: jsonLdContextSchema,
    contentType: 'application/ld+json',
  },
  'GET /v1/legal-bases': {
    status: 200,
    name: 'LegalBasisRegistry',
    schema: legalBasisRegistrySchema,
    contentType: 'application/json',
  },
  'POST /v1/inquiries': {
    status: 202,
    name: 'InquiryReceived',
    schema: inquiryReceivedSchema,
    contentType: 'application/json',
  },
  'GET /v1/inquiries': {
    status: 200,
    name: 'InquiryList',
    schema: inquiryListSchema,
    contentType: 'application/json',
  },
  'GET /v1/inquiries/{id}': {
    status: 200,
    name: 'InquiryView',
    schema: inquiryViewSchema,
    contentType: 'application/json',
  },
  'POST /v1/inquiries/{id}/decision': {
    status: 200,
    name: 'InquiryView',
    schema: inquiryViewSchema,
    contentType: 'application/json',
  },
  'POST /v1/inquiries/{id}/acknowledgement': {
    status: 200,
    name: 'InquiryView',
    schema: inquiryViewSchema,
    contentType: 'application/json',
  },
  'GET /v1/inquiries/{id}/result': {
    status: 200,
    name: 'InquiryResult',
    schema: inquiryResultSchema,
    contentType: 'application/json',
  },
  'GET /v1/me/access-log': {
    status: 200,
    name: 'AccessLog',
    schema: accessLogSchema,
    contentType: 'application/json',
  },
  'GET /v1/notices': {
    status: 200,
    name: 'NoticeList',
    schema: noticeListSchema,
    contentType: 'application/json',
  },
  'GET /v1/reviews': {
    status: 200,
    name: 'ReviewPage',
    schema: reviewPageSchema,
    contentType: 'application/json',
  },
  'POST /v1/reviews/{id}/decision': {
    status: 200,
    name: 'Review',
    schema: reviewSchema,
    contentType: 'application/json',
  },
  'POST /v1/notices/{id}/acknowledgement': {
    status: 200,
    name: 'Notice',
    schema: noticeSchema,
    contentType: 'application/json',
  },
  'POST /v1/opinions': {
    status: 201,
    name: 'Opinion',
    schema: opinionSchema,
    contentType: 'application/json',
  },
  'GET /v1/opinions': {
    status: 200,
    name: 'OpinionList',
    schema: opinionListSchema,
    contentType: 'application/json',
  },
  'POST /v1/opinions/{id}/reply': {
    status: 200,
    name: 'Opinion',
    schema: opinionSchema,
    contentType: 'application/json',
  },
  'POST /v1/opinions/{id}/review-request': {
    status: 200,
    name: 'Opinion',
    schema: opinionSchema,
    contentType: 'application/json',
  },
  'POST /v1/opinions/{id}/review-decision': {
    status: 200,
    name: 'Opinion',
    schema: opinionSchema,
    contentType: 'application/json',
  },
  'POST /v1/complaints': {
    status: 201,
    name: 'Complaint',
    schema: complaintSchema,
    contentType: 'application/json',
  },
  'GET /v1/complaints': {
    status: 200,
    name: 'ComplaintList',
    schema: complaintListSchema,
    contentType: 'application/json',
  },
  'POST /v1/complaints/{id}/response': {
    status: 200,
    name: 'Complaint',
    schema: complaintSchema,
    contentType: 'application/json',
  },
  'POST /v1/complaints/{id}/resolution': {
    status: 200,
    name: 'Complaint',
    schema: complaintSchema,
    contentType: 'application/json',
  },
  'GET /v1/agencies': {
    status: 200,
    name: 'AgencyDirectoryPage',
    schema: agencyDirectoryPageSchema,
    contentType: 'application/json',
  },
  'GET /v1/me/records': {
    status: 200,
    name: 'OwnRecords',
    schema: ownRecordsSchema,
    contentType: 'application/json',
  },
  'POST /v1/me/sealing-applications': {
    status: 201,
    name: 'SealingApplicationReceived',
    schema: sealingApplicationReceivedSchema,
    contentType: 'application/json',
  },
  'GET /v1/me/sealing-applications': {
    status: 200,
    name: 'SealingApplicationList',
    schema: sealingApplicationListSchema,
    contentType: 'application/json',
  },
  'GET /v1/sealing-applications': {
    status: 200,
    name: 'SealingApplicationList',
    schema: sealingApplicationListSchema,
    contentType: 'application/json',
  },
  'POST /v1/sealing-applications/{id}/decision': {
    status: 200,
    name: 'SealingApplication',
    schema: sealingApplicationViewSchema,
    contentType: 'application/json',
  },
  'GET /v1/oversight/summary': {
    status: 200,
    name: 'OversightSummary',
    schema: oversightSummarySchema,
    contentType: 'application/json',
  },
  'POST /v1/documents/pdf': {
    status: 200,
    name: 'PrintedDocument',
    schema: printedDocumentSchema,
    contentType: 'application/pdf',
  },
  'GET /v1/audit': {
    status: 200,
    name: 'AuditExport',
    schema: auditExportSchema,
    contentType: 'application/x-ndjson',
  },
  'POST /v1/certificates/offers': {
    status: 201,
    name: 'CertificateOffer',
    schema: certificateOfferSchema,
    contentType: 'application/json',
  },
  'GET /.well-known/openid-credential-issuer': {
    status: 200,
    name: 'CredentialIssuerMetadata',
    schema: credentialIssuerMetadataSchema,
    contentType: 'application/json',
  },
  'GET /.well-known/oauth-authorization-server': {
    status: 200,
    name: 'AuthorizationServerMetadata',
    schema: authorizationServerMetadataSchema,
    contentType: 'application/json',
  },
  'POST /v1/wallet/token': {
    status: 200,
    name: 'WalletToken',
    schema: walletTokenSchema,
    contentType: 'application/json',
  },
  'POST /v1/wallet/nonce': {
    status: 200,
    name: 'WalletNonce',
    schema: walletNonceSchema,
    contentType: 'application/json',
  },
  'POST /v1/wallet/credential': {
    status: 200,
    name: 'WalletCredential',
    schema: walletCredentialSchema,
    contentType: 'application/json',
  },
  'GET /openapi.json': {
    status: 200,
    name: 'OpenApiDocument',
    schema: openApiDocumentSchema,
    contentType: 'application/json',
  },
};
