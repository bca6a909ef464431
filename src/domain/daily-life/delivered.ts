import type { Finding } from '../safeguards/compliance.js';
import { findingOf } from '../safeguards/finding.js';
import type { Profile } from '../safeguards/profile.js';
import type { ShortCell, SolitaryRun } from './open-air.js';

/**
 * What a facility actually gave in a window, as counted from its records (src/store/daily-life-compliance.ts),
 * and the findings it makes (docs/daily-life.md). Judged beside the declared regime, not instead of it,
 * except open air: when the window has open-air records, mandela-23 is judged on them only.
 */
export interface DeliveredFacts {
  /** the window judged, local dates [from, to], and its length in days */
  window: { from: string; to: string; days: number };
  openAir: {
    /** days of the window with at least one open-air record in the facility */
    judgedDays: number;
    /** people judged × days (one stay covering the whole local day in a cell) */
    personDays: number;
    /** per minimum of a profile (60 in the floor): the short person-days and the cells they were in */
    short: { minMinutes: number; shortPersonDays: number; cells: ShortCell[] }[];
  };
  /** runs of more than maxDays judged days alone in a cell short of time out of it, per threshold */
  solitary: { minOutOfCellMinutes: number; maxDays: number; judgedDays: number; runs: SolitaryRun[] }[];
  visits: {
    /** visits of the facility starting in the window, whatever became of them */
    recorded: number;
    held: number;
    refused: number;
    /** the most frequent reasons of refusals, at most 5 */
    refusedReasons: { reason: string; count: number }[];
    /** people in custody in the facility for the whole window */
    peopleHeld: number;
    /** of those, how many had a visit held in the window */
    peopleWithVisit: number;
    /**
     * per national entitlement (`perWeek` visits of at least `minMinutes`): over the window's whole
     * weeks, how many of the people held throughout it had fewer such visits held
     */
    entitlements?: { perWeek: number; minMinutes: number; weeks: number; peopleShort: number }[];
  };
  activities: {
    /** whether the facility keeps activity records at all (an activity defined) or any daily-life record */
    judged: boolean;
    /** people held now with an open allocation to an activity of the facility */
    allocated: number;
    held: number;
    share: number | null;
  };
}

/** The smallest window on which visits given are judged: a week. */
export const VISITS_MIN_WINDOW_DAYS = 7;

/** Whether open air is judged on records for this profile (then the declared-regime finding is not made). */
export function openAirGiven(d: DeliveredFacts | undefined, profile: Profile): boolean {
  const min = profile.regime?.openAir?.minMinutes;
  return (
    !!d && min !== undefined && d.openAir.judgedDays > 0 && d.openAir.short.some((s) => s.minMinutes === min)
  );
}

/** The findings of a profile on what was given (`d` null: no records were read). */
export function deliveredFindings(
  d: DeliveredFacts | undefined,
  profile: Profile,
  facility: string,
): Finding[] {
  if (!d) return [];
  const out: Finding[] = [];
  const window = `${d.window.from} – ${d.window.to}`;
  // Mandela rule 23: open air, per person and day, on the days with records; one finding per cell
  const openAir = profile.regime?.openAir;
  if (openAir && openAirGiven(d, profile)) {
    const s = d.openAir.short.find((x) => x.minMinutes === openAir.minMinutes);
    for (const c of s?.cells ?? [])
      out.push(
        findingOf(
          profile,
          openAir,
          c.cell,
          'finding.open-air-given',
          { ...c, min: openAir.minMinutes, window },
          c.people,
        ),
      );
  }
  // Mandela rules 43-44: prolonged solitary confinement, found from the records of time out of cell
  const solitary = profile.dailyLife?.solitary;
  if (solitary) {
    const s = d.solitary.find(
      (x) => x.minOutOfCellMinutes === solitary.minOutOfCellMinutes && x.maxDays === solitary.maxDays,
    );
    for (const r of s?.runs ?? [])
      out.push(
        findingOf(
          profile,
          solitary,
          r.person,
          'finding.solitary-from-records',
          { ...r, max: solitary.maxDays, min: solitary.minOutOfCellMinutes },
          1,
        ),
      );
  }
  // Mandela rule 58: visits given, when the facility records visits and the window is a week or more
  const visits = profile.regime?.visits;
  if (visits && d.visits.recorded > 0 && d.window.days >= VISITS_MIN_WINDOW_DAYS) {
    const without = d.visits.peopleHeld - d.visits.peopleWithVisit;
    if (without > 0)
      out.push(
        findingOf(
          profile,
          visits,
          facility,
          'finding.visits-not-given',
          { people: without, held: d.visits.peopleHeld, window },
          without,
        ),
      );
    if (d.visits.refused > 0)
      out.push(
        findingOf(
          profile,
          visits,
          facility,
          'finding.visits-refused',
          {
            count: d.visits.refused,
            window,
            reasons: d.visits.refusedReasons.map((r) => `${r.reason} (${r.count})`).join('; '),
          },
          d.visits.refused,
        ),
      );
  }
  // a national entitlement (Chile: Decreto 518 art. 49): so many visits a week, each so long
  const entitled = profile.dailyLife?.visits;
  const got = entitled
    ? d.visits.entitlements?.find(
        (e) => e.perWeek === entitled.perWeek && e.minMinutes === entitled.minMinutes,
      )
    : undefined;
  if (entitled && got && d.visits.recorded > 0 && got.weeks > 0 && got.peopleShort > 0)
    out.push(
      findingOf(
        profile,
        entitled,
        facility,
        'finding.visits-below-entitlement',
        {
          people: got.peopleShort,
          held: d.visits.peopleHeld,
          perWeek: entitled.perWeek,
          minMinutes: entitled.minMinutes,
          weeks: got.weeks,
          window,
        },
        got.peopleShort,
      ),
    );
  // Mandela rules 4, 96 and 104: work, education and programmes
  const activities = profile.dailyLife?.activities;
  if (activities && d.activities.judged && d.activities.held > 0 && d.activities.allocated === 0)
    out.push(
      findingOf(
        profile,
        activities,
        facility,
        'finding.no-activities',
        { held: d.activities.held },
        d.activities.held,
      ),
    );
  return out;
}
