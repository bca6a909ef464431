import type { OffenceSeverity } from '../register/events-rights.js';
import type { Finding } from '../safeguards/compliance.js';
import { daysBetween, dueAt } from '../safeguards/deadline.js';
import { findingOf } from '../safeguards/finding.js';
import type { Profile, RuleRef } from '../safeguards/profile.js';
import { FLOOR } from '../safeguards/profiles/index.js';

/**
 * Compliance on discipline and complaints (docs/safeguards.md#discipline-and-complaints), from the
 * records of a facility in a window [from, to] (local dates; `start`/`end` its instants):
 *
 * - `mandela-41` (floor): a hearing held in the window with no notice of the charge before it; a
 *   charge found proved at such a hearing without the person being heard.
 * - `mandela-43` (floor): a sanction imposed in the window that is prohibited (a ban on family
 *   contact, a reduction of food) or indefinite (isolation or a visit restriction with no length).
 * - the isolation maximum (floor `mandela-44`, 15 days; a national profile's lower one under its own
 *   rule): an isolation imposed in the window for longer.
 * - `mandela-39` (floor): a segregation an isolation opened still in force after the sanction's end
 *   (or after it was quashed), for the part of that overrun inside the window: days of solitary no
 *   hearing imposed.
 * - a national profile's sanction rules: a sanction outside its catalogue (the catalogue's rule),
 *   longer than its maximum or for a grade it does not answer (the sanction's rule); its offence
 *   catalogue: a charge laid in the window for an offence it does not define, or graded otherwise.
 * - the `complaint-response` deadline of each profile (floor `mandela-57`, 30 days): a complaint
 *   unanswered past it now, or answered late in the window. A confidential complaint to the
 *   inspector is never named: they are counted, in one finding about the facility.
 */

export interface ChargeFact {
  chargeId: string;
  personId: string;
  offenceCode: string;
  severity: OffenceSeverity;
  chargedAt: Date;
  noticeAt: Date | null;
  heardAt: Date | null;
  heard: boolean | null;
  outcome: 'proved' | 'dismissed' | null;
  appealAt: Date | null;
  appealDecidedAt: Date | null;
  appealOutcome: 'upheld' | 'quashed' | null;
  /** laid at another facility (here for its hearing): not counted as laid, nor awaiting, here */
  laidElsewhere?: boolean;
  /** heard at another facility (the person was moved): its hearing counts there, not here */
  heardElsewhere?: boolean;
  /** whether its custody is still open (false: ended — it can no longer be notified or heard; absent: open) */
  custodyOpen?: boolean;
}

export interface SanctionFact {
  sanctionId: string;
  chargeId: string;
  personId: string;
  kind: string;
  days: number | null;
  /** the grade of the offence it answers */
  severity: OffenceSeverity;
  from: Date;
  until: Date | null;
  quashedAt: Date | null;
  /** the segregation an isolation opened, and its end (null: still open) */
  segregation: { id: string; endedAt: Date | null } | null;
}

export interface ComplaintFact {
  complaintId: string;
  personId: string;
  addressee: 'governor' | 'inspector' | 'judge';
  confidential: boolean;
  receivedAt: Date;
  respondedAt: Date | null;
}

/**
 * What a facility's records hold on discipline and complaints: the charges laid, heard or appealed
 * in the window or still unheard; the sanctions imposed in it or whose segregation runs into it; the
 * complaints received in it, answered in it or still unanswered.
 */
export interface DisciplineFacts {
  window: { from: string; to: string; days: number; start: Date; end: Date };
  charges: ChargeFact[];
  sanctions: SanctionFact[];
  complaints: ComplaintFact[];
}

const MANDELA_41: RuleRef = {
  rule: 'mandela-41',
  ref: 'Mandela Rules, rule 41(1)-(2): told of the charge before the hearing; heard before a finding',
  severity: 'serious',
};
const MANDELA_43: RuleRef = {
  rule: 'mandela-43',
  ref: 'Mandela Rules, rule 43(1)(a), (d)-(e), 43(3): no indefinite solitary, no reduction of food, no ban on family contact',
  severity: 'critical',
};
export const MANDELA_39: RuleRef = {
  rule: 'mandela-39',
  ref: 'Mandela Rules, rule 39(1): no sanction except as the law and a fair procedure decide',
  severity: 'critical',
};
/** always prohibited, whatever a profile says (Mandela Rule 43) */
const PROHIBITED = ['family-contact-ban', 'reduction-of-food'];
/** a sanction of these kinds has a length, or it is indefinite */
const TIMED = ['isolation', 'visit-restriction'];

export const SEVERITY_WORDS: Record<OffenceSeverity, { es: string; en: string }> = {
  grave: { es: 'grave', en: 'serious' },
  'less-grave': { es: 'menos grave', en: 'less serious' },
  minor: { es: 'leve', en: 'minor' },
};
const ADDRESSEE_WORDS: Record<ComplaintFact['addressee'], { es: string; en: string }> = {
  governor: { es: 'la dirección', en: 'the governor' },
  inspector: { es: 'la inspección', en: 'the inspector' },
  judge: { es: 'un juez', en: 'a judge' },
};

const within = (at: Date | null, w: DisciplineFacts['window']): at is Date =>
  !!at && at >= w.start && at < w.end;

/** A charge's hearing in the window, recorded at this facility (a hearing counts where it was held). */
const heardHere = (c: ChargeFact, w: DisciplineFacts['window']): c is ChargeFact & { heardAt: Date } =>
  !c.heardElsewhere && within(c.heardAt, w);

/** Whether a hearing was held with no notice of the charge before it. */
export const heardWithoutNotice = (c: ChargeFact): boolean =>
  c.heardAt !== null && (c.noticeAt === null || c.noticeAt > c.heardAt);

/** Whether a charge was found proved without the person being heard. */
export const provedUnheard = (c: ChargeFact): boolean => c.outcome === 'proved' && c.heard === false;

/** When a sanction stops applying: its end, or when it was quashed if sooner (null: no end). */
export function sanctionEnd(s: SanctionFact): Date | null {
  if (s.quashedAt && (!s.until || s.quashedAt < s.until)) return s.quashedAt;
  return s.until;
}

/** The part of an isolation's segregation past the sanction's end that falls in the window (null: none). */
export function overrun(
  s: SanctionFact,
  w: DisciplineFacts['window'],
  now: Date,
): { from: Date; to: Date } | null {
  const end = sanctionEnd(s);
  if (s.kind !== 'isolation' || !s.segregation || !end) return null;
  const segEnd = s.segregation.endedAt ?? now;
  if (segEnd <= end) return null;
  const lo = Math.max(end.getTime(), w.start.getTime());
  const hi = Math.min(segEnd.getTime(), w.end.getTime());
  return hi > lo ? { from: end, to: segEnd } : null;
}

/** The findings of one profile on discipline and complaints (`d` absent: no records were read). */
export function disciplineFindings(
  d: DisciplineFacts | undefined,
  profile: Profile,
  facility: string,
  tz: string,
  now: Date,
): Finding[] {
  if (!d) return [];
  const out: Finding[] = [];
  const floor = profile.id === FLOOR.id;
  const w = d.window;

  if (floor)
    for (const c of d.charges) {
      if (!heardHere(c, w)) continue;
      const p = { person: c.personId, charge: c.chargeId, heardAt: c.heardAt.toISOString() };
      if (heardWithoutNotice(c))
        out.push(findingOf(profile, MANDELA_41, c.personId, 'finding.hearing-without-notice', p, 1));
      if (provedUnheard(c))
        out.push(findingOf(profile, MANDELA_41, c.personId, 'finding.proved-unheard', p, 1));
    }

  const catalogue = profile.discipline?.catalogue;
  const offences = profile.discipline?.offences;
  if (catalogue && offences?.length) {
    const grade = new Map(offences.map((o) => [o.code, o.severity]));
    for (const c of d.charges) {
      if (c.laidElsewhere || !within(c.chargedAt, w)) continue;
      const expected = grade.get(c.offenceCode);
      const p = { person: c.personId, charge: c.chargeId, code: c.offenceCode };
      if (expected === undefined)
        out.push(findingOf(profile, catalogue, c.personId, 'finding.offence-not-in-catalogue', p, 1));
      else if (expected !== c.severity)
        out.push(
          findingOf(
            profile,
            catalogue,
            c.personId,
            'finding.offence-grade',
            { ...p, severity: SEVERITY_WORDS[c.severity], expected: SEVERITY_WORDS[expected] },
            1,
          ),
        );
    }
  }

  const isolation = profile.discipline?.isolation;
  const sanctions = profile.discipline?.sanctions;
  for (const s of d.sanctions) {
    const p = { person: s.personId, charge: s.chargeId, kind: s.kind, days: s.days };
    if (within(s.from, w)) {
      if (floor && PROHIBITED.includes(s.kind))
        out.push(findingOf(profile, MANDELA_43, s.personId, 'finding.sanction-prohibited', p, 1));
      if (floor && TIMED.includes(s.kind) && !s.days)
        out.push(findingOf(profile, MANDELA_43, s.personId, 'finding.sanction-indefinite', p, 1));
      if (isolation && s.kind === 'isolation' && (s.days ?? 0) > isolation.maxDays)
        out.push(
          findingOf(
            profile,
            isolation,
            s.personId,
            'finding.isolation-beyond-max',
            { ...p, max: isolation.maxDays },
            1,
          ),
        );
      if (sanctions && !PROHIBITED.includes(s.kind)) {
        const allowed = sanctions[s.kind as keyof typeof sanctions];
        if (!allowed) {
          if (catalogue)
            out.push(findingOf(profile, catalogue, s.personId, 'finding.sanction-not-in-catalogue', p, 1));
        } else {
          if (allowed.maxDays !== undefined && (s.days ?? 0) > allowed.maxDays)
            out.push(
              findingOf(
                profile,
                allowed,
                s.personId,
                'finding.sanction-beyond-limit',
                { ...p, max: allowed.maxDays },
                1,
              ),
            );
          if (allowed.severities && !allowed.severities.includes(s.severity))
            out.push(
              findingOf(
                profile,
                allowed,
                s.personId,
                'finding.sanction-grade',
                { ...p, severity: SEVERITY_WORDS[s.severity] },
                1,
              ),
            );
        }
      }
    }
    const over = floor ? overrun(s, w, now) : null;
    if (over)
      out.push(
        findingOf(
          profile,
          MANDELA_39,
          s.personId,
          'finding.isolation-past-until',
          {
            person: s.personId,
            charge: s.chargeId,
            until: over.from.toISOString(),
            days: daysBetween(over.from, over.to, tz),
            open: s.segregation?.endedAt === null,
          },
          1,
          over.from,
        ),
      );
  }

  const deadline = profile.deadlines['complaint-response'];
  if (deadline) {
    let overdue = 0;
    let late = 0;
    for (const c of d.complaints) {
      const due = dueAt(c.receivedAt, deadline.within, tz);
      const isOverdue = c.respondedAt === null && now > due;
      const isLate = c.respondedAt !== null && c.respondedAt > due && within(c.respondedAt, w);
      if (!isOverdue && !isLate) continue;
      if (c.confidential) {
        if (isOverdue) overdue++;
        else late++;
        continue;
      }
      const p = { person: c.personId, addressee: ADDRESSEE_WORDS[c.addressee], due: due.toISOString() };
      out.push(
        isOverdue
          ? findingOf(profile, deadline, c.personId, 'finding.complaint-unanswered', p, 1, due)
          : findingOf(
              profile,
              deadline,
              c.personId,
              'finding.complaint-late',
              { ...p, done: c.respondedAt!.toISOString() },
              1,
              due,
            ),
      );
    }
    // confidential complaints are counted, never named: one finding about the facility
    if (overdue + late)
      out.push(
        findingOf(
          profile,
          deadline,
          facility,
          'finding.complaints-confidential',
          { overdue, late },
          overdue + late,
        ),
      );
  }
  return out;
}

/** What the window holds on discipline and complaints, counted (beside the findings it makes). */
export function disciplineCounts(d: DisciplineFacts, profile: Profile, tz: string, now: Date) {
  const w = d.window;
  const heard = d.charges.filter((c) => heardHere(c, w));
  const laidHere = d.charges.filter((c) => !c.laidElsewhere);
  // not yet heard, and still to be: a charge whose custody ended can no longer be notified or heard
  const pending = laidHere.filter((c) => c.heardAt === null && c.custodyOpen !== false);
  const isolationMax = profile.discipline?.isolation?.maxDays ?? FLOOR.discipline?.isolation?.maxDays ?? 15;
  const imposed = d.sanctions.filter((s) => within(s.from, w));
  const byKind: Record<string, number> = {};
  for (const s of imposed) byKind[s.kind] = (byKind[s.kind] ?? 0) + 1;
  const deadline = profile.deadlines['complaint-response'] ?? FLOOR.deadlines['complaint-response'];
  const complaints = d.complaints.filter((c) => within(c.receivedAt, w));
  const dueOf = (c: ComplaintFact) => (deadline ? dueAt(c.receivedAt, deadline.within, tz) : null);
  return {
    window: { from: w.from, to: w.to, days: w.days },
    charges: {
      laid: laidHere.filter((c) => within(c.chargedAt, w)).length,
      /** now, whenever laid */
      awaitingNotice: pending.filter((c) => c.noticeAt === null).length,
      awaitingHearing: pending.filter((c) => c.noticeAt !== null).length,
      heard: heard.length,
      proved: heard.filter((c) => c.outcome === 'proved').length,
      dismissed: heard.filter((c) => c.outcome === 'dismissed').length,
      heardWithoutNotice: heard.filter(heardWithoutNotice).length,
      provedUnheard: heard.filter(provedUnheard).length,
    },
    sanctions: {
      imposed: imposed.length,
      byKind,
      isolationBeyondMax: imposed.filter((s) => s.kind === 'isolation' && (s.days ?? 0) > isolationMax)
        .length,
      isolationMaxDays: isolationMax,
      isolationPastEnd: d.sanctions.filter((s) => overrun(s, w, now)).length,
      quashed: d.sanctions.filter((s) => within(s.quashedAt, w)).length,
    },
    appeals: {
      lodged: d.charges.filter((c) => within(c.appealAt, w)).length,
      upheld: d.charges.filter((c) => within(c.appealDecidedAt, w) && c.appealOutcome === 'upheld').length,
      quashed: d.charges.filter((c) => within(c.appealDecidedAt, w) && c.appealOutcome === 'quashed').length,
    },
    complaints: {
      received: complaints.length,
      confidential: complaints.filter((c) => c.confidential).length,
      answered: d.complaints.filter((c) => within(c.respondedAt, w)).length,
      /** now, whenever received */
      open: d.complaints.filter((c) => c.respondedAt === null).length,
      overdue: d.complaints.filter((c) => {
        const due = dueOf(c);
        return c.respondedAt === null && !!due && now > due;
      }).length,
      answeredLate: d.complaints.filter((c) => {
        const due = dueOf(c);
        return !!due && within(c.respondedAt, w) && c.respondedAt! > due;
      }).length,
    },
  };
}

export type DisciplineCounts = ReturnType<typeof disciplineCounts>;
