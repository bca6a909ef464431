/**
 * `custodia project --backtest FILE [--horizon 12]`: the projection validated out of sample
 * (src/domain/projection/backtest.ts, docs/projection.md#backtest). Prints a row per origin and the
 * line `MAPE … · persistence … · drift … · within 2 %: n of m · 90 % interval coverage …`, after
 * the same checks and limits as the API.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { t } from '../domain/messages.js';
import {
  BACKTEST_DEFAULTS,
  type Backtest,
  backtest,
  backtestLimits,
  summaryLine,
} from '../domain/projection/backtest.js';
import { backtestCsv } from '../domain/projection/export.js';
import { MAX_SERIES_BYTES, readSeriesCsv } from '../domain/projection/series.js';
import { languageOf } from './admit.js';

const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;
const num = (x: number) => x.toLocaleString('en-US');

/** The per-origin table: one row per origin, columns aligned, then the summary line. */
export function backtestTable(b: Backtest): string {
  const head = [
    'origin',
    'target',
    'observed',
    'forecast',
    '90 % interval',
    'error',
    'persistence',
    'drift',
    'stay',
    'window',
    'trend',
  ];
  const rows = b.origins.map((o) => [
    o.origin,
    o.target,
    num(o.observed),
    num(o.forecast.p50),
    `${num(o.forecast.p5)}-${num(o.forecast.p95)}${o.covered ? '' : ' *'}`,
    pct(o.error),
    pct(o.persistenceError),
    pct(o.driftError),
    o.calibration.from === 'flows' ? `${o.calibration.stay} (flows)` : String(o.calibration.stay),
    String(o.calibration.window),
    o.calibration.trend ? 'yes' : 'no',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return `${[line(head), ...rows.map(line), '', summaryLine(b.summary)].join('\n')}\n`;
}

/**
 * A file as UTF-8 when it has at most `max` bytes (`whole`); otherwise its first bytes only (a device
 * that never ends, /dev/zero, is read no further).
 */
function readAtMost(file: string, max: number): { text: string; whole: boolean } {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(max + 1);
    let got = 0;
    while (got <= max) {
      const n = readSync(fd, buf, got, max + 1 - got, null);
      if (n === 0) break;
      got += n;
    }
    return { text: buf.subarray(0, Math.min(got, max)).toString('utf8'), whole: got <= max };
  } finally {
    closeSync(fd);
  }
}

export interface BacktestCommand {
  file: string;
  horizon?: number;
  runs?: number;
  seed?: number;
  format?: 'table' | 'csv' | 'json';
}

/** Runs the command: the text to print, or the messages to print on standard error (exit 1). */
export function backtestCommand(o: BacktestCommand): { out: string; summary: string } | { errors: string[] } {
  // refusals in the terminal's language (LANG=es_CL.UTF-8: Spanish); the table and its line in English
  const lang = languageOf(process.env) === 'es' ? 'es' : 'en';
  // a text of MAX_SERIES_BYTES characters takes at most 4 bytes each: a file longer than that is too
  // large without reading the rest
  let file: { text: string; whole: boolean };
  try {
    file = readAtMost(o.file, MAX_SERIES_BYTES * 4);
  } catch (err) {
    return { errors: [t('cli.series-unreadable', lang, { file: o.file, reason: (err as Error).message })] };
  }
  const read = file.whole
    ? readSeriesCsv(file.text)
    : { violations: [{ rule: 'series-too-large', params: { limit: MAX_SERIES_BYTES } }] };
  const options = {
    horizon: o.horizon ?? BACKTEST_DEFAULTS.horizon,
    runs: o.runs ?? BACKTEST_DEFAULTS.runs,
    seed: o.seed ?? BACKTEST_DEFAULTS.seed,
  };
  const violations = 'violations' in read ? read.violations : backtestLimits(read.rows, options);
  if (violations.length || 'violations' in read)
    return {
      errors: [
        t('cli.series-refused', lang, { file: o.file }),
        ...violations.map((v) => `  ${t(v.rule, lang, v.params)}`),
      ],
    };
  const b = backtest(read.rows, options);
  const format = o.format ?? 'table';
  const out =
    format === 'json'
      ? `${JSON.stringify(b, null, 2)}\n`
      : format === 'csv'
        ? backtestCsv(b)
        : backtestTable(b);
  return { out, summary: summaryLine(b.summary) };
}
