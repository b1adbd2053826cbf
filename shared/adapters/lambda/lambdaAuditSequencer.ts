import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import * as z from 'zod';
import { DependencyUnavailableError } from '../../errors.ts';
import type { AuditSequencerClient } from '../../ports/auditTree.ts';

const responseSchema = z.strictObject({
  size: z.int().min(0),
  root: z.string().regex(/^[A-Za-z0-9+/]{43}=$/),
  note: z.string().min(1).max(4096),
});

/**
 * The sequencer invoked synchronously for a checkpoint of the tree as it is now. A failed or
 * throttled invocation, or an answer of the wrong shape, is a dependency failure: 503.
 */
export class LambdaAuditSequencerClient implements AuditSequencerClient {
  private readonly lambda: LambdaClient;
  private readonly functionName: string;
  constructor(lambda: LambdaClient, functionName: string) {
    this.lambda = lambda;
    this.functionName = functionName;
  }

  async checkpoint(): Promise<{ size: number; root: Uint8Array; note: string }> {
    let output: { FunctionError?: string; Payload?: Uint8Array };
    try {
      output = await this.lambda.send(
        new InvokeCommand({
          FunctionName: this.functionName,
          InvocationType: 'RequestResponse',
          Payload: new TextEncoder().encode(JSON.stringify({ action: 'checkpoint' })),
        }),
      );
    } catch (cause) {
      throw new DependencyUnavailableError('audit-sequencer', { cause });
    }
    const parsed = responseSchema.safeParse(
      output.FunctionError || !output.Payload
        ? undefined
        : JSON.parse(new TextDecoder().decode(output.Payload)),
    );
    if (!parsed.success) throw new DependencyUnavailableError('audit-sequencer');
    const { size, root, note } = parsed.data;
    return { size, root: new Uint8Array(Buffer.from(root, 'base64')), note };
  }
}
