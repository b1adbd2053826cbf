/**
 * Port: a keyed MAC. In AWS, KMS `GenerateMac` with an `HMAC_256` key (the key never
 * leaves KMS); locally HMAC-SHA-256 with a key file. Lookups use its output — the blind
 * index — and never the national ID itself (DESIGN.md invariant 4).
 */
export interface MacGenerator {
  /** HMAC-SHA-256 of the message. Throws DependencyUnavailableError when it cannot. */
  generateMac(message: Uint8Array): Promise<Uint8Array>;
}
