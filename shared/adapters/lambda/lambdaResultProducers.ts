import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import * as z from 'zod';
import { DependencyUnavailableError } from '../../errors.ts';
import type { ResultProducers, ResultRequest, ResultResponse } from '../../ports/inquiries.ts';

const responseSchema = z.strictObject({
  statusCode: z.int().min(200).max(599),
  contentType: z.string().min(1),
  body: z.string(),
  retryAfter: z
    .string()
    .regex(/^\d{1,5}$/)
    .optional(),
});

/**
 * The result functions invoked synchronously (`RequestResponse`). A failed invocation, or an
 * answer of the wrong shape, is a dependency failure: 503, nothing disclosed.
 */
export class LambdaResultProducers implements ResultProducers {
  private readonly lambda: LambdaClient;
  private readonly functions: { letter: string; fullFile: string };
  constructor(lambda: LambdaClient, functions: { letter: string; fullFile: string }) {
    this.lambda = lambda;
    this.functions = functions;
  }

  letter(request: ResultRequest): Promise<ResultResponse> {
    return this.invoke(this.functions.letter, request);
  }

  fullFile(request: ResultRequest): Promise<ResultResponse> {
    return this.invoke(this.functions.fullFile, request);
  }

  private async invoke(functionName: string, request: ResultRequest): Promise<ResultResponse> {
    let output: { FunctionError?: string; Payload?: Uint8Array };
    try {
      output = await this.lambda.send(
        new InvokeCommand({
          FunctionName: functionName,
          InvocationType: 'RequestResponse',
          Payload: new TextEncoder().encode(JSON.stringify(request)),
        }),
      );
    } catch (cause) {
      throw new DependencyUnavailableError('lambda', { cause });
    }
    const parsed = responseSchema.safeParse(
      output.FunctionError || !output.Payload
        ? undefined
        : JSON.parse(new TextDecoder().decode(output.Payload)),
    );
    if (!parsed.success) throw new DependencyUnavailableError('lambda');
    return parsed.data;
  }
}
