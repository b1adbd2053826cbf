/**
 * `npm run lint:openapi` (part of `npm run lint`): the OpenAPI document, generated exactly as
 * `GET /openapi.json` serves it, linted by Redocly's CLI with its strict recommended rules.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openApiDocument } from '#shared/http/openapi.ts';

const root = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'sealed-records-openapi-'));
const file = join(dir, 'openapi.json');
writeFileSync(file, JSON.stringify(openApiDocument('https://sealed-records.test'), null, 2));
const lint = spawnSync(
  join(root, 'node_modules/.bin/redocly'),
  ['lint', '--config', join(root, 'redocly.yaml'), file],
  { stdio: 'inherit' },
);
rmSync(dir, { recursive: true, force: true });
process.exit(lint.status ?? 1);
