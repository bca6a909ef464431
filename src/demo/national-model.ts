import type { LegalBasis, SecurityLevel, Status } from '../domain/custody/admission.js';
import type { DutyKind } from '../domain/safeguards/profile.js';
import type { ReleaseDates } from '../domain/sentences/calculate.js';
import { isoOf, toDay } from '../domain/sentences/calendar.js';
import { dateIn, parseInstant } from '../domain/time.js';
import type { DemoSentence } from './sentences.js';

/** The national demo's model of what it writes (./national.ts), and its calendar in one zone. */

const DAY = 86_400_000;
const HOUR = 3_600_000;

// -- the model ---------------------------------------------------------------------------------------

export interface Duty {
  id: string;
  kind: DutyKind;
  since: Date;
  seq: number;
  facility: number;
  doneAt?: Date;
  doneSeq?: number;
  cancelledAt?: Date;
  cancelledSeq?: number;
}
export interface Stay {
  facility: number;
  cell: number;
  from: Date;
  startSeq: number;
  to?: Date;
  endSeq?: number;
}
export interface Custody {
  id: string;
  person: number;
  facility: number;
  cell: number;
  status: Status;
  securityLevel: SecurityLevel;
  legalBasis: LegalBasis;
  admittedAt: Date;
  admittedSeq: number;
  stays: Stay[];
  duties: Duty[];
  released?: { at: Date; seq: number; reason: string };
  /** a sentenced custody's sentences, the events that imposed them, and its dates as last computed */
  sentences?: { facts: DemoSentence[]; seqs: number[]; dates: ReleaseDates };
}
export type Action =
  | { t: number; kind: 'fulfil'; c: Custody; duty: Duty }
  | { t: number; kind: 'move'; c: Custody }
  | { t: number; kind: 'transfer'; c: Custody }
  | { t: number; kind: 'release'; c: Custody }
  | { t: number; kind: 'readmit'; person: number };

export const MOVE_REASONS = [
  'Traslado interno por convivencia',
  'Redistribución de la población del módulo',
  'Solicitud del interno',
  'Mantención de la celda',
];

/**
 * Calendar days (day numbers) in a zone of whole-hour offsets, looked up once an hour of the
 * history, and the instant each day begins.
 */
export function zoneDays(timeZone: string) {
  const dayOfHour = new Map<number, number>();
  const localDay = (ms: number): number => {
    const h = Math.floor(ms / HOUR);
    let d = dayOfHour.get(h);
    if (d === undefined) {
      d = toDay(dateIn(new Date(h * HOUR), timeZone));
      dayOfHour.set(h, d);
    }
    return d;
  };
  const dayStarts = new Map<number, Date>();
  /** the instant a calendar day begins in the zone */
  const startOfDay = (day: number): Date => {
    let d = dayStarts.get(day);
    if (!d) {
      d = parseInstant(isoOf(day), timeZone) ?? new Date(day * DAY);
      dayStarts.set(day, d);
    }
    return d;
  };
  return { localDay, startOfDay };
}
