/**
 * The register's events for discipline, requests and complaints (docs/discipline.md,
 * docs/complaints.md). Part of the union in ./events.ts.
 */

/** An offence's grade: Chile's grave / menos grave / leve (Decreto 518). */
export type OffenceSeverity = 'grave' | 'less-grave' | 'minor';

/** A sanction's kind. `family-contact-ban` and `reduction-of-food` are always refused (Mandela Rule 43). */
export type SanctionKind =
  | 'warning'
  | 'loss-of-privileges'
  | 'visit-restriction'
  | 'isolation'
  | 'family-contact-ban'
  | 'reduction-of-food';

/** A disciplinary charge against a person in custody (the event's person and facility). */
export interface ChargedPayload {
  chargeId: string;
  custodyId: string;
  incidentReference: string;
  offence: { code: string; severity: OffenceSeverity; description: string };
  /** when the act happened (the event's effective time is when the charge was laid) */
  occurredAt: string;
}

/** The person was told of the charge (the event's effective time), in a language they understand. */
export interface NoticeGivenPayload {
  chargeId: string;
  language: string;
}

/** A sanction imposed at a hearing: from its start, for `days` (null: a warning, which has no length). */
export interface ImposedSanction {
  sanctionId: string;
  kind: SanctionKind;
  days: number | null;
  /** RFC 3339 instants; `until` null for a warning */
  from: string;
  until: string | null;
  /** the segregation an isolation opened */
  segregationId: string | null;
}

/** A hearing of a charge (the event's effective time is when it was held). */
export interface HeardPayload {
  chargeId: string;
  adjudicator: string;
  /** the person was heard (present and able to answer the charge) */
  heard: boolean;
  outcome: 'proved' | 'dismissed';
  interpreter: string | null;
  legalAssistance: string | null;
  plea: 'admitted' | 'denied' | 'none' | null;
  evidence: string | null;
  sanctions: ImposedSanction[];
}

/** An appeal lodged against a proved charge. */
export interface AppealedPayload {
  chargeId: string;
  grounds: string;
}

/** An appeal decided: `quashed` lifts every sanction of the charge (the segregations are ended). */
export interface AppealDecidedPayload {
  chargeId: string;
  outcome: 'upheld' | 'quashed';
  decidedBy: string;
  reason: string;
  /** the sanctions lifted, and the segregations ended with them */
  lifted: string[];
  segregationsEnded: string[];
}

/** A request or complaint from a person held (the event's person and facility). */
export interface ComplaintLodgedPayload {
  complaintId: string;
  custodyId: string | null;
  addressee: 'governor' | 'inspector' | 'judge';
  subject: string;
  text: string;
  /** to the inspector in confidence: readable by inspectors only */
  confidential: boolean;
}

/** A complaint answered (the event's effective time is when the answer was given). */
export interface ComplaintAnsweredPayload {
  complaintId: string;
  text: string;
}

export interface RightsPayloadByKind {
  'discipline.charged': ChargedPayload;
  'discipline.notice-given': NoticeGivenPayload;
  'discipline.heard': HeardPayload;
  'discipline.appealed': AppealedPayload;
  'discipline.appeal-decided': AppealDecidedPayload;
  'complaint.lodged': ComplaintLodgedPayload;
  'complaint.answered': ComplaintAnsweredPayload;
}

export const RIGHTS_EVENT_KINDS = [
  'discipline.charged',
  'discipline.notice-given',
  'discipline.heard',
  'discipline.appealed',
  'discipline.appeal-decided',
  'complaint.lodged',
  'complaint.answered',
] as const satisfies readonly (keyof RightsPayloadByKind)[];
