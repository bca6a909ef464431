import type { OffenceSeverity, SanctionKind } from '../register/events-rights.js';
import type { ChainFraction } from '../sentences/sentence.js';

/**
 * A safeguards profile: deadlines, regime minimums and the space standard, each rule with its id
 * and reference. `un-mandela` is the floor and is always evaluated; a national profile adds rules
 * and never removes a floor finding. Data only: see ./profiles/.
 */
export type DutyKind =
  | 'detention-hearing'
  | 'pretrial-review'
  | 'medical-exam'
  | 'family-notification'
  | 'injury-report'
  | 'death-next-of-kin'
  | 'death-authority'
  | 'release-planning'
  | 'discipline-notice'
  | 'health-visit'
  | 'complaint-response'
  | 'rights-information'
  | 'consular-notification';

export const DUTY_KINDS: readonly DutyKind[] = [
  'detention-hearing',
  'pretrial-review',
  'medical-exam',
  'family-notification',
  'injury-report',
  'death-next-of-kin',
  'death-authority',
  'release-planning',
  'discipline-notice',
  'health-visit',
  'complaint-response',
  'rights-information',
  'consular-notification',
];

export type Severity = 'critical' | 'serious' | 'warning';

/** A length of time: hours are exact elapsed time; days and months are calendar steps in the facility's zone. */
export interface Span {
  hours?: number;
  days?: number;
  months?: number;
}

export interface RuleRef {
  rule: string;
  ref: string;
  severity: Severity;
}

export interface Deadline extends RuleRef {
  within: Span;
}

export interface Profile {
  id: string;
  name: { es: string; en: string };
  /** ISO country code of the facilities it applies to, beside the floor */
  jurisdiction?: string;
  sources: string[];
  deadlines: Partial<Record<DutyKind, Deadline>>;
  /** segregation longer than this is prolonged solitary confinement */
  segregation?: RuleRef & { maxDays: number };
  regime?: {
    openAir?: RuleRef & { minMinutes: number };
    visits?: RuleRef & { minPerMonth?: number };
    lights?: RuleRef;
    legalAdviser?: RuleRef;
  };
  space?: RuleRef & { sharedM2: number; singleM2: number; standard: string };
  singleCells?: RuleRef;
  separation?: RuleRef;
  /** held past the release date with no other order holding the person */
  releaseOverdue?: RuleRef;
  /**
   * Contact and daily life judged on what was given (docs/daily-life.md): `visits` what a person is
   * entitled to (a national profile's figures; booking and compliance read them), `solitary` 22 hours
   * or more alone in a cell a day for more than `maxDays` days running, found from the records of time
   * out of cell, `activities` a facility where nobody held has work, education or a programme.
   */
  dailyLife?: {
    visits?: VisitEntitlement;
    solitary?: RuleRef & { minOutOfCellMinutes: number; maxDays: number };
    activities?: RuleRef;
  };
  /**
   * Discipline (docs/discipline.md): the offences the law defines, with their grades (a charge
   * outside the catalogue is a finding under `catalogue`); the sanctions it allows, each with its
   * longest length and the grades it may answer (beyond them: refused with the sanction's rule);
   * isolation's longest length when lower than the floor's 15 days; whether proved charges feed a
   * conduct record (Chile's Tribunal de Conducta).
   */
  discipline?: {
    offences?: { code: string; severity: OffenceSeverity; name: { es: string; en: string } }[];
    catalogue?: RuleRef;
    sanctions?: Partial<Record<SanctionKind, RuleRef & { maxDays?: number; severities?: OffenceSeverity[] }>>;
    isolation?: RuleRef & { maxDays: number };
    conductRecord?: { ref: string };
  };
  /** the sentence calculator's contested readings (docs/sentences.md) */
  sentences?: { chainFraction: ChainFraction; ref: string };
}

/** What a person held is entitled to in visits, with the source of each figure. */
export interface VisitEntitlement extends RuleRef {
  /** ordinary (family) visits at least this many times a week */
  perWeek: number;
  /** each at least this long */
  minMinutes: number;
  /** at most this many visitors at once (booking refuses more: `too-many-visitors`) */
  maxVisitors: number;
}
