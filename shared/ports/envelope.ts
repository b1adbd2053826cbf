/**
 * Port: envelope encryption of personal data. Each ciphertext is bound to its record by
 * an encryption context; `decrypt` refuses a ciphertext whose context differs.
 */

/**
 * Which key protects the envelope: sealing moves a record to the separate archive key;
 * inquiry applications, oversight documents, the person's own view and the letter facts
 * beside each disclosable conviction have keys of their own.
 */
export type KeyClass =
  | 'records'
  | 'sealed-archive'
  | 'inquiries'
  | 'oversight'
  | 'person-view'
  | 'letter-facts';

export type EncryptionContext = Record<string, string>;

/**
 * Encryption only (KMS `GenerateDataKey`): what the internet-facing ingestion holds. It can
 * seal a record under the archive key but never read one back (DESIGN.md invariant 2).
 */
export interface EnvelopeEncrypter {
  encrypt(
    plaintext: Uint8Array,
    keyClass: KeyClass,
    context: EncryptionContext,
  ): Promise<Uint8Array>;
}

export interface EnvelopeCipher extends EnvelopeEncrypter {
  /** Decrypts and checks that every expected context pair is present and equal. */
  decrypt(
    ciphertext: Uint8Array,
    keyClass: KeyClass,
    expectedContext: EncryptionContext,
  ): Promise<Uint8Array>;
}
