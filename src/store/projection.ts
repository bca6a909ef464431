import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Scenario, SentenceBand } from '../domain/projection/model.js';
import type { Db } from './db.js';

/** The scenarios shipped with Custodia (data/scenarios/*.json), from src/store or dist/store. */
export const SCENARIO_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'scenarios');

/** The shipped scenarios as they are on disk (unchecked JSON), by file name; none when the folder is missing. */
export function shippedScenarios(dir = SCENARIO_DIR): unknown[] {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort();
  } catch {
    return [];
  }
  return files.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as unknown);
}

/** The population series shipped with Custodia (data/series: index.json and a CSV per series). */
export const SERIES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'series');

export interface ShippedSeries {
  id: string;
  name: { es: string; en: string };
  publisher: { es: string; en: string };
  licence: { es: string; en: string };
  /** the CSV file's text (month,population[,…]) */
  csv: string;
}

/** The shipped series in the order of data/series/index.json; none when the folder is missing. */
export function shippedSeries(dir = SERIES_DIR): ShippedSeries[] {
  let index: { series: (Omit<ShippedSeries, 'csv'> & { file: string })[] };
  try {
    index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
  } catch {
    return [];
  }
  return index.series.map(({ file, ...s }) => ({ ...s, csv: readFileSync(join(dir, file), 'utf8') }));
}

/**
 * What the calibration does not estimate from the register: it reads the status a person was
 * admitted with (a sentence recorded later changes the custody's status, not its admission), and
 * not sentence lengths. These defaults are per month and deliberately plain; a study
 * should replace them with figures of its own jurisdiction.
 */
export const BASELINE_DEFAULTS = {
  /** most people arrested see a judge within days: 60 % go on to pretrial detention in a month… */
  detainedToPretrial: 0.6,
  /** …and 30 % are released by the judge (used when the register has no detained person-months) */
  detainedToReleased: 0.3,
  /** a pretrial detention lasts about a year and a half on average (1 / 18 a month) */
  pretrialToSentenced: 1 / 18,
  /** pretrial releases (used when the register has no pretrial person-months) */
  pretrialToReleased: 0.02,
  runs: 50,
  seed: 1,
  months: 60,
} as const;

/** Sentence lengths: an ordinary spread when the register has none (shares sum to 1). */
export const DEFAULT_SENTENCE_BANDS: SentenceBand[] = [
  { label: '<1y', share: 0.25, minMonths: 1, maxMonths: 11 },
  { label: '1-3y', share: 0.35, minMonths: 12, maxMonths: 36 },
  { label: '3-5y', share: 0.2, minMonths: 37, maxMonths: 60 },
  { label: '5-10y', share: 0.12, minMonths: 61, maxMonths: 120 },
  { label: '10y+', share: 0.08, minMonths: 121, maxMonths: 240 },
];

/** The average month, in seconds (365.25 days / 12). */
const MONTH_SECONDS = 30.4375 * 86_400;
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

const monthOf = (d: Date) => `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;

/**
 * A scenario calibrated from the register of this installation, all facilities together:
 *
 * - `initial`: the people in custody now, by the status of their custody;
 * - `capacity`: the sum of the cells' operational capacity;
 * - `admissionsPerMonth`: custodies admitted in the last 12 months, / 12;
 * - `detainedToReleased`, `pretrialToReleased`: releases in the last 12 months of custodies with that
 *   status / the person-months that status spent inside in those 12 months (the maximum-likelihood
 *   monthly exit rate); the defaults above when no one with that status was inside;
 * - `detainedToPretrial`, `pretrialToSentenced`, the sentence bands: defaults (see BASELINE_DEFAULTS).
 *
 * The projection starts the month after `now` (the population now is the population at its start).
 */
export async function baselineScenario(
  db: Db,
  o: { months?: number; now?: Date; facilities?: string[] | null } = {},
): Promise<Scenario> {
  // a user of some facilities projects from those facilities' custodies and cells only
  const scoped = o.facilities ?? null;
  const only = scoped && (scoped.length ? scoped : ['']);
  const now = o.now ?? new Date();
  const yearAgo = new Date(now);
  yearAgo.setUTCFullYear(yearAgo.getUTCFullYear() - 1);

  const inside = await db
    .selectFrom('custody')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('released_at', 'is', null)
    .where('admitted_at', '<=', now)
    .$if(!!only, (q) => q.where('facility_code', 'in', only ?? []))
    .groupBy('status')
    .execute();
  const count = (status: string) => Number(inside.find((r) => r.status === status)?.n ?? 0);

  const cap = await db
    .selectFrom('unit')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('operational'), sql<number>`0`).as('places'))
    .where('kind', '=', 'cell')
    .$if(!!only, (q) => q.where('facility_code', 'in', only ?? []))
    .executeTakeFirstOrThrow();

  // by the status of admission (a sentence changes a custody's status later): admissions, releases
  // and the seconds spent inside during the last 12 months
  const flows = await sql<{ status: string; admitted: number; released: number; seconds: number }>`
    select coalesce(admitted_status, status) as status,
      count(*) filter (where admitted_at > ${yearAgo})::int as admitted,
      count(*) filter (where released_at > ${yearAgo} and released_at <= ${now})::int as released,
      coalesce(sum(extract(epoch from (
        least(coalesce(released_at, ${now}), ${now}) - greatest(admitted_at, ${yearAgo})
      ))), 0)::float8 as seconds
    from custody
    where admitted_at <= ${now} and (released_at is null or released_at > ${yearAgo})
      and (${only === null} or facility_code in (${sql.join(only ?? [''])}))
    group by 1`.execute(db);
  const by = (status: string) => flows.rows.find((r) => r.status === status);
  const admitted = flows.rows.reduce((n, r) => n + Number(r.admitted), 0);
  /** the monthly exit rate of a status, or `fallback` when it spent no time inside */
  const exitRate = (status: string, fallback: number, max: number) => {
    const r = by(status);
    const personMonths = r ? Number(r.seconds) / MONTH_SECONDS : 0;
    return r && personMonths > 0 ? round4(clamp(Number(r.released) / personMonths, 0, max)) : fallback;
  };

  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  const d = BASELINE_DEFAULTS;
  return {
    id: 'baseline',
    name: {
      es: 'Línea base: el registro de esta instalación',
      en: 'Baseline: the register of this installation',
    },
    start: monthOf(start),
    months: o.months ?? d.months,
    initial: { detained: count('detained'), pretrial: count('pretrial'), sentenced: count('sentenced') },
    capacity: Number(cap.places),
    admissionsPerMonth: round4(admitted / 12),
    transitions: {
      detainedToPretrial: d.detainedToPretrial,
      // the two exits of the detained share one month: together at most 1
      detainedToReleased: exitRate('detained', d.detainedToReleased, 1 - d.detainedToPretrial),
      pretrialToSentenced: round4(d.pretrialToSentenced),
      pretrialToReleased: exitRate('pretrial', d.pretrialToReleased, 1 - d.pretrialToSentenced),
    },
    pretrialLimitMonths: null,
    sentenceBands: DEFAULT_SENTENCE_BANDS.map((b) => ({ ...b })),
    levers: [],
    runs: d.runs,
    seed: d.seed,
    sources: [
      {
        what: 'calibrated from the register of this installation',
        publisher: 'Custodia',
        date: now.toISOString().slice(0, 10),
      },
    ],
  };
}
