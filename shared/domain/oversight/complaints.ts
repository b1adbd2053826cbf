/**
 * Complaints (IM art. 21; RULES.md §6): a person whose sealed information was improperly
 * disclosed complains; the complaint goes to the agency named and to every supervisor
 * (the procuratorate); the agency or a supervisor resolves it in writing, and the person
 * sees the resolution.
 */
export const complaintStatuses = ['received', 'resolved'] as const;
export type ComplaintStatus = (typeof complaintStatuses)[number];
