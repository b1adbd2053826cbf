/**
 * Any signed document of this issuer that a verifier may be handed, verified offline: the
 * no-criminal-record certificate, the inquiry result letter, or a wallet's presentation of the
 * SD-JWT VC. The kind is read from the document's form — a presentation has `~`-separated
 * parts, a letter says `InquiryResultLetter` in its `vc.type`, anything else is read as a
 * certificate — and then checked strictly as that kind alone, so a claim of one kind never
 * passes as another. The verdict says which kind it was, because "valid" means different
 * things: a valid certificate or presentation states no criminal record on file, a valid letter
 * states whatever its `statement` says.
 */
import type { TrustBundle } from './didDocument.ts';
import { LETTER_TYPE } from './letterClaims.ts';
import { type Verdict, verifyCredential } from './verifyCredential.ts';
import { claimedJwtVcType, type VerifyCredentialOptions } from './verifyJwtVc.ts';
import { type LetterVerdict, verifyLetter } from './verifyLetter.ts';
import {
  isPresentation,
  type PresentationVerdict,
  type VerifyPresentationOptions,
  verifyPresentation,
} from './verifyPresentation.ts';

export const documentKinds = ['certificate', 'letter', 'presentation'] as const;
export type DocumentKind = (typeof documentKinds)[number];

export type DocumentVerdict =
  | ({ kind: 'certificate' } & Verdict)
  | ({ kind: 'letter' } & LetterVerdict)
  | ({ kind: 'presentation' } & PresentationVerdict);

export type VerifyDocumentOptions = VerifyCredentialOptions &
  Partial<Pick<VerifyPresentationOptions, 'nonce' | 'audience' | 'maxAgeSeconds'>>;

/** The kind of document `text` presents itself as; nothing about it is trusted yet. */
export function documentKind(text: string): DocumentKind {
  if (typeof text === 'string' && isPresentation(text)) return 'presentation';
  return claimedJwtVcType(text) === LETTER_TYPE ? 'letter' : 'certificate';
}

/**
 * Verifies a certificate, a letter or a presentation against a pinned trust bundle. A
 * presentation is checked against `nonce` and `audience` — without them it is not valid
 * (`nonce-required`). Resolves to a verdict for any input; rejects only with
 * `InvalidTrustBundleError` when the bundle itself is unusable.
 */
export async function verifyDocument(
  text: string,
  trustBundle: TrustBundle,
  options: VerifyDocumentOptions = {},
): Promise<DocumentVerdict> {
  switch (documentKind(text)) {
    case 'presentation': {
      const { nonce = '', audience = '', ...rest } = options;
      const verdict = await verifyPresentation(text, trustBundle, { ...rest, nonce, audience });
      return { kind: 'presentation', ...verdict };
    }
    case 'letter':
      return { kind: 'letter', ...(await verifyLetter(text, trustBundle, options)) };
    case 'certificate':
      return { kind: 'certificate', ...(await verifyCredential(text, trustBundle, options)) };
  }
}
