/**
 * Port: a keyed MAC. In AWS, KMS `GenerateMac` with an `HMAC_256` key (the key never
 * leaves KMS); locally HMAC-SHA-256 with a key file. Lookups use its output — the blind
 * index — and never the national ID itself (DESIGN.md invariant 4).
 */
export type { MacGenerator } from '../domain/blindIndex.ts';
