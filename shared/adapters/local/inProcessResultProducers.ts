/**
 * The local stand-in for invoking the result functions: the local stack registers their
 * Lambda handlers, and the inquiry function calls them in process — the same handlers, the
 * same request and answer shapes as a synchronous Lambda invocation.
 */
import { environmentVariables as v } from '../../definitions/environment.ts';
import { DependencyUnavailableError } from '../../errors.ts';
import type { ResultProducers, ResultRequest, ResultResponse } from '../../ports/inquiries.ts';
import { recordAwsCall } from './awsCalls.ts';

/** The variable through which the inquiry function learns each result function, in AWS. */
const functionVariables = {
  letter: v.letterFunctionName.name,
  fullFile: v.judicialDisclosureFunctionName.name,
} as const;

export type ResultHandler = (request: ResultRequest) => Promise<ResultResponse>;

class InProcessResultProducers implements ResultProducers {
  readonly #handlers = new Map<'letter' | 'fullFile', ResultHandler>();

  register(kind: 'letter' | 'fullFile', handler: ResultHandler | undefined): void {
    if (handler) this.#handlers.set(kind, handler);
    else this.#handlers.delete(kind);
  }

  letter(request: ResultRequest): Promise<ResultResponse> {
    return this.invoke('letter', request);
  }

  fullFile(request: ResultRequest): Promise<ResultResponse> {
    return this.invoke('fullFile', request);
  }

  private async invoke(kind: 'letter' | 'fullFile', request: ResultRequest) {
    recordAwsCall({
      action: 'lambda:InvokeFunction',
      resource: { functionFromEnv: functionVariables[kind] },
    });
    const handler = this.#handlers.get(kind);
    if (handler === undefined) throw new DependencyUnavailableError('lambda');
    try {
      return await handler(structuredClone(request));
    } catch (cause) {
      throw new DependencyUnavailableError('lambda', { cause });
    }
  }
}

/** One registry per process, as one pair of functions per deployment. */
export const inProcessResultProducers = new InProcessResultProducers();
