/**
 * The caller, from the claims the API Gateway JWT authorizer verified (locally: the local
 * server's verifier). Claims: `sub`, `role`, `org`, and for citizens `national_id`, `name`.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { type Role, roles } from '../definitions/routes.ts';

export type Caller = {
  subject: string;
  role: Role;
  organisation: string;
  nationalId?: string;
  name?: string;
};

function claim(claims: Record<string, unknown>, name: string): string | undefined {
  const value = claims[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** The verified caller, or undefined when the request carries no usable claims. */
export function callerOf(event: APIGatewayProxyEventV2WithJWTAuthorizer): Caller | undefined {
  const claims = (event.requestContext?.authorizer?.jwt?.claims ?? {}) as Record<string, unknown>;
  const subject = claim(claims, 'sub');
  const role = claim(claims, 'role');
  if (!subject || !role || !(roles as readonly string[]).includes(role)) return undefined;
  return {
    subject,
    role: role as Role,
    organisation: claim(claims, 'org') ?? '',
    nationalId: claim(claims, 'national_id'),
    name: claim(claims, 'name'),
  };
}
