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
    document.auditCheckpointMethod?.forEach((reference, index) => {
      if (!ids.has(reference) || document.assertionMethod.includes(reference)) {
        context.addIssue({
          code: 'custom',
          path: ['auditCheckpointMethod', index],
          message: 'must reference a verification method of this document that signs no credential',
        });
      }
    });
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

/** Every active and retired key, all usable for `assertionMethod` so old credentials still verify. */
export function buildDidDocument({
  did,
  keys,
  auditKeys = [],
}: {
  did: string;
  keys: PublishedKey[];
  /** The audit trail's checkpoint keys: published, but for checkpoints only. */
  auditKeys?: PublishedKey[];
}): DidDocument {
  const methodOf = ({ keyId, publicKeyJwk: { kty, crv, x, y } }: PublishedKey) => ({
    id: `${did}#${keyId}`,
    type: VERIFICATION_METHOD_TYPE,
    controller: did,
    publicKeyJwk: { kty, crv, x, y },
  });
  const credentialMethods = keys.map(methodOf);
  const auditMethods = auditKeys.map(methodOf);
  return {
    '@context': [...DID_DOCUMENT_CONTEXT],
    id: did,
    verificationMethod: [...credentialMethods, ...auditMethods],
    assertionMethod: credentialMethods.map(({ id }) => id),
    ...(auditMethods.length > 0 ? { auditCheckpointMethod: auditMethods.map(({ id }) => id) } : {}),
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
