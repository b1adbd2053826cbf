/**
 * `npm run --silent token -- --role ROLE [--org ORG] [--national-id ID --name NAME]`
 * prints one bearer token for the local server that uses the same DATA_DIR: a citizen's from
 * the local citizens' identity provider, anyone else's from the agencies' one.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { issueDevToken } from '#shared/adapters/local/devTokens.ts';
import { devTokenIssuerKeyFiles, keysDir } from '#shared/adapters/local/localKeys.ts';
import { InvalidNowError, localNow } from '#shared/adapters/local/localNow.ts';
import { environmentValue, environmentVariables } from '#shared/definitions/environment.ts';
import { type Role, roles } from '#shared/definitions/routes.ts';
import { isValidNationalId } from '#shared/domain/nationalId.ts';
import { relationships } from '#shared/domain/representation.ts';
import { singleLineText } from '#shared/http/schemas/text.ts';

const usage = `Usage: npm run --silent token -- --role ROLE [--org ORG] [--sub SUB] [--national-id ID --name NAME]
         [--acting-for ID --acting-for-name NAME --relationship guardian|agent]

Prints a bearer token (JWT) for the local server using \${DATA_DIR:-.data}, issued at
\${NOW} when it is set (give the server and the token tool the same NOW).
ROLE: ${roles.join(', ')}. A citizen token needs --national-id and --name; a guardian's or
agent's also names the person acted for (--acting-for, --acting-for-name, --relationship);
every other role needs --org (the server refuses a token without it: no claim is defaulted).`;

function fail(message: string): never {
  console.error(`${message}\n\n${usage}`);
  process.exit(2);
}

let values: Record<string, string | boolean | undefined>;
try {
  ({ values } = parseArgs({
    options: {
      role: { type: 'string' },
      org: { type: 'string' },
      sub: { type: 'string' },
      'national-id': { type: 'string' },
      name: { type: 'string' },
      'acting-for': { type: 'string' },
      'acting-for-name': { type: 'string' },
      relationship: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  fail((error as Error).message);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const role = values.role as string | undefined;
if (!role || !(roles as readonly string[]).includes(role))
  fail('--role is required and must be a known role.');
const nationalId = values['national-id'] as string | undefined;
const name = values.name as string | undefined;
if (role === 'citizen' && (!nationalId || !name))
  fail('A citizen token needs --national-id and --name.');
if (role !== 'citizen' && !(values.org as string | undefined)?.trim())
  fail(`A ${role} token needs --org.`);
if (nationalId && !isValidNationalId(nationalId))
  fail('--national-id is not a valid PRC resident ID.');
// The server checks the name claim by the same rule and refuses the token otherwise.
if (name !== undefined && !singleLineText({ max: 200 }).safeParse(name).success)
  fail('--name must be 1–200 characters on one line, without control characters.');

let issuedAt: Date | undefined;
try {
  issuedAt = localNow();
} catch (error) {
  if (!(error instanceof InvalidNowError)) throw error;
  fail(error.message);
}

const actingForId = values['acting-for'] as string | undefined;
const actingForName = values['acting-for-name'] as string | undefined;
const relationship = values.relationship as string | undefined;
const actingForGiven = [actingForId, actingForName, relationship].filter((v) => v !== undefined);
if (actingForGiven.length > 0) {
  if (role !== 'citizen') fail('Only a citizen token acts for another person.');
  if (actingForGiven.length < 3)
    fail('--acting-for, --acting-for-name and --relationship go together.');
  if (!isValidNationalId(actingForId ?? '')) fail('--acting-for is not a valid PRC resident ID.');
  if (!singleLineText({ max: 200 }).safeParse(actingForName).success)
    fail('--acting-for-name must be 1–200 characters on one line, without control characters.');
  if (!(relationships as readonly string[]).includes(relationship ?? ''))
    fail(`--relationship must be one of: ${relationships.join(', ')}.`);
}

const dataDir = environmentValue(process.env, environmentVariables.dataDir) ?? '.data';
const provider = role === 'citizen' ? 'citizens' : 'staff';
if (!existsSync(join(keysDir(dataDir), devTokenIssuerKeyFiles[provider]))) {
  fail(`No local token issuer key in ${dataDir}: run \`npm start\` once first.`);
}
process.stdout.write(
  `${await issueDevToken(dataDir, {
    role: role as Role,
    org: values.org as string | undefined,
    sub: values.sub as string | undefined,
    nationalId,
    name,
    issuedAt,
    ...(actingForId && actingForName && relationship
      ? { actingFor: { nationalId: actingForId, name: actingForName, relationship } }
      : {}),
  })}\n`,
);
