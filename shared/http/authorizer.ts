/**
 * The API's Lambda authorizer (REQUEST type): verifies the bearer token against the identity
 * provider that issued it — citizens and agency staff each have their own issuer, audience
 * and keys — and admits exactly the roles the matched route names in
 * shared/definitions/routes.ts. The handlers check the roles again (`authorizeRoles`) and
 * validate every claim's content (a 401 naming the claim).
 *
 * The same code runs in AWS (keys: the provider's JWKS, fetched and cached by jose) and in
 * the local stand-in (keys: the dev-token keys in DATA_DIR).
 *
 * API Gateway caches a policy per identity source; the authorizer's identity sources are the
 * token, the method and the resource template, so a cached answer is reused only for the same
 * route, and the policy allows exactly that route (`{id}` as `*`) — never a wider one.
 */
import type {
  APIGatewayAuthorizerResult,
  APIGatewayRequestAuthorizerEvent,
  PolicyDocument,
} from 'aws-lambda';
import { errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { type Role, type RouteDefinition, routes, staffRoles } from '../definitions/routes.ts';
import { type Clock, systemClock } from '../ports/clock.ts';

/** One identity provider: the `iss` and `aud` its tokens carry, and where its keys are. */
export type IdentityProvider = { issuer: string; audience: string; keys: JWTVerifyGetKey };

export type IdentityProviders = { citizens: IdentityProvider; staff: IdentityProvider };

/** The verified caller, as the authorizer hands it to the handlers (strings only). */
export type CallerContext = {
  sub: string;
  role: Role;
  org?: string;
  national_id?: string;
  name?: string;
  /** A guardian's or agent's token: the person acted for (`acting_for`, flattened). */
  acting_for_national_id?: string;
  acting_for_name?: string;
  acting_for_relationship?: string;
};

/** Asymmetric algorithms only: a shared-secret token could be minted by anyone holding it. */
const ALGORITHMS = ['ES256', 'ES384', 'RS256', 'PS256', 'EdDSA'];
/** Clock skew tolerated for `iat`, `nbf` and `exp`. */
const CLOCK_SKEW_SECONDS = 5;

/** What the authorizer logs on a real failure: the alarm's metric filter counts exactly this. */
export const AUTHORIZER_FAILURE = 'authorizer failed';

/** API Gateway answers 401 to exactly this error message; anything else is a failure (503). */
export const UNAUTHORIZED = 'Unauthorized';

export class Unauthorized extends Error {
  constructor() {
    super(UNAUTHORIZED);
  }
}

/** A provider could not be asked for its keys: neither a yes nor a no. */
export class IdentityProviderUnavailable extends Error {
  override name = 'IdentityProviderUnavailable';
}

function unverifiedIssuer(token: string): string | undefined {
  try {
    const payload = token.split('.')[1] ?? '';
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    return typeof claims === 'object' && claims !== null && 'iss' in claims
      ? String((claims as { iss: unknown }).iss)
      : undefined;
  } catch {
    return undefined;
  }
}

/** A claim the handlers read must be text; anything else makes the token unusable. */
function textClaim(payload: JWTPayload, name: string): string | undefined {
  const value = payload[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new Unauthorized();
  return value;
}

/**
 * A claim the caller cannot act without: present, text, and not blank. No claim is ever
 * defaulted (API.md, Errors): an org-less official would otherwise act as one organisation
 * with every other org-less official of the role.
 */
function requiredClaim(payload: JWTPayload, name: string): string {
  const value = textClaim(payload, name);
  if (value === undefined || value.trim() === '') throw new Unauthorized();
  return value;
}

/**
 * Verifies a bearer token: the provider is chosen by its `iss`, then signature (a known
 * `kid` required), issuer, audience, `exp`, `iat` (required, not in the future) and `sub`
 * are checked. Citizens' tokens make a `citizen` and must carry `national_id`; staff tokens
 * carry their role, which may never be `citizen`, and a non-empty `org`. Throws
 * `Unauthorized`, or `IdentityProviderUnavailable`.
 */
export async function verifyBearerToken(
  providers: IdentityProviders,
  token: string,
  clock: Clock = systemClock,
): Promise<CallerContext> {
  const now = clock.now();
  const issuer = unverifiedIssuer(token);
  const kind =
    issuer === providers.citizens.issuer
      ? 'citizens'
      : issuer === providers.staff.issuer
        ? 'staff'
        : undefined;
  if (!kind) throw new Unauthorized();
  const provider = providers[kind];
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(
      token,
      (header, input) => {
        if (typeof header.kid !== 'string' || header.kid === '') throw new Unauthorized();
        return provider.keys(header, input);
      },
      {
        issuer: provider.issuer,
        audience: provider.audience,
        algorithms: ALGORITHMS,
        requiredClaims: ['exp', 'iat', 'sub'],
        clockTolerance: CLOCK_SKEW_SECONDS,
        currentDate: now,
      },
    ));
  } catch (error) {
    if (
      error instanceof errors.JWKSTimeout ||
      (error instanceof Error &&
        !(error instanceof errors.JOSEError) &&
        !(error instanceof Unauthorized))
    ) {
      throw new IdentityProviderUnavailable('the identity provider did not answer', {
        cause: error,
      });
    }
    throw new Unauthorized();
  }
  // jose checks `iat` only against a maximum age; a token from the future is refused.
  if ((payload.iat ?? 0) > now.getTime() / 1000 + CLOCK_SKEW_SECONDS) throw new Unauthorized();
  const sub = textClaim(payload, 'sub');
  if (!sub) throw new Unauthorized();
  const actingFor = actingForClaim(payload);
  if (kind === 'citizens') {
    return withoutAbsent({
      sub,
      role: 'citizen',
      national_id: requiredClaim(payload, 'national_id'),
      name: textClaim(payload, 'name'),
      acting_for_national_id: actingFor?.national_id,
      acting_for_name: actingFor?.name,
      acting_for_relationship: actingFor?.relationship,
    });
  }
  // Only the citizens' provider asserts that someone acts for a person.
  if (actingFor !== undefined) throw new Unauthorized();
  const role = textClaim(payload, 'role');
  if (!role || !(staffRoles as readonly string[]).includes(role)) throw new Unauthorized();
  return { sub, role: role as Role, org: requiredClaim(payload, 'org') };
}

/**
 * `acting_for: {national_id, name, relationship}` — exactly these three, each text; their
 * content is checked with the other claims (shared/http/caller.ts). Anything else makes the
 * token unusable. API Gateway passes context values as strings, so it travels flattened.
 */
function actingForClaim(
  payload: JWTPayload,
): { national_id: string; name: string; relationship: string } | undefined {
  const value = payload.acting_for;
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Unauthorized();
  const claims = value as Record<string, unknown>;
  const names = Object.keys(claims).sort();
  if (names.join(',') !== 'name,national_id,relationship') throw new Unauthorized();
  const { national_id, name, relationship } = claims;
  if (typeof national_id !== 'string' || typeof name !== 'string') throw new Unauthorized();
  if (typeof relationship !== 'string') throw new Unauthorized();
  return { national_id, name, relationship };
}

function withoutAbsent(context: CallerContext): CallerContext {
  return Object.fromEntries(
    Object.entries(context).filter(([, value]) => value !== undefined),
  ) as CallerContext;
}

/** The route API Gateway matched: method (HEAD is served by the GET route) and resource template. */
export function routeOf(
  httpMethod: string,
  resource: string,
  definitions: readonly RouteDefinition[] = routes,
): RouteDefinition | undefined {
  const method = httpMethod === 'HEAD' ? 'GET' : httpMethod;
  return definitions.find((route) => route.method === method && route.path === resource);
}

/**
 * `arn:…:execute-api:<region>:<account>:<api>/<stage>/<METHOD>/<resource>`, the path
 * parameters as `*`: the one route this policy is about, whatever its parameters.
 */
export function routeArn(methodArn: string, httpMethod: string, resource: string): string {
  const [apiAndStage, stage] = methodArn.split('/');
  const path = resource.replace(/\{[^}]+\}/g, '*');
  return `${apiAndStage}/${stage}/${httpMethod}${path}`;
}

function policy(effect: 'Allow' | 'Deny', resource: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }],
  };
}

/**
 * The authorizer's answer for one request: `Allow` with the caller as context when the
 * route admits the caller's role, `Deny` (403) when it does not; `Unauthorized` (401) for a
 * missing or unusable token.
 */
export async function authorizeRequest(
  event: APIGatewayRequestAuthorizerEvent,
  providers: IdentityProviders,
  clock: Clock = systemClock,
): Promise<APIGatewayAuthorizerResult> {
  const header = Object.entries(event.headers ?? {}).find(
    ([name]) => name.toLowerCase() === 'authorization',
  )?.[1];
  const [scheme, token, extra] = (header ?? '').split(' ');
  if (scheme?.toLowerCase() !== 'bearer' || !token || extra !== undefined) {
    throw new Unauthorized();
  }
  const caller = await verifyBearerToken(providers, token, clock);
  const route = routeOf(event.httpMethod, event.resource);
  const resource = routeArn(event.methodArn, event.httpMethod, event.resource);
  const admitted = route?.auth.kind === 'jwt' && route.auth.roles.includes(caller.role);
  return {
    principalId: caller.sub,
    policyDocument: policy(admitted ? 'Allow' : 'Deny', resource),
    ...(admitted ? { context: caller } : {}),
  };
}
