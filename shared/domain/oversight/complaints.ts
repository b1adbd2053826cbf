/**
 * Complaints (IM art. 21; RULES.md §6): a person whose sealed information was improperly
 * disclosed — by an agency, or by a unit that misused a letter — complains; the complaint
 * goes to the organisation named and to every supervisor (the procuratorate); the organisation
 * answers, and only a supervisor closes it: the body complained against never resolves its
 * own complaint. The person sees the answer and the resolution.
 */
export const complaintStatuses = ['received', 'answered', 'resolved'] as const;
export type ComplaintStatus = (typeof complaintStatuses)[number];

export type ComplaintAction = 'answer' | 'resolve';

/** Which statuses each step may leave from; anything else is out of order (409). */
const allowed: Record<ComplaintAction, readonly ComplaintStatus[]> = {
  // The organisation named answers once.
  answer: ['received'],
  // A supervisor closes it, answered or not (an organisation that never answers).
  resolve: ['received', 'answered'],
};

export function mayTakeOnComplaint(action: ComplaintAction, status: ComplaintStatus): boolean {
  return allowed[action].includes(status);
}
