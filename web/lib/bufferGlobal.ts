/**
 * `Buffer` for the audit verifier in the browser (`scripts/build-web.ts` injects this module
 * into the supervisor's desk): the `buffer` package, Node's Buffer API for browsers.
 */
export { Buffer } from 'buffer/';
