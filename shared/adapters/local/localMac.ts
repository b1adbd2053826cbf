import { createHmac } from 'node:crypto';
import type { MacGenerator } from '../../ports/blindIndex.ts';

/** Local stand-in for KMS `GenerateMac`: HMAC-SHA-256 with a key file from DATA_DIR. */
export class LocalMacGenerator implements MacGenerator {
  constructor(private readonly key: Uint8Array) {}

  async generateMac(message: Uint8Array): Promise<Uint8Array> {
    return createHmac('sha256', this.key).update(message).digest();
  }
}
