/**
 * The agencies of a juvenile case (IM arts. 2, 11–13): people's courts, procuratorates,
 * public security organs and judicial administration (justice bureaus). Each decides its own
 * kind of record (`LEGAL_PARAMETERS.recordSubmitters`).
 */
export const agencyRoles = ['court', 'procuratorate', 'police', 'justice'] as const;
export type AgencyRole = (typeof agencyRoles)[number];

/** An agency as the system knows it: its role and its organisation identifier. */
export type Agency = { role: AgencyRole; org: string };
