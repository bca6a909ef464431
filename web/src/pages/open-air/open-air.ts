/**
 * Open air and time out of cell as the page records and shows them: the request bodies, a day's
 * totals per block, the block a person's cell is in. Pure, so it is tested without a browser.
 */

import type { components } from '../../api-schema.js';

/** The minutes offered in one click. */
export const QUICK_MINUTES = [60, 90, 120] as const;
/** Less open air than this in a day is a finding (Mandela rule 23: at least an hour a day). */
export const OPEN_AIR_FLOOR = 60;

export type TimeKind = 'open-air' | 'time-out-of-cell';
export const TIME_KINDS: readonly TimeKind[] = ['open-air', 'time-out-of-cell'];

/** A person of the unit who did not get the time, and why. */
export interface Exception {
  personId: string;
  reason: string;
  /** for the page only: who, and the block of their cell */
  name?: string;
  block?: string | null;
}

/** A whole number as typed becomes one; anything else is sent as written, for the server to refuse in words. */
export const whole = (s: string): number | string => (/^\s*-?\d+\s*$/.test(s) ? Number(s) : s.trim());

/** POST /facilities/{code}/open-air (or time-out-of-cell): exceptions only when there are some. */
export function unitTimeBody(unit: string, date: string, minutes: string, exceptions: Exception[] = []) {
  return {
    unit,
    date,
    minutes: whole(minutes),
    ...(exceptions.length
      ? { exceptions: exceptions.map((e) => ({ personId: e.personId, reason: e.reason.trim() })) }
      : {}),
  };
}

/** The exceptions that belong to a block: those whose cell is in it (or whose block is unknown, sent to be refused). */
export const exceptionsFor = (block: string, exceptions: Exception[]) =>
  exceptions.filter((e) => e.block === block || e.block === null || e.block === undefined);

/** The block (a unit without a parent) a unit is in, by the roll's parents; null when unknown. */
export function blockOf(
  unit: string | null | undefined,
  units: { code: string; parent: string | null }[],
): string | null {
  if (!unit) return null;
  const parent = new Map(units.map((u) => [u.code, u.parent]));
  let at: string | null | undefined = unit;
  for (let i = 0; at && i < 10; i++) {
    const p = parent.get(at);
    if (p === undefined) return null;
    if (p === null) return at;
    at = p;
  }
  return null;
}

/** GET /facilities/{code}/open-air?date=. */
export type UnitTimeDay = components['schemas']['UnitTimeDay'];

/** A block's day as the page shows it. */
export interface BlockDay {
  block: string;
  /** recorded for the block itself */
  openAir: number | null;
  outOfCell: number | null;
  /** records of its landings and cells */
  below: number;
  /** the people its records name as not given the time, and why */
  exceptions: { personId: string; reason: string; kind: 'open-air' | 'out-of-cell' }[];
  /** people of the block short of the minimum, among those listed */
  short: number;
  /** the day's list was cut (more short than listed): `short` is a floor */
  cut: boolean;
}

/** Each block's day: its own totals, its exceptions, records below it, and who is short (at least, when the list is cut). */
export function blockDays(
  day: UnitTimeDay | undefined,
  units: { code: string; parent: string | null }[],
): Map<string, BlockDay> {
  const out = new Map<string, BlockDay>();
  const cut = !!day && day.short.count > day.short.people.length;
  for (const u of units)
    if (!u.parent)
      out.set(u.code, {
        block: u.code,
        openAir: null,
        outOfCell: null,
        below: 0,
        exceptions: [],
        short: 0,
        cut,
      });
  if (!day) return out;
  for (const u of day.units) {
    const b = out.get(blockOf(u.unit, units) ?? '');
    if (!b) continue;
    if (b.block === u.unit) {
      b.openAir = u.records.some((r) => r.kind === 'open-air') ? u.openAirMinutes : b.openAir;
      b.outOfCell = u.records.some((r) => r.kind === 'out-of-cell') ? u.outOfCellMinutes : b.outOfCell;
    } else b.below += u.records.length;
    for (const r of u.records) for (const e of r.exceptions) b.exceptions.push({ ...e, kind: r.kind });
  }
  for (const p of day.short.people) {
    const b = out.get(blockOf(p.cell, units) ?? '');
    if (b) b.short += 1;
  }
  return out;
}
