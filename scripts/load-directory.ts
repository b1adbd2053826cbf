/**
 * `npm run --silent directory:load -- FILE.json [--table NAME]` — an administrator replaces
 * the agency directory of a deployment (docs/deploy.md): FILE is `{version, agencies: [{org,
 * role, name, division}]}`, checked whole before anything is written; the table is the stack's
 * `AgencyDirectory` (`--table`, or AGENCY_DIRECTORY_TABLE), reached with the caller's own AWS
 * credentials and region. Idempotent: run again after a failure.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadAgencyDirectory } from '#shared/adapters/dynamodb/agencyDirectory.ts';
import { createDocumentClient, createDynamoDbClient } from '#shared/adapters/dynamodb/client.ts';
import { agencyDirectoryTable } from '#shared/definitions/tables.ts';
import { agencyDirectorySchema } from '#shared/domain/directory/agencyDirectory.ts';

const usage = `Usage: npm run --silent directory:load -- FILE.json [--table NAME]

Replaces the agency directory with FILE ({version, agencies: [{org, role, name, division}]}).
The table: --table, or ${agencyDirectoryTable.envVar}. AWS credentials and AWS_REGION as for
the AWS CLI. Exit 0 loaded, 1 failed (run again), 2 usage error or invalid file.`;

function fail(message: string, code = 2): never {
  console.error(code === 2 ? `${message}\n\n${usage}` : message);
  process.exit(code);
}

let parsed: ReturnType<
  typeof parseArgs<{
    options: { table: { type: 'string' }; help: { type: 'boolean' } };
    allowPositionals: true;
  }>
>;
try {
  parsed = parseArgs({
    options: { table: { type: 'string' }, help: { type: 'boolean' } },
    allowPositionals: true,
  });
} catch (error) {
  fail((error as Error).message);
}
if (parsed.values.help) {
  console.log(usage);
  process.exit(0);
}
const [file, ...extra] = parsed.positionals;
if (!file || extra.length > 0) fail('Name exactly one directory file.');
const table = parsed.values.table ?? process.env[agencyDirectoryTable.envVar];
if (!table) fail(`Name the table: --table, or ${agencyDirectoryTable.envVar}.`);

let content: unknown;
try {
  content = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  fail(`${file}: ${(error as Error).message}`);
}
const directory = agencyDirectorySchema.safeParse(content);
if (!directory.success) {
  const issues = directory.error.issues
    .slice(0, 10)
    .map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  fail(`${file} is not a directory:\n${issues.join('\n')}`);
}
const client = createDynamoDbClient({ region: process.env.AWS_REGION ?? 'cn-north-1' });
try {
  const { written, removed } = await loadAgencyDirectory(
    createDocumentClient(client),
    table,
    directory.data,
  );
  console.log(
    `loaded ${written} organisations (version ${directory.data.version}); removed ${removed}`,
  );
} catch (error) {
  fail(`Stopped: ${(error as Error).name}. Run again to finish.`, 1);
} finally {
  client.destroy();
}
