/** UUIDs derived from a digest (RFC 9562 §5.8, version 8): a retry derives the same one. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { uuidFromDigest } from '#shared/domain/derivedUuid.ts';

describe('uuidFromDigest', () => {
  it('sets the version (8) and the variant (10xx) bits and keeps every other bit', () => {
    expect(uuidFromDigest(new Uint8Array(16).fill(0xff))).toBe(
      'ffffffff-ffff-8fff-bfff-ffffffffffff',
    );
    expect(uuidFromDigest(new Uint8Array(16))).toBe('00000000-0000-8000-8000-000000000000');
  });

  it('reads the first 16 bytes of a longer digest, in order', () => {
    const digest = Uint8Array.from({ length: 32 }, (_, i) => i);
    expect(uuidFromDigest(digest)).toBe('00010203-0405-8607-8809-0a0b0c0d0e0f');
  });

  it('is the same for the same digest and differs for another', () => {
    const a = createHash('sha256').update('a').digest();
    const b = createHash('sha256').update('b').digest();
    expect(uuidFromDigest(a)).toBe(uuidFromDigest(a));
    expect(uuidFromDigest(a)).not.toBe(uuidFromDigest(b));
    expect(uuidFromDigest(a)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('leaves the digest it was given unchanged', () => {
    const digest = new Uint8Array(16).fill(0xff);
    uuidFromDigest(digest);
    expect([...digest]).toEqual(new Array(16).fill(0xff));
  });

  it('refuses a digest shorter than 16 bytes', () => {
    expect(() => uuidFromDigest(new Uint8Array(15))).toThrow(RangeError);
    expect(() => uuidFromDigest(new Uint8Array(15))).toThrow(/16 bytes/);
    expect(() => uuidFromDigest(new Uint8Array(16))).not.toThrow();
  });
});
