import { type DeliveredFacts, deliveredFindings, openAirGiven } from '../daily-life/delivered.js';
import { type DisciplineFacts, disciplineFindings } from '../discipline/compliance.js';
import { daysBetween, dueAt } from './deadline.js';
import { findingOf } from './finding.js';
import type { DutyKind, Profile, RuleRef } from './profile.js';
import { FLOOR } from './profiles/index.js';

export interface Regime {
  visits: { allowed: boolean; perMonth?: number };
  openAirMinutesPerDay: number;
  lights: 'normal' | 'constant';
  programmes: string[];
  legalAdviserAccess: boolean;
  restraintsDuringMovement: boolean;
}

export interface DutyState {
  id: string;
  kind: DutyKind;
  personId: string;
  /** when the clock started: the arrest, the admission, the last review, the death */
  since: Date;
  doneAt: Date | null;
}

export interface SegregationState {
  id: string;
  personId: string;
  startedAt: Date;
  endedAt: Date | null;
  authority: string | null;
}

export interface ComplianceInput {
  facility: { code: string; timezone: string };
  regime: Regime | null;
  blockRegimes: Record<string, Regime>;
  blocks: { code: string; inCustody: number }[];
  cells: {
    code: string;
    block: string | null;
    areaM2: number | null;
    design: number;
    occupants: number;
    single: boolean;
    categories: number;
  }[];
  duties: DutyState[];
  segregations: SegregationState[];
  /** people held on or after their release date with no other order holding them */
  overdueReleases?: { personId: string; releaseDate: string; dueAt: Date }[];
  /** sentenced people housed in a cell that does not take sentenced people (Mandela rule 11) */
  sentencedNotAccepted?: { personId: string; cell: string }[];
  /** what was actually given in a window, from the records of daily life (docs/daily-life.md) */
  delivered?: DeliveredFacts;
  /** discipline and complaints in the window (../discipline/compliance.ts): complaints judged on them, not on their duties */
  discipline?: DisciplineFacts;
  now: Date;
}

export interface Finding extends RuleRef {
  profile: string;
  /** what it is about: a cell, a block, a person id */
  subject: string;
  /** message id (src/domain/messages.ts) and its parameters */
  message: string;
  params: Record<string, unknown>;
  /** people affected */
  people: number;
  dueAt?: string;
}

/** The findings of one profile alone (the floor is not added here; see `check`). */
export function evaluate(input: ComplianceInput, profile: Profile): Finding[] {
  const out: Finding[] = [];
  const tz = input.facility.timezone;

  // deadlines: overdue now, or met late
  for (const d of input.duties) {
    const rule = profile.deadlines[d.kind];
    if (!rule) continue;
    // a complaint's answer is judged on the complaint itself (a confidential one never named)
    if (input.discipline && d.kind === 'complaint-response') continue;
    const due = dueAt(d.since, rule.within, tz);
    if (d.doneAt === null && input.now > due) {
      out.push(
        findingOf(
          profile,
          rule,
          d.personId,
          `finding.overdue.${d.kind}`,
          { person: d.personId, due: due.toISOString() },
          1,
          due,
        ),
      );
    } else if (d.doneAt !== null && d.doneAt > due) {
      out.push(
        findingOf(
          profile,
          rule,
          d.personId,
          `finding.late.${d.kind}`,
          { person: d.personId, due: due.toISOString(), done: d.doneAt.toISOString() },
          1,
          due,
        ),
      );
    }
  }

  // prolonged solitary confinement, and segregation without an authority
  if (profile.segregation) {
    for (const s of input.segregations) {
      const days = daysBetween(s.startedAt, s.endedAt ?? input.now, tz);
      if (days > profile.segregation.maxDays) {
        const due = dueAt(s.startedAt, { days: profile.segregation.maxDays }, tz);
        out.push(
          findingOf(
            profile,
            profile.segregation,
            s.personId,
            'finding.segregation-prolonged',
            { person: s.personId, days, max: profile.segregation.maxDays, open: s.endedAt === null },
            1,
            due,
          ),
        );
      }
      if (!s.authority)
        out.push(
          findingOf(
            profile,
            { ...profile.segregation, rule: 'mandela-45', ref: 'Mandela Rules, rule 45' },
            s.personId,
            'finding.segregation-unauthorised',
            { person: s.personId },
            1,
          ),
        );
    }
  }

  // the regime of each block (a block's own, or the facility's)
  if (profile.regime) {
    const blocks = input.blocks.length
      ? input.blocks
      : [{ code: input.facility.code, inCustody: input.cells.reduce((s, c) => s + c.occupants, 0) }];
    for (const b of blocks) {
      if (!b.inCustody) continue;
      const r = input.blockRegimes[b.code] ?? input.regime;
      const { visits, lights, legalAdviser } = profile.regime;
      // open air judged on the records when the window has some (deliveredFindings), else on the declaration
      const openAir = openAirGiven(input.delivered, profile) ? undefined : profile.regime.openAir;
      if (!r) {
        out.push(
          findingOf(
            profile,
            { rule: 'regime-unrecorded', ref: 'Mandela Rules, rules 23, 43, 58, 61', severity: 'warning' },
            b.code,
            'finding.regime-unrecorded',
            { unit: b.code },
            b.inCustody,
          ),
        );
        continue;
      }
      if (openAir && r.openAirMinutesPerDay < openAir.minMinutes) {
        out.push(
          findingOf(
            profile,
            openAir,
            b.code,
            'finding.open-air',
            { unit: b.code, minutes: r.openAirMinutesPerDay, min: openAir.minMinutes },
            b.inCustody,
          ),
        );
      }
      if (
        visits &&
        (!r.visits.allowed ||
          (visits.minPerMonth !== undefined && (r.visits.perMonth ?? 0) < visits.minPerMonth))
      ) {
        out.push(
          findingOf(
            profile,
            visits,
            b.code,
            r.visits.allowed ? 'finding.visits-few' : 'finding.visits-none',
            { unit: b.code, perMonth: r.visits.perMonth ?? 0, min: visits.minPerMonth ?? 1 },
            b.inCustody,
          ),
        );
      }
      if (lights && r.lights === 'constant')
        out.push(findingOf(profile, lights, b.code, 'finding.constant-light', { unit: b.code }, b.inCustody));
      if (legalAdviser && !r.legalAdviserAccess)
        out.push(
          findingOf(profile, legalAdviser, b.code, 'finding.no-legal-adviser', { unit: b.code }, b.inCustody),
        );
    }
  }

  // space, single cells and separation, cell by cell
  for (const c of input.cells) {
    if (!c.occupants) continue;
    if (profile.space && c.areaM2) {
      const standard = c.single ? profile.space.singleM2 : profile.space.sharedM2;
      const perPerson = c.areaM2 / c.occupants;
      if (perPerson < standard) {
        out.push(
          findingOf(
            profile,
            profile.space,
            c.code,
            'finding.space',
            {
              cell: c.code,
              m2: Math.round(perPerson * 100) / 100,
              standard,
              source: profile.space.standard,
              spaceCapacity: Math.floor(c.areaM2 / standard),
              occupants: c.occupants,
            },
            c.occupants,
          ),
        );
      }
    }
    if (profile.singleCells && c.single && c.occupants > 1)
      out.push(
        findingOf(
          profile,
          profile.singleCells,
          c.code,
          'finding.single-cell',
          { cell: c.code, occupants: c.occupants },
          c.occupants,
        ),
      );
    if (profile.separation && c.categories > 1)
      out.push(
        findingOf(profile, profile.separation, c.code, 'finding.separation', { cell: c.code }, c.occupants),
      );
  }
  // sentences: held past the release date; sentenced and housed with the untried
  for (const o of input.overdueReleases ?? [])
    if (profile.releaseOverdue)
      out.push(
        findingOf(
          profile,
          profile.releaseOverdue,
          o.personId,
          'finding.release-overdue',
          { person: o.personId, releaseDate: o.releaseDate },
          1,
          o.dueAt,
        ),
      );
  for (const h of input.sentencedNotAccepted ?? [])
    if (profile.separation)
      out.push(
        findingOf(
          profile,
          profile.separation,
          h.personId,
          'finding.sentenced-not-accepted',
          { person: h.personId, cell: h.cell },
          1,
        ),
      );
  // contact and daily life, on what was given
  out.push(...deliveredFindings(input.delivered, profile, input.facility.code));
  // discipline with due process, and complaints answered in time
  out.push(...disciplineFindings(input.discipline, profile, input.facility.code, tz, input.now));
  return out;
}

/** The floor's findings and, for a national profile, its own on top: a floor finding is never removed. */
export function check(input: ComplianceInput, profile: Profile): Finding[] {
  const floor = evaluate(input, FLOOR);
  return profile.id === FLOOR.id ? floor : [...floor, ...evaluate(input, profile)];
}

export interface RuleSummary {
  rule: string;
  ref: string;
  severity: string;
  profile: string;
  findings: number;
  people: number;
}

/** Findings grouped by rule, with the people affected: each subject (cell, block, person) counts once. */
export function summarise(findings: Finding[]): RuleSummary[] {
  const by = new Map<string, { head: Finding; findings: number; people: Map<string, number> }>();
  for (const f of findings) {
    const s = by.get(f.rule) ?? { head: f, findings: 0, people: new Map<string, number>() };
    s.findings++;
    s.people.set(f.subject, Math.max(s.people.get(f.subject) ?? 0, f.people));
    by.set(f.rule, s);
  }
  const order: Record<string, number> = { critical: 0, serious: 1, warning: 2 };
  return [...by.values()]
    .map(({ head, findings, people }) => ({
      rule: head.rule,
      ref: head.ref,
      severity: head.severity,
      profile: head.profile,
      findings,
      people: [...people.values()].reduce((x, y) => x + y, 0),
    }))
    .sort(
      (a, b) =>
        (order[a.severity] ?? 3) - (order[b.severity] ?? 3) ||
        a.rule.localeCompare(b.rule, 'en', { numeric: true }),
    );
}

/** Two profiles side by side, rule by rule, from the findings of each (see `check`). */
export function compare(a: { id: string; findings: Finding[] }, b: { id: string; findings: Finding[] }) {
  const sa = summarise(a.findings);
  const sb = summarise(b.findings);
  const rules = [...new Set([...sa, ...sb].map((s) => s.rule))];
  return rules.map((rule) => {
    const x = sa.find((s) => s.rule === rule);
    const y = sb.find((s) => s.rule === rule);
    const any = (x ?? y)!;
    return {
      rule,
      ref: any.ref,
      severity: any.severity,
      profile: any.profile,
      [a.id]: x ? { findings: x.findings, people: x.people } : null,
      [b.id]: y ? { findings: y.findings, people: y.people } : null,
    };
  });
}
