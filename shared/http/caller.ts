/**
 * The caller, from the context the API's Lambda authorizer verified (shared/http/authorizer.ts,
 * the same code in AWS and in the local stand-in): `sub`, `role`, and `org` for agency staff,
 * `national_id` and `name` for citizens.
 *
 * A verified signature says who issued the token, not that its claims are usable: they are
 * checked with the same rules as request fields, so a name of 300 characters or a malformed
 * ID number is a 401 naming the claim, never a failure deeper down.
 */
import * as z from 'zod';
import { type Role, roles } from '../definitions/roles.ts';
import { isValidNationalId } from '../domain/nationalId.ts';
import { type ActingFor, type PersonConcerned, relationships } from '../domain/representation.ts';
import { problems } from './problem.ts';
import type { HttpEvent } from './restApiEvent.ts';
import { singleLineText } from './schemas/text.ts';

/** Agency staff, units and supervisors act for their organisation, always named. */
export type StaffCaller = {
  subject: string;
  role: Exclude<Role, 'citizen'>;
  organisation: string;
  nationalId?: undefined;
  name?: undefined;
};

/** A citizen acts for no organisation (`organisation` is empty), as the verified person. */
export type CitizenCaller = {
  subject: string;
  role: 'citizen';
  organisation: '';
  nationalId: string;
  name?: string;
  /** A guardian's or agent's token: the person they act for. */
  actingFor?: ActingFor;
};

export type Caller = StaffCaller | CitizenCaller;

/** An empty claim is an absent claim (API Gateway passes every context value as a string). */
const optionalClaim = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const claimsSchema = z.object({
  sub: singleLineText({ max: 255 }),
  role: z.enum(roles),
  org: optionalClaim(singleLineText({ max: 100 })),
  national_id: optionalClaim(
    z.string().refine(isValidNationalId, 'must be a PRC resident ID with a valid check digit'),
  ),
  // The credential's own limit for the holder's name (credentialSubject.name).
  name: optionalClaim(singleLineText({ max: 200 })),
  acting_for_national_id: optionalClaim(
    z.string().refine(isValidNationalId, 'must be a PRC resident ID with a valid check digit'),
  ),
  acting_for_name: optionalClaim(singleLineText({ max: 200 })),
  acting_for_relationship: optionalClaim(z.enum(relationships)),
});

const actingForClaims = [
  'acting_for_national_id',
  'acting_for_name',
  'acting_for_relationship',
] as const;

/**
 * The verified caller. Throws 401 when the claims are missing or unusable; the problem
 * names each bad claim (`token.<claim>`) and never repeats its value.
 */
export function callerOf(event: HttpEvent): Caller {
  const claims = (event.requestContext?.authorizer?.lambda ?? {}) as Record<string, unknown>;
  const parsed = claimsSchema.safeParse(claims);
  if (!parsed.success) {
    throw problems.unauthorized(
      parsed.error.issues.map((issue) => ({
        // The flattened `acting_for_x` is named as the claim the token carries: `acting_for.x`.
        path: ['token', ...issue.path.map(String)]
          .join('.')
          .replace('.acting_for_', '.acting_for.'),
        message: issue.message,
      })),
    );
  }
  const { sub, role, org, national_id: nationalId, name } = parsed.data;
  // Acting for someone is all three claims or none: never a person half named.
  const given = actingForClaims.filter((claim) => parsed.data[claim] !== undefined);
  if (given.length > 0 && given.length < actingForClaims.length) {
    throw problems.unauthorized(
      actingForClaims
        .filter((claim) => parsed.data[claim] === undefined)
        .map((claim) => ({
          path: `token.acting_for.${claim.slice('acting_for_'.length)}`,
          message: 'is required with acting_for',
        })),
    );
  }
  const {
    acting_for_national_id: forId,
    acting_for_name: forName,
    acting_for_relationship: relationship,
  } = parsed.data;
  const actingFor =
    forId && forName && relationship
      ? { nationalId: forId, name: forName, relationship }
      : undefined;
  // No claim is ever defaulted (API.md, Errors): the handlers refuse what the authorizer
  // should have refused, whatever reached them.
  if (role === 'citizen') {
    if (nationalId === undefined) throw problems.unauthorized([missing('national_id')]);
    return {
      subject: sub,
      role,
      organisation: '',
      nationalId,
      ...(name ? { name } : {}),
      ...(actingFor ? { actingFor } : {}),
    };
  }
  // Only the citizens' identity provider names a person acted for.
  if (actingFor) {
    throw problems.unauthorized([{ path: 'token.acting_for', message: 'is for citizens only' }]);
  }
  if (org === undefined) throw problems.unauthorized([missing('org')]);
  return { subject: sub, role, organisation: org };
}

function missing(claim: string) {
  return { path: `token.${claim}`, message: 'is required' };
}

/**
 * Who a citizen's request concerns (API.md, The person's own view): the token's own verified
 * person, or — on a guardian's or agent's token — the person acted for, with the
 * representative named for the audit. 403 `identity-not-verified` without a verified ID and
 * name.
 */
export function personConcerned(caller: Caller): PersonConcerned {
  if (caller.role !== 'citizen') throw problems.identityNotVerified();
  const { nationalId, name, actingFor } = caller;
  if (!nationalId || !name) throw problems.identityNotVerified();
  if (!actingFor) return { nationalId, name };
  return {
    nationalId: actingFor.nationalId,
    name: actingFor.name,
    agent: { nationalId, relationship: actingFor.relationship },
  };
}
