/**
 * Blind indexes: keyed MACs that find a person's records, or a case's, without storing
 * the national ID or case number in the clear (DESIGN.md invariant 4). Each kind has its
 * own domain-separation prefix, so an index of one kind never matches another.
 */
import { normalizeNationalId } from './nationalId.ts';

/**
 * The keyed MAC a blind index is made with, injected: KMS `GenerateMac` in AWS, HMAC-SHA-256
 * with a key file locally (the port, `shared/ports/blindIndex.ts`).
 */
export interface MacGenerator {
  /** HMAC-SHA-256 of the message. Throws DependencyUnavailableError when it cannot. */
  generateMac(message: Uint8Array): Promise<Uint8Array>;
}

const encoder = new TextEncoder();

function toBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

export async function blindIndexOfPerson(mac: MacGenerator, nationalId: string): Promise<string> {
  return toBase64Url(
    await mac.generateMac(encoder.encode(`person:v1:${normalizeNationalId(nationalId)}`)),
  );
}

/** Case numbers compared after NFKC (full-width brackets → ASCII) and without spaces. */
export function normalizeCaseNumber(caseNumber: string): string {
  return caseNumber.normalize('NFKC').replace(/\s+/g, '');
}

export async function blindIndexOfCase(mac: MacGenerator, caseNumber: string): Promise<string> {
  return toBase64Url(
    await mac.generateMac(encoder.encode(`case:v1:${normalizeCaseNumber(caseNumber)}`)),
  );
}
