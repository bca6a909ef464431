/**
 * A monthly population series, as the backtest reads it (issue 20): a CSV file with the header
 * `month,population` and, optionally, `admissions`, `releases` and `pretrial` (counts of that month),
 * one row a month in increasing order. A month without a figure is left out (gaps are allowed: a
 * series of reported points is a series too). papaparse reads the CSV; every violation names its line
 * and column (rule ids and words in ./messages.ts). Pure: no I/O.
 */
import Papa from 'papaparse';
import type { Violation } from '../violation.js';
import type { Month } from './model.js';
import { isMonth, monthNumber } from './simulate.js';

export interface SeriesRow {
  month: Month;
  /** people inside at the end of the month (or the figure nearest to it) */
  population: number;
  /** admissions during the month */
  admissions?: number;
  /** releases during the month */
  releases?: number;
  /** people in pretrial detention (not yet sentenced) among `population` */
  pretrial?: number;
}

export const SERIES_COLUMNS = ['month', 'population', 'admissions', 'releases', 'pretrial'] as const;
const COUNTS = ['population', 'admissions', 'releases', 'pretrial'] as const;
/** A hundred years of months. */
export const MAX_SERIES_ROWS = 1200;
/** A series file of more characters than this is refused before its rows are read. */
export const MAX_SERIES_BYTES = 256 * 1024;
/** The largest count a row may hold. */
export const MAX_SERIES_COUNT = 100_000_000;
/** Violations listed at most (a file of 1,200 bad rows gets the first 50). */
const MAX_LISTED = 50;

type Read = { rows: SeriesRow[] } | { violations: Violation[] };

const isCount = (n: unknown): n is number =>
  typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= MAX_SERIES_COUNT;

/**
 * Checks rows already split into fields: months valid and increasing, counts whole and not negative,
 * pretrial not above population. Row i is named by its line in the file (the header is line 1).
 */
export function checkSeriesRows(input: readonly Record<string, unknown>[]): Read {
  const v: Violation[] = [];
  if (input.length === 0) return { violations: [{ rule: 'series-empty' }] };
  if (input.length > MAX_SERIES_ROWS)
    return {
      violations: [{ rule: 'series-too-long', params: { rows: input.length, limit: MAX_SERIES_ROWS } }],
    };
  const rows: SeriesRow[] = [];
  let previous: Month | null = null;
  input.forEach((r, i) => {
    const at = { line: i + 2 };
    const month = r.month;
    let ok = true;
    if (!isMonth(month)) {
      v.push({ rule: 'series-month', subject: 'month', params: { ...at, value: String(month ?? '') } });
      ok = false;
    } else if (previous !== null && monthNumber(month) <= monthNumber(previous)) {
      v.push({ rule: 'series-order', subject: 'month', params: { ...at, month, previous } });
      ok = false;
    }
    const row: Record<string, unknown> = { month };
    for (const c of COUNTS) {
      const val = r[c];
      if (val === undefined || val === null || val === '') {
        if (c === 'population') {
          v.push({ rule: 'series-missing', subject: c, params: { ...at, column: c } });
          ok = false;
        }
        continue;
      }
      if (!isCount(val)) {
        v.push({
          rule: 'series-count',
          subject: c,
          params: { ...at, column: c, value: String(val).slice(0, 40), limit: MAX_SERIES_COUNT },
        });
        ok = false;
        continue;
      }
      row[c] = val;
    }
    if (ok && row.pretrial !== undefined && (row.pretrial as number) > (row.population as number)) {
      v.push({
        rule: 'series-pretrial',
        subject: 'pretrial',
        params: { ...at, pretrial: row.pretrial, population: row.population },
      });
      ok = false;
    }
    // a month's releases come from the people inside at its start and those admitted during it
    const before = rows[rows.length - 1];
    if (
      ok &&
      before &&
      row.releases !== undefined &&
      row.admissions !== undefined &&
      monthNumber(month as Month) - monthNumber(before.month) === 1 &&
      (row.releases as number) > before.population + (row.admissions as number)
    ) {
      v.push({
        rule: 'series-releases',
        subject: 'releases',
        params: { ...at, releases: row.releases, available: before.population + (row.admissions as number) },
      });
      ok = false;
    }
    if (isMonth(month)) previous = month;
    if (ok) rows.push(row as unknown as SeriesRow);
  });
  if (v.length > MAX_LISTED) return { violations: v.slice(0, MAX_LISTED) };
  return v.length ? { violations: v } : { rows };
}

/** A whole number written plainly (`84175`); anything else stays a string for the check to name. */
const toNumber = (s: string): number | string => (/^\s*\d{1,12}\s*$/.test(s) ? Number(s) : s.trim());

/** Reads a series from the text of a CSV file (papaparse), then checks it (checkSeriesRows). */
export function readSeriesCsv(text: string): Read {
  if (text.length > MAX_SERIES_BYTES)
    return { violations: [{ rule: 'series-too-large', params: { limit: MAX_SERIES_BYTES } }] };
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim().toLowerCase(),
  });
  const columns = parsed.meta.fields ?? [];
  const v: Violation[] = [];
  for (const c of ['month', 'population'])
    if (!columns.includes(c))
      v.push({
        rule: 'series-column-missing',
        subject: c,
        params: { column: c, columns: columns.join(', ') },
      });
  for (const c of columns)
    if (!(SERIES_COLUMNS as readonly string[]).includes(c))
      v.push({
        rule: 'series-column-unknown',
        subject: c,
        params: { column: c.slice(0, 40), expected: SERIES_COLUMNS.join(', ') },
      });
  // a row with more or fewer fields than the header (papaparse's row index counts data rows from 0)
  for (const e of parsed.errors.slice(0, MAX_LISTED))
    if (e.type === 'FieldMismatch')
      v.push({ rule: 'series-fields', params: { line: (e.row ?? 0) + 2, columns: columns.length } });
  if (v.length) return { violations: v };
  const input = parsed.data.map((r) => {
    const o: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(r))
      o[k] = k === 'month' ? String(val).trim() : toNumber(String(val));
    return o;
  });
  // blank lines are skipped: in a file with blank lines between rows, a line number counts the others
  return checkSeriesRows(input);
}

/** The series as CSV text, with the optional columns any row has. */
export function seriesCsv(rows: readonly SeriesRow[]): string {
  const cols = SERIES_COLUMNS.filter(
    (c) => c === 'month' || c === 'population' || rows.some((r) => r[c] !== undefined),
  );
  return `${[cols.join(','), ...rows.map((r) => cols.map((c) => r[c] ?? '').join(','))].join('\n')}\n`;
}
