/** The functions that produce an inquiry's result: invoked by Lambda in AWS, in process locally. */
import { LambdaClient } from '@aws-sdk/client-lambda';
import { LambdaResultProducers } from '../adapters/lambda/lambdaResultProducers.ts';
import { traced } from '../observability.ts';
import type { ResultProducers } from '../ports/inquiries.ts';
import type { Platform } from './platform.ts';

export async function resultProducers(platform: Platform): Promise<ResultProducers> {
  const { config, overrides } = platform;
  const { letter, fullFile } = config.resultFunctions;
  if (!letter || !fullFile) {
    // The local stack's in-process producers, loaded only there (never bundled).
    return (await import('../adapters/local/inProcessResultProducers.ts')).inProcessResultProducers;
  }
  const lambda =
    overrides.lambda ?? traced(new LambdaClient({ region: config.region, maxAttempts: 2 }));
  return new LambdaResultProducers(lambda, { letter, fullFile });
}
