/**
 * Acting for another person (RULES.md §5: "a legal guardian or entrusted agent may act for
 * them"; API.md, The person's own view): a guardian of a minor, or an agent the person
 * entrusted (how people abroad apply). The citizens' identity provider asserts it in the
 * token (`acting_for`); certificates, the person's own view, complaints and sealing
 * applications then concern the person, and the audit names both.
 */
export const relationships = ['guardian', 'agent'] as const;
export type Relationship = (typeof relationships)[number];

/** The person acted for, as the identity provider verified them. */
export type ActingFor = { nationalId: string; name: string; relationship: Relationship };

/** Who a citizen's request concerns: the person, and the representative when one acts. */
export type PersonConcerned = {
  nationalId: string;
  name: string;
  /** The representative's own verified ID and their relationship to the person. */
  agent?: { nationalId: string; relationship: Relationship };
};
