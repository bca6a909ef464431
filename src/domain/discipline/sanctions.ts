import type { OffenceSeverity, SanctionKind } from '../register/events-rights.js';
import type { Profile, RuleRef } from '../safeguards/profile.js';
import type { Violation } from '../violation.js';
import { SEVERITY_WORDS } from './compliance.js';

/**
 * Sanctions and their limits (docs/discipline.md). Pure: the store hands in the profiles.
 *
 * - `mandela-43` (Mandela Rules, rule 43(1)-(3)): never a ban on family contact (43(3)), a reduction
 *   of food or water (43(1)(d)), a collective sanction (43(1)(e): a sanction naming anyone but the
 *   person charged), nor an indefinite isolation or restriction of visits (43(1)(a): each needs its
 *   days). Messages `mandela-43.<kind>`, `mandela-43.collective`, `mandela-43.indefinite`.
 * - `mandela-44` (rules 43(1)(b), 44): isolation beyond 15 days; a national profile's lower maximum
 *   refuses under its own rule id (`discipline.isolation`). Message `discipline.isolation-too-long`.
 * - `mandela-37` (rules 36-37): no sanction outside the national profile's catalogue
 *   (`discipline.sanctions`), when it has one. Message `mandela-37.sanction`.
 * - the profile's sanction rule (e.g. Decreto 518's): a sanction beyond its `maxDays`
 *   (`discipline.sanction-too-long`) or for a grade it does not answer (`discipline.sanction-grade`).
 */

export const OFFENCE_SEVERITIES = [
  'grave',
  'less-grave',
  'minor',
] as const satisfies readonly OffenceSeverity[];

export const SANCTION_KINDS = [
  'warning',
  'loss-of-privileges',
  'visit-restriction',
  'isolation',
  'family-contact-ban',
  'reduction-of-food',
] as const satisfies readonly SanctionKind[];

/** Never lawful, whatever the profile says (Mandela Rule 43(1)(d), 43(3)). */
export const PROHIBITED: readonly SanctionKind[] = ['family-contact-ban', 'reduction-of-food'];
/** Lawful only for a number of days (Mandela Rule 43(1)(a): never indefinite). */
export const NEEDS_DAYS: readonly SanctionKind[] = ['isolation', 'visit-restriction'];

const FLOOR_SANCTION_REF =
  'Mandela Rules, rules 36-37: only the sanctions law or regulation defines, with their kind and duration';

export type SanctionLimit = RuleRef & { maxDays?: number; severities?: OffenceSeverity[] };
export type IsolationLimit = RuleRef & { maxDays: number };

/** What the floor and a facility's national profile say about discipline, merged. */
export interface DisciplineRules {
  /** the national profile's id, null where only the floor applies */
  profile: string | null;
  /** the national offence catalogue, null when the profile has none */
  offences: { code: string; severity: OffenceSeverity; name: { es: string; en: string } }[] | null;
  catalogue: RuleRef | null;
  /** the national sanction catalogue, null when the profile has none (every lawful kind then) */
  sanctions: Partial<Record<SanctionKind, SanctionLimit>> | null;
  /** isolation's limits: the floor's, and a national one when lower */
  isolation: IsolationLimit[];
  conductRecord: { ref: string } | null;
}

/** The floor's and the national profile's discipline, merged. */
export function disciplineRules(floor: Profile, national: Profile | undefined): DisciplineRules {
  const d = national?.discipline;
  const floorIsolation = floor.discipline?.isolation;
  const isolation = [floorIsolation, d?.isolation].filter((x): x is IsolationLimit => x !== undefined);
  return {
    profile: national?.id ?? null,
    offences: d?.offences ?? null,
    catalogue: d?.catalogue ?? null,
    sanctions: d?.sanctions ?? null,
    isolation: lowestFirst(isolation),
    conductRecord: d?.conductRecord ?? null,
  };
}

const lowestFirst = (xs: IsolationLimit[]) => [...xs].sort((a, b) => a.maxDays - b.maxDays);

/** The lowest maximum of isolation, with its rule (what the catalogue shows). */
export function isolationLimit(rules: DisciplineRules): IsolationLimit {
  return (
    rules.isolation[0] ?? {
      maxDays: 15,
      rule: 'mandela-44',
      ref: 'Mandela Rules, rules 43(1)(b) and 44',
      severity: 'critical',
    }
  );
}

/**
 * The sanctions a facility may impose, each with its limits: the national catalogue without the
 * prohibited kinds, or, without one, every lawful kind under the floor (isolation with its maximum).
 */
export function sanctionCatalogue(rules: DisciplineRules): Partial<Record<SanctionKind, SanctionLimit>> {
  const iso = isolationLimit(rules);
  const floorRef = { rule: 'mandela-37', ref: FLOOR_SANCTION_REF, severity: 'serious' } as const;
  const base: Partial<Record<SanctionKind, SanctionLimit>> = rules.sanctions ?? {
    warning: floorRef,
    'loss-of-privileges': floorRef,
    'visit-restriction': floorRef,
    isolation: floorRef,
  };
  const out: Partial<Record<SanctionKind, SanctionLimit>> = {};
  for (const kind of SANCTION_KINDS) {
    const s = base[kind];
    if (!s || PROHIBITED.includes(kind)) continue;
    out[kind] = kind === 'isolation' ? { ...s, maxDays: Math.min(s.maxDays ?? iso.maxDays, iso.maxDays) } : s;
  }
  return out;
}

export interface SanctionInput {
  kind: SanctionKind;
  days?: number | undefined;
  people?: string[] | undefined;
}

/**
 * Bad input (400, `invalid-field`): a kind named twice in one hearing (one sanction of each kind per
 * charge), and days given to a warning (a warning has no length).
 */
export function sanctionInputProblems(sanctions: readonly SanctionInput[]): Violation[] {
  const seen = new Set<string>();
  const out: Violation[] = [];
  sanctions.forEach((s, i) => {
    if (seen.has(s.kind))
      out.push({
        rule: 'invalid-field',
        subject: `sanctions[${i}].kind`,
        params: { field: `sanctions[${i}].kind`, problem: `${s.kind} is named twice` },
      });
    seen.add(s.kind);
    if (s.kind === 'warning' && s.days !== undefined)
      out.push({
        rule: 'invalid-field',
        subject: `sanctions[${i}].days`,
        params: { field: `sanctions[${i}].days`, problem: 'a warning has no length' },
      });
  });
  return out;
}

/** Every refusal of these sanctions for a proved charge of `severity` against `personId`. */
export function checkSanctions(
  sanctions: readonly SanctionInput[],
  personId: string,
  severity: OffenceSeverity,
  rules: DisciplineRules,
): Violation[] {
  const out: Violation[] = [];
  sanctions.forEach((s, i) => {
    const at = (f: string) => `sanctions[${i}].${f}`;
    if (PROHIBITED.includes(s.kind)) {
      out.push({
        rule: 'mandela-43',
        subject: at('kind'),
        message: `mandela-43.${s.kind}`,
        params: { kind: s.kind },
      });
      return;
    }
    const others = (s.people ?? []).filter((p) => p !== personId);
    if (others.length)
      out.push({
        rule: 'mandela-43',
        subject: at('people'),
        message: 'mandela-43.collective',
        params: { people: others, person: personId },
      });
    if (NEEDS_DAYS.includes(s.kind) && s.days === undefined)
      out.push({
        rule: 'mandela-43',
        subject: at('days'),
        message: 'mandela-43.indefinite',
        params: { kind: s.kind },
      });
    const days = s.days;
    const limits: { rule: string; message: string; params: Record<string, unknown> }[] = [];
    if (s.kind === 'isolation' && days !== undefined)
      for (const l of rules.isolation)
        if (days > l.maxDays)
          limits.push({
            rule: l.rule,
            message: 'discipline.isolation-too-long',
            params: { days, max: l.maxDays, source: l.ref },
          });
    if (rules.sanctions) {
      const entry = rules.sanctions[s.kind];
      if (!entry)
        out.push({
          rule: 'mandela-37',
          subject: at('kind'),
          message: 'mandela-37.sanction',
          params: { kind: s.kind, profile: rules.profile },
        });
      else {
        if (entry.maxDays !== undefined && days !== undefined && days > entry.maxDays)
          limits.push({
            rule: entry.rule,
            message: 'discipline.sanction-too-long',
            params: { kind: s.kind, days, max: entry.maxDays, source: entry.ref },
          });
        if (entry.severities && !entry.severities.includes(severity))
          out.push({
            rule: entry.rule,
            subject: at('kind'),
            message: 'discipline.sanction-grade',
            params: {
              kind: s.kind,
              // the grades in words of each language (as the compliance findings give them)
              severity: SEVERITY_WORDS[severity],
              severities: {
                es: entry.severities.map((g) => SEVERITY_WORDS[g].es).join(', '),
                en: entry.severities.map((g) => SEVERITY_WORDS[g].en).join(', '),
              },
              source: entry.ref,
            },
          });
      }
    }
    // one refusal per rule: a national maximum of isolation is both its isolation and its sanction limit
    const seen = new Set<string>();
    for (const l of limits) {
      if (seen.has(l.rule)) continue;
      seen.add(l.rule);
      out.push({ ...l, subject: at('days') });
    }
  });
  return out;
}
