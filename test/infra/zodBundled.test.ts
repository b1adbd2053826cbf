/**
 * zod in the bundles has no locales but English (infra/bundling/aliases.ts), and that
 * changes no answer: the stand-in modules export exactly what zod's do but `locales`, and the
 * API's answers to thousands of request bodies — every request schema's problem documents
 * with their field messages, and the wallet protocol's library-validated requests — are the
 * same from a bundle built as the functions are as from the source as the tests run it,
 * each in a fresh process (a process's zod configuration is global: the OpenID4VCI libraries
 * set their own error map, so the wallet functions are probed apart).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import * as zodCore from 'zod/v4/core';
import * as slim from '#infra/bundling/zod.ts';
import * as slimCore from '#infra/bundling/zodCore.ts';
import type { FunctionDefinition } from '#shared/definitions/functions.ts';
import { bundleFunction } from '../../bench/coldstart.ts';
import { bodyFor, hostileValue, type JsonSchema } from '../support/schemaArbitrary.ts';
import { type Probe, requestSchemas } from './zodBundled/probe.ts';
import type { WalletProbe } from './zodBundled/walletProbe.ts';

const root = resolve(import.meta.dirname, '../..');
const here = join(import.meta.dirname, 'zodBundled');
const outdir = mkdtempSync(join(tmpdir(), 'sealed-records-zod-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const exported = (namespace: object) => Object.keys(namespace).sort();
const without = (names: string[], name: string) => names.filter((n) => n !== name);

/** Bodies for every request schema: mostly near-valid, some hostile, a few bare values. */
function schemaProbes(): Probe[] {
  const routes = Object.keys(requestSchemas) as (keyof typeof requestSchemas)[];
  return routes.flatMap((route, index) => {
    const schema = z.toJSONSchema(requestSchemas[route], {
      io: 'input',
      unrepresentable: 'any',
    }) as JsonSchema;
    const inputs = [
      ...fc.sample(bodyFor(schema), { seed: 2030 + index, numRuns: 150 }),
      ...fc.sample(hostileValue, { seed: 4060 + index, numRuns: 20 }),
      {},
      null,
      [],
    ];
    return inputs.map((input) => ({ route, input }));
  });
}

/** Token requests' forms and credential requests, valid in shape or not. */
function walletProbes(): WalletProbe[] {
  const forms = fc.record(
    {
      grant_type: fc.constantFrom(
        'urn:ietf:params:oauth:grant-type:pre-authorized_code',
        'authorization_code',
        '',
      ),
      'pre-authorized_code': fc.oneof(fc.string({ maxLength: 8 }), fc.integer()),
      tx_code: fc.oneof(fc.string({ maxLength: 4 }), fc.constant(null)),
    },
    { requiredKeys: [] },
  );
  const credentialRequests = fc.record(
    {
      credential_configuration_id: fc.oneof(fc.string({ maxLength: 8 }), fc.integer()),
      proof: fc.oneof(
        fc.record({ proof_type: fc.constantFrom('jwt', 'cwt', ''), jwt: fc.string() }),
        hostileValue,
      ),
      proofs: fc.oneof(
        fc.record({ jwt: fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 2 }) }),
        hostileValue,
      ),
    },
    { requiredKeys: [] },
  );
  return [
    ...fc
      .sample(forms, { seed: 7, numRuns: 80 })
      .map((input) => ({ route: 'POST /v1/wallet/token' as const, input })),
    ...fc
      .sample(credentialRequests, { seed: 8, numRuns: 80 })
      .map((input) => ({ route: 'POST /v1/wallet/credential' as const, input })),
  ];
}

/** A probe module's answers, loaded in a fresh process from `module` (source or bundle). */
function answersOf(module: string, probesFile: string): unknown[] {
  const run = spawnSync(process.execPath, [join(here, 'answer.ts'), module, probesFile], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60_000,
  });
  if (run.status !== 0) throw new Error(`${module}: ${run.stderr.slice(-2000)}`);
  return JSON.parse(run.stdout) as unknown[];
}

describe('zod without its locales', () => {
  it('exports what zod exports, but locales', () => {
    expect(exported(slim)).toEqual(without(exported(z), 'locales'));
    expect(exported(slim.z)).toEqual(without(exported(z.z), 'locales'));
    expect(exported(slim.default)).toEqual(exported(slim.z));
    expect(exported(slim.core)).toEqual(without(exported(z.core), 'locales'));
    expect(exported(slimCore)).toEqual(without(exported(zodCore), 'locales'));
    // The same functions and classes, not copies: one ZodError for `instanceof`.
    expect(slim.ZodError).toBe(z.ZodError);
    expect(slim.z.string).toBe(z.string);
    expect(slimCore.$ZodError).toBe(zodCore.$ZodError);
  });

  it.each([
    ['the request schemas', 'probe.ts', schemaProbes],
    [
      'the request schemas and the wallet protocol, with the OpenID4VCI libraries',
      'walletProbe.ts',
      () => [...schemaProbes(), ...walletProbes()],
    ],
  ] as const)(
    'answers %s as the source does',
    async (_, entry, probes) => {
      const probesFile = join(outdir, `${entry}.json`);
      writeFileSync(probesFile, JSON.stringify(probes()));
      const expected = answersOf(join(here, entry), probesFile);
      // Most answers are refusals naming fields, with zod's messages.
      const messages = expected.flatMap(
        (answer) => (answer as { errors?: { message: string }[] }).errors ?? [],
      );
      expect(messages.length).toBeGreaterThan(expected.length / 2);

      const definition = {
        name: entry,
        entry: `test/infra/zodBundled/${entry}`,
      } as FunctionDefinition;
      const bundle = await bundleFunction(root, definition, undefined, join(outdir, entry));
      expect(answersOf(bundle.outfile, probesFile)).toEqual(expected);
      const locales = Object.keys(bundle.contributions).filter((input) =>
        input.includes('node_modules/zod/v4/locales/'),
      );
      expect(locales).toEqual(['node_modules/zod/v4/locales/en.js']);
    },
    120_000,
  );
});
