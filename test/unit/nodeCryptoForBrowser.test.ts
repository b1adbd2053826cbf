/**
 * The browser's stand-in for `node:crypto` (`web/lib/nodeCryptoForBrowser.ts`), which lets the
 * supervisor's desk run the audit verifier unchanged: it must answer exactly as `node:crypto`
 * does for everything the verifier asks — SHA-256, P-256 JWK → SPKI DER, ECDSA verification
 * (DER signatures, high S accepted) — and refuse anything else.
 */
import * as node from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHash, createPublicKey, verify } from '../../web/lib/nodeCryptoForBrowser.ts';

const keyPair = () => node.generateKeyPairSync('ec', { namedCurve: 'P-256' });
const derKey = (spki: Buffer) =>
  ({ key: spki, format: 'der', type: 'spki', dsaEncoding: 'der' }) as const;

describe('Module: nodeCryptoForBrowser', () => {
  it('hashes as node:crypto does, in pieces, as bytes and as hex', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.uint8Array())), (parts) => {
        const ours = createHash('sha256');
        const theirs = node.createHash('sha256');
        for (const part of parts) {
          ours.update(part);
          theirs.update(part);
        }
        expect(ours.digest('hex')).toBe(theirs.digest('hex'));
      }),
    );
    expect(
      Buffer.from(createHash('sha256').digest()).equals(node.createHash('sha256').digest()),
    ).toBe(true);
    expect(() => createHash('sha1')).toThrow();
  });

  it('exports a P-256 JWK as the SPKI DER node:crypto exports', () => {
    for (let i = 0; i < 20; i += 1) {
      const jwk = keyPair().publicKey.export({ format: 'jwk' });
      const ours = createPublicKey({ key: jwk, format: 'jwk' }).export({
        type: 'spki',
        format: 'der',
      });
      const theirs = node
        .createPublicKey({ key: jwk, format: 'jwk' })
        .export({ type: 'spki', format: 'der' });
      expect(Buffer.from(ours).equals(theirs)).toBe(true);
    }
  });

  it('refuses other keys and points off the curve', () => {
    const jwk = keyPair().publicKey.export({ format: 'jwk' });
    expect(() => createPublicKey({ key: { ...jwk, crv: 'P-384' }, format: 'jwk' })).toThrow();
    const y = Buffer.from(String(jwk.y), 'base64url');
    y[31] = (y[31] ?? 0) ^ 1;
    expect(() =>
      createPublicKey({ key: { ...jwk, y: y.toString('base64url') }, format: 'jwk' }),
    ).toThrow();
    expect(() =>
      node.createPublicKey({ key: { ...jwk, y: y.toString('base64url') }, format: 'jwk' }),
    ).toThrow();
  });

  it('verifies ECDSA P-256 DER signatures as node:crypto does, high S included', () => {
    const { privateKey, publicKey } = keyPair();
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    const message = new TextEncoder().encode('example.gov.cn/audit\n42\nAAAA\n');
    const signature = node.sign('sha256', message, { key: privateKey, dsaEncoding: 'der' });
    expect(verify('sha256', message, derKey(spki), signature)).toBe(true);
    const altered = Uint8Array.from(message);
    altered[0] = 0x45;
    expect(verify('sha256', altered, derKey(spki), signature)).toBe(false);
    expect(node.verify('sha256', altered, derKey(spki), signature)).toBe(false);

    // The same signature with s replaced by n − s: node:crypto accepts it, and so must we.
    const parsed = p256.Signature.fromBytes(signature, 'der');
    const flipped = new p256.Signature(parsed.r, p256.Point.Fn.ORDER - parsed.s).toBytes('der');
    expect(node.verify('sha256', message, derKey(spki), flipped)).toBe(true);
    expect(verify('sha256', message, derKey(spki), flipped)).toBe(true);
    expect(verify('sha256', message, derKey(spki), Uint8Array.of(0x30, 0x00))).toBe(false);
  });
});
