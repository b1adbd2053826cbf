import { GenerateMacCommand, type KMSClient } from '@aws-sdk/client-kms';
import { DependencyUnavailableError } from '../../errors.ts';
import type { MacGenerator } from '../../ports/blindIndex.ts';

/** Blind index through KMS `GenerateMac` (HMAC_SHA_256): the key never leaves KMS. */
export class KmsMacGenerator implements MacGenerator {
  private readonly kms: KMSClient;
  private readonly keyId: string;
  constructor(kms: KMSClient, keyId: string) {
    this.kms = kms;
    this.keyId = keyId;
  }

  async generateMac(message: Uint8Array): Promise<Uint8Array> {
    try {
      const { Mac } = await this.kms.send(
        new GenerateMacCommand({
          KeyId: this.keyId,
          MacAlgorithm: 'HMAC_SHA_256',
          Message: message,
        }),
      );
      if (!Mac) throw new Error('GenerateMac returned no MAC');
      return Mac;
    } catch (cause) {
      throw new DependencyUnavailableError('kms', { cause });
    }
  }
}
