/**
 * The agency directory (API.md, Oversight: `GET /v1/agencies`; RULES.md §3, §6): every court,
 * procuratorate, public security organ and justice bureau with the administrative division
 * it serves (the 6-digit code of GB/T 2260). Same-level organisations are those of the same
 * division — the recipients of a sealing notice (IM arts. 11–13) — and the procuratorate one
 * level up is that of the parent division (SPP arts. 552–554). Versioned data, maintained
 * by an administrator (docs/deploy.md), never what a submitter remembered to list.
 */
import * as z from 'zod';
import { type Agency, type AgencyRole, agencyRoles } from '../agencies.ts';

/** A county-level division (990105), a prefecture (990100) or a province (990000). */
export const divisionCode = z.string().regex(/^\d{6}$/, 'must be a 6-digit division code');

export const directoryEntrySchema = z.strictObject({
  org: z.string().min(1).max(100),
  role: z.enum(agencyRoles),
  name: z.string().min(1).max(200),
  division: divisionCode,
});
export type DirectoryEntry = z.infer<typeof directoryEntrySchema>;

export const agencyDirectorySchema = z
  .strictObject({
    version: z.string().min(1).max(64),
    agencies: z.array(directoryEntrySchema),
  })
  .refine(
    (directory) => new Set(directory.agencies.map((a) => a.org)).size === directory.agencies.length,
    { message: 'each org appears once', path: ['agencies'] },
  );
export type AgencyDirectoryData = z.infer<typeof agencyDirectorySchema>;

/**
 * The division one level up: a county's (990105) is its prefecture (990100), a prefecture's
 * its province (990000); a province has none.
 */
export function parentDivision(division: string): string | undefined {
  if (division.endsWith('0000')) return undefined;
  if (division.endsWith('00')) return `${division.slice(0, 2)}0000`;
  return `${division.slice(0, 4)}00`;
}

/** Who must seal their copies of a sealed record (IM arts. 11–13; RULES.md §3). */
export type SealingNoticeCase = {
  /** The sealing organisation, as the directory knows it. */
  sealedBy: Agency;
  /** A non-custodial sentence (public surveillance, a suspended sentence): community corrections. */
  nonCustodial: boolean;
};

/** The roles the directory is asked for, in the division of the sealing organisation. */
export function sealingNoticeRoles(notice: SealingNoticeCase): AgencyRole[] {
  const roles: AgencyRole[] = ['procuratorate', 'police'];
  if (notice.nonCustodial) roles.push('justice');
  return roles;
}
