/**
 * The issuer's `did:web` DID document (`GET /.well-known/did.json`) and the trust bundle
 * offline verifiers pin (`GET /v1/trust-bundle`).
 *
 * Trust bundle format, version 1:
 *
 * ```json
 * {
 *   "type": "NoCriminalRecordTrustBundle",
 *   "version": 1,
 *   "didDocuments": [ { "@context": […], "id": "did:web:…", "verificationMethod": […], "assertionMethod": […] } ]
 * }
 * ```
 *
 * Each DID document lists every current and retired signing key as a `JsonWebKey2020` P-256
 * verification method; only those referenced from `assertionMethod` may sign credentials.
 * Each kind of signed document has keys of its own (DESIGN.md invariant 10), listed in its own
 * member: `certificateMethod`, `letterMethod`, `walletCredentialMethod` (each also in
 * `assertionMethod`), `approvalMethod` and `auditCheckpointMethod` (never in it). A verifier
 * accepts a document only under a key its kind's member lists; a document from before the
 * kinds had keys of their own (no such member) is read as then, by `assertionMethod` alone.
 * Members other than these are ignored. A format with other key types gets a new `version`.
 */
import * as z from 'zod';
import type { PublishedKey } from '../signing.ts';
import { CredentialError, describeIssues, ISSUER_DID } from './claims.ts';

/** A trust bundle that does not match the version 1 format. */
export class InvalidTrustBundleError extends CredentialError {
  override name = 'InvalidTrustBundleError';
}

/** A DID that is not a `did:web` this system can publish or resolve. */
export class InvalidDidError extends CredentialError {
  override name = 'InvalidDidError';
}

export const DID_DOCUMENT_CONTEXT = [
  'https://www.w3.org/ns/did/v1',
  'https://w3id.org/security/suites/jws-2020/v1',
] as const;
export const VERIFICATION_METHOD_TYPE = 'JsonWebKey2020' as const;
export const TRUST_BUNDLE_TYPE = 'NoCriminalRecordTrustBundle';
export const TRUST_BUNDLE_VERSION = 1;

const p256Coordinate = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

export const publicKeyJwkSchema = z.object({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: p256Coordinate,
  y: p256Coordinate,
});
export type PublicKeyJwk = z.infer<typeof publicKeyJwkSchema>;

export const verificationMethodSchema = z.object({
  id: z.string(),
  type: z.literal(VERIFICATION_METHOD_TYPE),
  controller: z.string(),
  publicKeyJwk: publicKeyJwkSchema,
});
export type VerificationMethod = z.infer<typeof verificationMethodSchema>;

export const didDocumentSchema = z
  .object({
    '@context': z.array(z.string()).min(1),
    id: z.string().regex(ISSUER_DID),
    verificationMethod: z.array(verificationMethodSchema),
    assertionMethod: z.array(z.string()),
    /**
     * Keys that sign the audit trail's checkpoints, and nothing else: never referenced from
     * `assertionMethod`, so a credential signed with one does not verify.
     */
    auditCheckpointMethod: z.array(z.string()).optional(),
    /** Keys that sign certificates (JWT VC), and nothing else; each in `assertionMethod`. */
    certificateMethod: z.array(z.string()).optional(),
    /** Keys that sign inquiry result letters, and nothing else; each in `assertionMethod`. */
    letterMethod: z.array(z.string()).optional(),
    /** Keys that sign the wallet's SD-JWT VCs, and nothing else; each in `assertionMethod`. */
    walletCredentialMethod: z.array(z.string()).optional(),
    /** Keys that sign inquiry approvals (internal acts), never credentials. */
    approvalMethod: z.array(z.string()).optional(),
  })
  .superRefine((document, context) => {
    const ids = new Set<string>();
    document.verificationMethod.forEach((method, index) => {
      if (!method.id.startsWith(`${document.id}#`) || method.controller !== document.id) {
        context.addIssue({
          code: 'custom',
          path: ['verificationMethod', index],
          message: 'id must be <DID>#<key id> and controller the DID',
        });
      }
      if (ids.has(method.id)) {
        context.addIssue({
          code: 'custom',
          path: ['verificationMethod', index, 'id'],
          message: 'duplicate verification method',
        });
      }
      ids.add(method.id);
    });
    for (const member of ['auditCheckpointMethod', 'approvalMethod'] as const) {
      document[member]?.forEach((reference, index) => {
        if (!ids.has(reference) || document.assertionMethod.includes(reference)) {
          context.addIssue({
            code: 'custom',
            path: [member, index],
            message:
              'must reference a verification method of this document that signs no credential',
          });
        }
      });
    }
    const kinds = new Map<string, string>();
    for (const member of credentialKindMembers) {
      document[member]?.forEach((reference, index) => {
        const other = kinds.get(reference);
        if (!document.assertionMethod.includes(reference) || (other && other !== member)) {
          context.addIssue({
            code: 'custom',
            path: [member, index],
            message: 'must reference an assertionMethod key of no other kind of document',
          });
        }
        kinds.set(reference, member);
      });
    }
    document.assertionMethod.forEach((reference, index) => {
      if (!ids.has(reference)) {
        context.addIssue({
          code: 'custom',
          path: ['assertionMethod', index],
          message: 'does not reference a verification method of this document',
        });
      }
    });
  });
export type DidDocument = z.infer<typeof didDocumentSchema>;

/** The kinds of credential a verifier reads, by the DID document member naming their keys. */
export const credentialKindMembers = [
  'certificateMethod',
  'letterMethod',
  'walletCredentialMethod',
] as const;
export type CredentialKind = 'certificate' | 'letter' | 'walletCredential';
export const credentialKindMember = {
  certificate: 'certificateMethod',
  letter: 'letterMethod',
  walletCredential: 'walletCredentialMethod',
} as const satisfies Record<CredentialKind, (typeof credentialKindMembers)[number]>;

export const trustBundleSchema = z
  .object({
    type: z.literal(TRUST_BUNDLE_TYPE),
    version: z.literal(TRUST_BUNDLE_VERSION),
    didDocuments: z.array(didDocumentSchema).min(1),
  })
  .refine(
    (bundle) =>
      new Set(bundle.didDocuments.map(({ id }) => id)).size === bundle.didDocuments.length,
    { message: 'a DID appears more than once', path: ['didDocuments'] },
  );
export type TrustBundle = z.infer<typeof trustBundleSchema>;

/**
 * Every active and retired key of every kind, each kind's under its own member, so that old
 * documents still verify and each kind verifies only under its own keys. Without
 * `letterKeys` and `walletKeys` (a document of before the kinds had keys of their own), the
 * certificate keys sign every credential and no kind member is written.
 */
export function buildDidDocument({
  did,
  keys,
  letterKeys,
  walletKeys,
  approvalKeys = [],
  auditKeys = [],
}: {
  did: string;
  /** The certificate's keys. */
  keys: PublishedKey[];
  letterKeys?: PublishedKey[];
  walletKeys?: PublishedKey[];
  /** The inquiry approvals' keys: published, but for approvals only. */
  approvalKeys?: PublishedKey[];
  /** The audit trail's checkpoint keys: published, but for checkpoints only. */
  auditKeys?: PublishedKey[];
}): DidDocument {
  const methodOf = ({ keyId, publicKeyJwk: { kty, crv, x, y } }: PublishedKey) => ({
    id: `${did}#${keyId}`,
    type: VERIFICATION_METHOD_TYPE,
    controller: did,
    publicKeyJwk: { kty, crv, x, y },
  });
  const perKind = letterKeys !== undefined || walletKeys !== undefined;
  const certificateMethods = keys.map(methodOf);
  const letterMethods = (letterKeys ?? []).map(methodOf);
  const walletMethods = (walletKeys ?? []).map(methodOf);
  const approvalMethods = approvalKeys.map(methodOf);
  const auditMethods = auditKeys.map(methodOf);
  const credentialMethods = [...certificateMethods, ...letterMethods, ...walletMethods];
  const idsOf = (methods: { id: string }[]) => methods.map(({ id }) => id);
  return {
    '@context': [...DID_DOCUMENT_CONTEXT],
    id: did,
    verificationMethod: [...credentialMethods, ...approvalMethods, ...auditMethods],
    assertionMethod: idsOf(credentialMethods),
    ...(perKind
      ? {
          certificateMethod: idsOf(certificateMethods),
          letterMethod: idsOf(letterMethods),
          walletCredentialMethod: idsOf(walletMethods),
        }
      : {}),
    ...(approvalMethods.length > 0 ? { approvalMethod: idsOf(approvalMethods) } : {}),
    ...(auditMethods.length > 0 ? { auditCheckpointMethod: idsOf(auditMethods) } : {}),
  };
}

/** The keys a trust bundle publishes for audit checkpoints, by `kid`. */
export function auditKeysOf(bundle: TrustBundle): Map<string, PublicKeyJwk> {
  const keys = new Map<string, PublicKeyJwk>();
  for (const document of bundle.didDocuments) {
    for (const reference of document.auditCheckpointMethod ?? []) {
      const method = document.verificationMethod.find(({ id }) => id === reference);
      if (method) keys.set(method.id, method.publicKeyJwk);
    }
  }
  return keys;
}

export function buildTrustBundle(documents: DidDocument[]): TrustBundle {
  return parseTrustBundle({
    type: TRUST_BUNDLE_TYPE,
    version: TRUST_BUNDLE_VERSION,
    didDocuments: documents,
  });
}

/** Validates untrusted JSON (a file, a download) as a trust bundle. */
export function parseTrustBundle(json: unknown): TrustBundle {
  const parsed = trustBundleSchema.safeParse(json);
  if (!parsed.success) {
    throw new InvalidTrustBundleError(`invalid trust bundle: ${describeIssues(parsed.error)}`);
  }
  return parsed.data;
}

const HOST = /^[A-Za-z0-9.-]+(:[0-9]{1,5})?$/;
const PATH_SEGMENT = /^[A-Za-z0-9._-]+$/;

/**
 * The URL of a `did:web` DID document (https://w3c-ccg.github.io/did-method-web/#read-resolve):
 * `did:web:host%3Aport:a:b` → `https://host:port/a/b/did.json`, no path →
 * `/.well-known/did.json`. Plain `http` only for `localhost` and `127.0.0.1`.
 */
export function didWebToUrl(did: string): string {
  const [scheme, method, encodedHost = '', ...path] = did.split(':');
  const host = encodedHost.replace(/%3A/gi, ':');
  if (
    scheme !== 'did' ||
    method !== 'web' ||
    !HOST.test(host) ||
    path.some((segment) => !PATH_SEGMENT.test(segment) || /^\.+$/.test(segment))
  ) {
    throw new InvalidDidError('not a did:web DID');
  }
  const hostname = host.replace(/:[0-9]+$/, '').toLowerCase();
  const protocol = hostname === 'localhost' || hostname === '127.0.0.1' ? 'http' : 'https';
  const location = path.length > 0 ? path.join('/') : '.well-known';
  return `${protocol}://${host}/${location}/did.json`;
}
