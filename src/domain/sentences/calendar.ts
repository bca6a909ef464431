/**
 * Calendar arithmetic on plain dates for the sentence calculator, as whole day numbers (days since
 * 1970-01-01) so that a million people's dates take seconds, not minutes. The results are the ISO
 * calendar's, exactly as Temporal.PlainDate.add with `overflow: 'constrain'` gives them; a test
 * compares the two on random dates (test/domain/sentence-calendar.test.ts). Civil-from-days and
 * days-from-civil are the well-known proleptic Gregorian conversions (H. Hinnant, "chrono-compatible
 * low-level date algorithms").
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day number of y-m-d (month 1-12). */
export function dayOf(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Year, month (1-12) and day of a day number. */
export function civil(n: number): [number, number, number] {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
export const daysInMonth = (y: number, m: number) => (m === 2 && isLeap(y) ? 29 : (MONTH_DAYS[m - 1] ?? 31));

/** The day number of an ISO date (YYYY-MM-DD), or null when it is not a real date. */
export function parseDay(text: string): number | null {
  const m = DATE.exec(text);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return dayOf(y, mo, d);
}

/** A day number of a date known to be valid (the calculator's inputs are checked before). */
export function toDay(text: string): number {
  const n = parseDay(text);
  if (n === null) throw new RangeError(`not a date: ${text}`);
  return n;
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** The ISO date of a day number. */
export function isoOf(n: number): string {
  const [y, m, d] = civil(n);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** `n` moved by whole months; a day past the month's end keeps the month's last day (2025-01-31 + 1 month = 2025-02-28). */
export function addMonths(n: number, months: number): number {
  if (!months) return n;
  const [y, m, d] = civil(n);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12 + 1;
  return dayOf(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

/** `n` + years, then + months, then + days: each step constrained to the month's end, in that order. */
export function addLength(n: number, l: { years?: number; months?: number; days?: number }): number {
  return addMonths(addMonths(n, (l.years ?? 0) * 12), l.months ?? 0) + (l.days ?? 0);
}
