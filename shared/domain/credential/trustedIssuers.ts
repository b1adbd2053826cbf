/**
 * The pinned trust bundle as every offline verifier of this issuer's documents uses it — the
 * certificate, the inquiry result letter and the wallet's SD-JWT VC: each issuer's keys,
 * imported through the {@link SignatureVerifier} port, and the rule that picks the key a
 * document names. One home for that rule, so that the three cannot drift apart.
 */
import {
  type CredentialKind,
  credentialKindMember,
  InvalidTrustBundleError,
  parseTrustBundle,
  type TrustBundle,
} from './didDocument.ts';
import type { Es256PublicKey, SignatureVerifier } from './signatureVerifier.ts';

export type TrustedIssuer = {
  keys: Map<string, Es256PublicKey>;
  /** The `kid`s the issuer's `assertionMethod` lists: the keys that may sign documents. */
  authorized: Set<string>;
  /**
   * Each kind's own keys (`certificateMethod`, …): present when the issuer's DID document
   * names them, as every document since each kind got keys of its own does.
   */
  byKind?: Map<CredentialKind, Set<string>>;
};
export type TrustedIssuers = Map<string, TrustedIssuer>;

// Keyed by adapter and bundle object: verifiers load a bundle once and verify many documents
// with it, so each key is imported (and the bundle validated) once per `kid`. Bundles are
// treated as immutable.
const prepared = new WeakMap<SignatureVerifier, WeakMap<TrustBundle, Promise<TrustedIssuers>>>();

/**
 * The bundle's issuers with their keys imported. Rejects with {@link InvalidTrustBundleError}
 * when the bundle is unusable (not version 1, a key off the curve); a rejected bundle is not
 * cached.
 */
export function trustedIssuers(
  bundle: TrustBundle,
  verifier: SignatureVerifier,
): Promise<TrustedIssuers> {
  let byBundle = prepared.get(verifier);
  if (byBundle === undefined) {
    byBundle = new WeakMap();
    prepared.set(verifier, byBundle);
  }
  let issuers = byBundle.get(bundle);
  if (issuers === undefined) {
    issuers = importBundle(bundle, verifier);
    byBundle.set(bundle, issuers);
    issuers.catch(() => byBundle.delete(bundle));
  }
  return issuers;
}

async function importBundle(
  bundle: TrustBundle,
  verifier: SignatureVerifier,
): Promise<TrustedIssuers> {
  const issuers: TrustedIssuers = new Map();
  for (const document of parseTrustBundle(bundle).didDocuments) {
    const keys = new Map<string, Es256PublicKey>();
    for (const { id, publicKeyJwk } of document.verificationMethod) {
      const key = await verifier.importKey(publicKeyJwk).catch((cause: unknown) => {
        throw new InvalidTrustBundleError(`invalid trust bundle: ${id} is not a P-256 public key`, {
          cause,
        });
      });
      keys.set(id, key);
    }
    const named = Object.values(credentialKindMember).some((member) => document[member]);
    issuers.set(document.id, {
      keys,
      authorized: new Set(document.assertionMethod),
      ...(named
        ? {
            byKind: new Map(
              (Object.entries(credentialKindMember) as [CredentialKind, string][]).map(
                ([kind, member]) => [
                  kind,
                  new Set((document[member as keyof typeof document] as string[]) ?? []),
                ],
              ),
            ),
          }
        : {}),
    });
  }
  return issuers;
}

export type KeyRefusal = {
  code: 'unknown-issuer' | 'unknown-key' | 'key-not-authorized';
  message: string;
};

/**
 * The key that must have signed a document claiming issuer `iss` and key `kid`, or why there
 * is none: `iss` is not a pinned issuer (or not `expectedIssuer`); `kid` is not one of that
 * issuer's verification methods (a `kid` under another DID included); or it is one, but not
 * in the issuer's `assertionMethod`.
 */
export function issuerKey(
  issuers: TrustedIssuers,
  iss: unknown,
  kid: string,
  expectedIssuer?: string,
  kind?: CredentialKind,
): Es256PublicKey | KeyRefusal {
  if (typeof iss !== 'string') {
    return { code: 'unknown-issuer', message: 'The credential does not name its issuer.' };
  }
  if (expectedIssuer !== undefined && iss !== expectedIssuer) {
    return {
      code: 'unknown-issuer',
      message: `The credential was issued by ${quote(iss)}, not by the expected issuer ${quote(expectedIssuer)}.`,
    };
  }
  const issuer = issuers.get(iss);
  if (issuer === undefined) {
    return {
      code: 'unknown-issuer',
      message: `The credential was issued by ${quote(iss)}, which is not an issuer in the trust bundle.`,
    };
  }
  const key = kid.startsWith(`${iss}#`) ? issuer.keys.get(kid) : undefined;
  if (key === undefined) {
    return {
      code: 'unknown-key',
      message:
        `The credential was signed with key ${quote(kid)}, which the trust bundle does not list for its issuer. ` +
        'If the issuer rotated keys recently, get a current trust bundle.',
    };
  }
  if (!issuer.authorized.has(kid)) {
    return {
      code: 'key-not-authorized',
      message: `The key ${quote(kid)} belongs to the issuer but is not authorised to sign credentials.`,
    };
  }
  // Each kind of document under its own kind's keys only (DESIGN.md invariant 10).
  if (kind !== undefined && issuer.byKind !== undefined && !issuer.byKind.get(kind)?.has(kid)) {
    return {
      code: 'key-not-authorized',
      message: `The key ${quote(kid)} belongs to the issuer but does not sign ${kindNames[kind]}: it signs another kind of document.`,
    };
  }
  return key;
}

const kindNames: Record<CredentialKind, string> = {
  certificate: 'no-criminal-record certificates',
  letter: 'inquiry result letters',
  walletCredential: 'wallet credentials (SD-JWT VC)',
};

/** Untrusted text in a message: quoted, and short enough not to flood a screen. */
export function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}…"` : text;
}
