/**
 * The roles a token may carry (API.md, Running locally): the agencies', the inquiring
 * units', the supervisors' and the citizens'. Apart from the routes, so that a function that
 * checks a caller's role does not carry every route's definition.
 */
import { type AgencyRole, agencyRoles } from '../domain/agencies.ts';

export { type AgencyRole, agencyRoles };
export const roles = [...agencyRoles, 'citizen', 'unit', 'supervisor'] as const;
export type Role = (typeof roles)[number];
/** Roles of the agencies' identity provider; `citizen` comes only from the citizens' one. */
export const staffRoles = roles.filter(
  (role): role is Exclude<Role, 'citizen'> => role !== 'citizen',
);
