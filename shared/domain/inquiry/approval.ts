/**
 * The approval of an inquiry as a signed act (API.md, POST /v1/inquiries/{id}/decision;
 * DESIGN.md invariant 10; RULES.md §5, who decides): a compact JWS (ES256, `typ`
 * `inquiry-approval+jws`) under the approval key — a key of its own, held only by the decision
 * function — over what was approved:
 *
 * ```json
 * { "iss": "did:web:…", "iat": 1767225600, "inquiryId": "…", "decision": "approve",
 *   "application": "<SHA-256 of the application's canonical JSON, hex>",
 *   "decider": { "role": "police", "org": "psb-0105", "sub": "officer-1" },
 *   "granted": { "details": false } }
 * ```
 *
 * `application` binds the approval to one application as the decider read it: its ID, the
 * subject's blind index, the legal basis, the disclosure and scope asked for, the case number,
 * the applying official and organisation, and the organisation it was addressed to. Whoever
 * discloses verifies the signature and every binding before reading a record: an approval
 * written straight into the table, one signed over another application, one copied onto
 * another inquiry, one by an official of another organisation or by the applicant releases
 * nothing.
 */
import { createHash } from 'node:crypto';
import { base64url, compactVerify, importJWK, type JWK } from 'jose';
import * as z from 'zod';
import { canonicalJson } from '../canonicalJson.ts';
import { derToJose } from '../credential/der.ts';
import type { Signer } from '../signing.ts';
import type { InquiryContent, InquiryScope, InquiryState, Official } from './inquiry.ts';

export const APPROVAL_TYPE = 'inquiry-approval+jws';

const scopeSchema = z.strictObject({ details: z.boolean() });

export const approvalClaimsSchema = z.strictObject({
  iss: z.string().min(1),
  iat: z.int().positive(),
  inquiryId: z.uuid(),
  decision: z.literal('approve'),
  application: z.string().regex(/^[0-9a-f]{64}$/),
  decider: z.strictObject({
    role: z.string().min(1),
    org: z.string().min(1),
    sub: z.string().min(1),
  }),
  granted: scopeSchema,
});
export type ApprovalClaims = z.infer<typeof approvalClaimsSchema>;

/** Why an approval does not let anything be disclosed; each code names the check that failed. */
export const approvalRefusals = [
  'approval-missing',
  'approval-malformed',
  'approval-key-unknown',
  'approval-signature-invalid',
  'approval-for-another-inquiry',
  'approval-for-another-application',
  'approval-not-by-addressed-organisation',
  'approval-by-applicant',
  'approval-scope-exceeds-application',
  'approval-scope-differs-from-stored',
] as const;
export type ApprovalRefusal = (typeof approvalRefusals)[number];

/** What an application is, for its approval: routing and content, as the decider read them. */
export type ApplicationFacts = Pick<
  InquiryState,
  'inquiryId' | 'subjectIndex' | 'legalBasis' | 'disclosure' | 'scope' | 'inquirer' | 'agency'
> &
  Pick<InquiryContent, 'caseNumber'>;

/** SHA-256 (hex) of the application's RFC 8785 canonical JSON. */
export function applicationDigest(application: ApplicationFacts): string {
  const bound = {
    inquiryId: application.inquiryId,
    subjectIndex: application.subjectIndex,
    legalBasis: application.legalBasis,
    disclosure: application.disclosure,
    scope: { details: application.scope.details },
    caseNumber: application.caseNumber ?? null,
    applicant: {
      role: application.inquirer.role,
      org: application.inquirer.org,
      sub: application.inquirer.subject,
    },
    addressee: { role: application.agency.role, org: application.agency.org },
  };
  return createHash('sha256').update(canonicalJson(bound)).digest('hex');
}

const utf8 = new TextEncoder();

/** Signs through the Signer port (KMS `Sign` in AWS, a key file locally): DER → JOSE r‖s. */
export async function signApproval(
  claims: ApprovalClaims,
  signer: Signer,
  issuerDid: string,
): Promise<string> {
  const parsed = approvalClaimsSchema.parse(claims);
  const kid = `${issuerDid}#${signer.keyId}`;
  const header = base64url.encode(JSON.stringify({ alg: 'ES256', typ: APPROVAL_TYPE, kid }));
  const payload = base64url.encode(JSON.stringify(parsed));
  const signingInput = `${header}.${payload}`;
  const signature = derToJose(await signer.sign(utf8.encode(signingInput)));
  return `${signingInput}.${base64url.encode(signature)}`;
}

/**
 * Approval keys imported once each: the map's JWKs live as long as the function that
 * composed them, and importing one costs about as much as the signature check itself.
 */
const importedKeys = new WeakMap<JWK, ReturnType<typeof importJWK>>();
function importedKey(jwk: JWK): ReturnType<typeof importJWK> {
  let key = importedKeys.get(jwk);
  if (key === undefined) {
    key = importJWK(jwk, 'ES256');
    importedKeys.set(jwk, key);
  }
  return key;
}

export type ApprovalVerdict =
  | { valid: true; claims: ApprovalClaims }
  | { valid: false; refusal: ApprovalRefusal };

/**
 * Verifies a stored approval against the approval keys (`kid` → public JWK) and the stored
 * application it claims to approve, before any record is read: the signature and every
 * binding the application's plain attributes show first — so that a forged or misplaced
 * approval is refused before anything is decrypted — and only then the digest, for which
 * `caseNumberOf` opens the application's envelope (the inquiries key, never a record's).
 */
export async function verifyApproval(
  jws: string | undefined,
  approvalKeys: ReadonlyMap<string, JWK>,
  application: Omit<ApplicationFacts, 'caseNumber'> & Pick<InquiryState, 'granted'>,
  caseNumberOf: () => Promise<string | undefined>,
): Promise<ApprovalVerdict> {
  const refuse = (refusal: ApprovalRefusal): ApprovalVerdict => ({ valid: false, refusal });
  if (jws === undefined || jws === '') return refuse('approval-missing');
  let kid: string;
  try {
    const [encodedHeader] = jws.split('.');
    const header = JSON.parse(new TextDecoder().decode(base64url.decode(encodedHeader ?? '')));
    if (header.alg !== 'ES256' || header.typ !== APPROVAL_TYPE || typeof header.kid !== 'string') {
      return refuse('approval-malformed');
    }
    kid = header.kid;
  } catch {
    return refuse('approval-malformed');
  }
  const jwk = approvalKeys.get(kid);
  if (jwk === undefined) return refuse('approval-key-unknown');
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(jws, await importedKey(jwk), {
      algorithms: ['ES256'],
    }));
  } catch {
    return refuse('approval-signature-invalid');
  }
  let claims: ApprovalClaims;
  try {
    claims = approvalClaimsSchema.parse(JSON.parse(new TextDecoder().decode(payload)));
  } catch {
    return refuse('approval-malformed');
  }
  if (claims.inquiryId !== application.inquiryId) return refuse('approval-for-another-inquiry');
  if (
    claims.decider.role !== application.agency.role ||
    claims.decider.org !== application.agency.org
  ) {
    return refuse('approval-not-by-addressed-organisation');
  }
  if (claims.decider.sub === application.inquirer.subject) return refuse('approval-by-applicant');
  if (claims.granted.details && !application.scope.details) {
    return refuse('approval-scope-exceeds-application');
  }
  if ((application.granted?.details ?? false) !== claims.granted.details) {
    return refuse('approval-scope-differs-from-stored');
  }
  const caseNumber = await caseNumberOf();
  if (claims.application !== applicationDigest({ ...application, caseNumber })) {
    return refuse('approval-for-another-application');
  }
  return { valid: true, claims };
}

/** The scope an approval grants: what the decider granted, never more than was asked. */
export function grantedScope(asked: InquiryScope, granted: InquiryScope | undefined): InquiryScope {
  return { details: asked.details && (granted?.details ?? false) };
}

export type { Official };
