import type { Violation } from '../violation.js';

/**
 * Requests and complaints of people held (docs/complaints.md). Pure: the store looks up what these
 * rules judge. Sources: the Mandela Rules, rule 56 (requests and complaints each day to the director
 * (56(1)); to the inspector of prisons during inspections, freely and in full confidentiality, without
 * the director or other staff present (56(2)); to the central administration and to the judicial
 * authority (56(3))) and rule 57 (dealt with promptly and answered without delay (57(1)); safeguards so
 * they are made safely and, when the complainant asks, confidentially, with no risk of reprisal (57(2))).
 *
 * Rule ids: 409 `confidential-to-inspector`, `complaint-answered`, `time-before-start`,
 * `time-before-admission`, `not-in-custody`; 403 `complaint-addressee`; 404 `unknown-complaint`;
 * the reading rule `complaint-confidential` (who sees a confidential complaint: inspectors only).
 */

export const ADDRESSEES = ['governor', 'inspector', 'judge'] as const;
export type Addressee = (typeof ADDRESSEES)[number];
export const COMPLAINT_STATUSES = ['open', 'answered', 'all'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

/** Whom a complaint is to, in words (the messages' `{addressee}`). */
export const ADDRESSEE_WORDS: Record<Addressee, { es: string; en: string }> = {
  governor: { es: 'el alcaide', en: 'the governor' },
  inspector: { es: 'el inspector', en: 'the inspector' },
  judge: { es: 'un juez', en: 'a judge' },
};

/** The duty a complaint opens: its answer, within the profile's deadline (Mandela Rule 57(1)). */
export const COMPLAINT_DUTY = 'complaint-response';

/**
 * `confidential-to-inspector` (409, subject `confidential`): only a complaint to the inspector is made
 * in confidence. Source: Mandela Rule 56(2) (the inspector hears complaints in full confidentiality,
 * without the director or other staff present) and 57(2) (confidential when the complainant asks).
 * A complaint to the governor goes to the staff who run the facility; one to a judge is sent through
 * them: neither can be kept from the facility's own staff.
 */
export function checkConfidential(addressee: Addressee, confidential: boolean): Violation[] {
  if (!confidential || addressee === 'inspector') return [];
  return [
    {
      rule: 'confidential-to-inspector',
      subject: 'confidential',
      params: { addressee: ADDRESSEE_WORDS[addressee] },
    },
  ];
}

/**
 * Rule `complaint-confidential` (reading): a confidential complaint, its answer, its response duty and
 * the events that record them are read by inspectors only; every other role never sees them — not in
 * lists, files, alerts, reports or refusals (a confidential complaint asked for by id is unknown:
 * 404, never 403, so that even its existence stays with the inspectors). Source: Mandela Rules 56(2)
 * and 57(2).
 */
export const seesConfidential = (roles: readonly string[]) =>
  roles.includes('inspector') && !roles.some((r) => FACILITY_STAFF.includes(r));

/**
 * The roles of a facility's staff. An account holding one of them besides `inspector` is that
 * facility's staff (Mandela Rule 56(2): the inspector hears complaints without the director or other
 * staff present): it neither reads confidential complaints nor answers as the inspector.
 */
const FACILITY_STAFF: readonly string[] = ['records', 'officer', 'governor', 'medical'];

/**
 * Who answers a complaint (rule `complaint-addressee`, 403): the one it is addressed to. To the
 * governor, the governor (Mandela Rule 56(1)); to the inspector, the inspector (56(2)); to a judge,
 * the court answers and the facility's records staff or governor record its answer (56(3)).
 */
export const ANSWERERS: Record<Addressee, readonly string[]> = {
  governor: ['governor'],
  inspector: ['inspector'],
  judge: ['records', 'governor'],
};

/** `complaint-addressee` (403, subject `addressee`) when none of `roles` answers for `addressee`. */
export function checkAnswerer(addressee: Addressee, roles: readonly string[]): Violation[] {
  const may = ANSWERERS[addressee];
  // to the inspector: an inspector who is no facility's staff (the same test as seesConfidential)
  if (addressee === 'inspector' ? seesConfidential(roles) : roles.some((r) => may.includes(r))) return [];
  return [
    {
      rule: 'complaint-addressee',
      subject: 'addressee',
      params: { addressee: ADDRESSEE_WORDS[addressee], roles: may },
    },
  ];
}

/**
 * The checks of an answer: `complaint-answered` (409): a complaint is answered once — what the
 * register holds as its answer is not replaced (a further answer is a further complaint, or a
 * correction); `time-before-start` (409, subject `respondedAt`): not before it was received.
 */
export function checkAnswer(
  c: { id: string; receivedAt: Date; respondedAt: Date | null },
  respondedAt: Date,
): Violation[] {
  if (c.respondedAt)
    return [
      {
        rule: 'complaint-answered',
        params: { complaint: c.id, respondedAt: c.respondedAt.toISOString() },
      },
    ];
  if (respondedAt < c.receivedAt)
    return [
      {
        rule: 'time-before-start',
        subject: 'respondedAt',
        params: { at: respondedAt.toISOString(), since: c.receivedAt.toISOString() },
      },
    ];
  return [];
}

/**
 * `time-before-admission` (409, subject `receivedAt`): a facility receives a complaint from a person
 * it holds, not before the person came to it (`arrivedAt`: admitted there, or transferred in).
 */
export function checkReceived(receivedAt: Date, admittedAt: Date): Violation[] {
  if (receivedAt >= admittedAt) return [];
  return [
    {
      rule: 'time-before-admission',
      subject: 'receivedAt',
      params: { at: receivedAt.toISOString(), admittedAt: admittedAt.toISOString() },
    },
  ];
}

/** The earliest of the response deadlines the profiles set (null when none sets one). */
export function responseDue(dues: readonly Date[]): Date | null {
  return dues.reduce<Date | null>((a, d) => (a === null || d < a ? d : a), null);
}

/** An event's complaint, when the event records one (`complaint.lodged` or `complaint.answered`). */
export function complaintOfEvent(e: { kind: string; payload: unknown }): string | null {
  if (e.kind !== 'complaint.lodged' && e.kind !== 'complaint.answered') return null;
  const id = (e.payload as { complaintId?: unknown }).complaintId;
  return typeof id === 'string' ? id : null;
}

/**
 * A person's file as a reader who does not see confidential complaints reads it (rule
 * `complaint-confidential`): without the confidential complaints, their response duties, and the
 * events that record them or their answers.
 */
export function withoutConfidential<
  F extends {
    complaints: { complaintId: string; confidential: boolean }[];
    duties: { id: string }[];
    timeline: { kind: string; payload: unknown }[];
  },
>(file: F, confidentialDuties: ReadonlySet<string>): F {
  const secret = new Set(file.complaints.filter((c) => c.confidential).map((c) => c.complaintId));
  // a lodged event says itself whether it is confidential (a complaint filed under another facility
  // is not in `complaints` of a past reach, and its events are not in the timeline either)
  for (const e of file.timeline)
    if (e.kind === 'complaint.lodged' && (e.payload as { confidential?: unknown }).confidential === true) {
      const id = complaintOfEvent(e);
      if (id) secret.add(id);
    }
  const hidden = (e: { kind: string; payload: unknown }) => {
    const id = complaintOfEvent(e);
    return id !== null && secret.has(id);
  };
  return {
    ...file,
    complaints: file.complaints.filter((c) => !c.confidential),
    duties: file.duties.filter((d) => !confidentialDuties.has(d.id)),
    timeline: file.timeline.filter((e) => !hidden(e)),
  };
}
