/**
 * Invocations side by side in one process, as Lambda Managed Instances run them: each in its
 * own context, so that Powertools keeps per invocation what it would otherwise keep per
 * process — the Lambda context the logger stamps on every line (function name, request ID),
 * its temporary keys, the batch processor's state.
 *
 * Powertools reads that context from the Lambda runtime's `InvokeStore`
 * (`@aws/lambda-invoke-store`) whenever `AWS_LAMBDA_MAX_CONCURRENCY` is set. The local stack
 * sets it and installs this store, which, unlike the runtime's, also serves code that runs
 * outside any invocation (start-up, a test calling a handler directly) from one shared
 * context: exactly Powertools' behaviour without concurrency.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

type Context = Record<string | symbol, unknown>;

/** The runtime's key for the request ID (`InvokeStoreBase.PROTECTED_KEYS.REQUEST_ID`). */
const REQUEST_ID = Symbol.for('_AWS_LAMBDA_REQUEST_ID');
const X_RAY_TRACE_ID = Symbol.for('_AWS_LAMBDA_X_RAY_TRACE_ID');

const invocations = new AsyncLocalStorage<Context>();
const outsideInvocations: Context = {};
const current = () => invocations.getStore() ?? outsideInvocations;

const invokeStore = {
  getContext: () => invocations.getStore(),
  hasContext: () => invocations.getStore() !== undefined,
  get: (key: string | symbol) => current()[key],
  set: (key: string | symbol, value: unknown) => {
    current()[key] = value;
  },
  run: <T>(context: Context, fn: () => T): T => invocations.run(context, fn),
  getRequestId: () => String(current()[REQUEST_ID] ?? '-'),
  getXRayTraceId: () => current()[X_RAY_TRACE_ID] as string | undefined,
  getTenantId: () => undefined,
  getTraceparent: () => undefined,
  getTracestate: () => undefined,
  getBaggage: () => undefined,
};

/** Makes Powertools keep its state per invocation from now on (idempotent). */
export function runInvocationsConcurrently(): void {
  const global = globalThis as { awslambda?: { InvokeStore?: unknown } };
  global.awslambda = { ...global.awslambda, InvokeStore: invokeStore };
  // Any value: Powertools only asks whether it is set.
  process.env.AWS_LAMBDA_MAX_CONCURRENCY ??= '64';
}

/** Runs one invocation in a context of its own. */
export function invoke<T>(requestId: string, fn: () => Promise<T>): Promise<T> {
  return invocations.run({ [REQUEST_ID]: requestId }, fn);
}
