import { createHmac } from 'node:crypto';
import type { MacGenerator } from '../../ports/blindIndex.ts';

/** Local stand-in for KMS `GenerateMac`: HMAC-SHA-256 with a key file from DATA_DIR. */
export class LocalMacGenerator implements MacGenerator {
  private readonly key: Uint8Array;
  constructor(key: Uint8Array) {
    this.key = key;
  }

  async generateMac(message: Uint8Array): Promise<Uint8Array> {
    return createHmac('sha256', this.key).update(message).digest();
  }
}
