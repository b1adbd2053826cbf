/**
 * A UUID (version 8, RFC 9562 §5.8) made from the first 16 bytes of a digest: an identifier
 * that a retry derives again instead of minting a new one.
 */
export function uuidFromDigest(digest: Uint8Array): string {
  if (digest.length < 16) throw new RangeError('a digest of at least 16 bytes');
  const bytes = Uint8Array.from(digest.subarray(0, 16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
