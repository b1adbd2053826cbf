/**
 * Port: the agency directory (shared/domain/directory/agencyDirectory.ts). In AWS a table an
 * administrator maintains; locally the same table, seeded with synthetic organisations.
 */
import type { AgencyRole } from '../domain/agencies.ts';
import type { DirectoryEntry } from '../domain/directory/agencyDirectory.ts';

export interface AgencyDirectory {
  /** The organisation's entry; undefined when the directory does not list it. */
  entry(org: string): Promise<DirectoryEntry | undefined>;
  /** The organisations of `role` serving `division`, as `{role, org}`. */
  inDivision(division: string, role: AgencyRole): Promise<{ role: AgencyRole; org: string }[]>;
}

export type DirectoryPage = {
  version: string;
  agencies: DirectoryEntry[];
  /** Absent on the last page. */
  cursor?: string;
};

export interface AgencyDirectoryListing {
  page(request: { cursor?: string; limit: number }): Promise<DirectoryPage>;
}
