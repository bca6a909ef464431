import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backtest, MAX_BACKTEST_WORK } from '../../src/domain/projection/backtest.js';
import { readSeriesCsv, type SeriesRow } from '../../src/domain/projection/series.js';
import { SERIES_DIR } from '../../src/store/projection.js';
import { type Api, testApi } from '../helpers/api.js';

const P = '/api/v1';

/** A monthly CSV of `months` months from 2015-01 at `level` people (a small wave on top). */
const flat = (months: number, level: number) =>
  `month,population\n${Array.from({ length: months }, (_, i) => {
    const y = 2015 + Math.floor(i / 12);
    return `${y}-${String((i % 12) + 1).padStart(2, '0')},${level + Math.round(level * 0.01 * Math.sin(i / 2))}`;
  }).join('\n')}\n`;

describe('projection backtest API', () => {
  let api: Api;
  beforeAll(async () => {
    api = await testApi();
  });
  afterAll(() => api?.close());

  it('lists the shipped series with their publisher, licence and CSV', async () => {
    const res = await api.call('GET', `${P}/projections/series`);
    expect(res.statusCode, res.body).toBe(200);
    const { series } = res.json() as {
      series: { id: string; name: any; publisher: any; licence: any; csv: string }[];
    };
    expect(series.map((s) => s.id)).toEqual(['england-wales', 'chile', 'el-salvador']);
    for (const s of series) {
      // every word a person reads, in both languages
      for (const words of [s.name, s.publisher, s.licence]) expect(words.es && words.en).toBeTruthy();
      expect(s.csv).toBe(readFileSync(join(SERIES_DIR, `${s.id}.csv`), 'utf8'));
      expect('rows' in readSeriesCsv(s.csv)).toBe(true);
    }
  });

  it('backtests a shipped series in the worker pool: the domain’s answer, whole', async () => {
    const res = await api.call('POST', `${P}/projections/backtest`, {
      body: { series: 'england-wales', horizon: 12, runs: 20, seed: 3 },
    });
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json();
    const rows = (
      readSeriesCsv(readFileSync(join(SERIES_DIR, 'england-wales.csv'), 'utf8')) as { rows: SeriesRow[] }
    ).rows;
    // 131 months: origins from the 36th (2016-12) to the 119th (2023-11), each 12 months ahead
    expect(b.origins).toHaveLength(84);
    expect(b.origins[0]).toMatchObject({ origin: '2016-12', target: '2017-12', lead: 12, observed: 84888 });
    expect(b.origins.at(-1)).toMatchObject({ origin: '2023-11', target: '2024-11', observed: 85457 });
    expect(b).toEqual(JSON.parse(JSON.stringify(backtest(rows, { horizon: 12, runs: 20, seed: 3 }))));
    expect(b.summary.origins).toBe(84);
  });

  it('backtests a series sent as CSV, with the horizon asked', async () => {
    const res = await api.call('POST', `${P}/projections/backtest`, {
      body: { csv: flat(60, 1000), horizon: 6 },
    });
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json();
    expect(b.horizon).toBe(6);
    expect(b.runs).toBe(40);
    // origins 36th..54th month (the target 6 months later within the 60)
    expect(b.origins).toHaveLength(19);
    for (const o of b.origins) expect(o.path).toHaveLength(6);
  });

  it('refuses, naming what is wrong, and in Spanish when asked', async () => {
    const both = await api.call('POST', `${P}/projections/backtest`, {
      body: { series: 'chile', csv: flat(60, 10) },
    });
    expect(both.statusCode).toBe(400);
    expect(both.json().violations[0].rule).toBe('backtest-input');
    const none = await api.call('POST', `${P}/projections/backtest`, { body: {} });
    expect(none.json().violations[0].rule).toBe('backtest-input');

    const unknown = await api.call('POST', `${P}/projections/backtest`, { body: { series: 'atlantis' } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().violations[0]).toMatchObject({ rule: 'unknown-series' });

    const bad = await api.call('POST', `${P}/projections/backtest`, {
      body: { csv: 'month,population,guards\n2020-13,5,1\n' },
      lang: 'es',
    });
    expect(bad.statusCode).toBe(400);
    const v = bad.json().violations;
    expect(v.map((x: any) => x.rule)).toEqual(['series-column-unknown']);
    expect(v[0].message).toContain('La columna guards no se conoce');

    const rows = await api.call('POST', `${P}/projections/backtest`, {
      body: { csv: 'month,population,pretrial\n2020-13,5,\n2020-02,-1,\n2020-03,10,11\n' },
    });
    expect(rows.json().violations.map((x: any) => [x.rule, x.subject, x.message.slice(0, 7)])).toEqual([
      ['series-month', 'month', 'Line 2:'],
      ['series-count', 'population', 'Line 3:'],
      ['series-pretrial', 'pretrial', 'Line 4:'],
    ]);

    const short = await api.call('POST', `${P}/projections/backtest`, { body: { csv: flat(40, 1000) } });
    expect(short.statusCode).toBe(400);
    expect(short.json().violations[0].rule).toBe('series-too-short');
    expect(short.json().violations[0].message).toMatch(
      /from its month 36 on with a figure 12 months later.*spans 40 months/,
    );

    const huge = await api.call('POST', `${P}/projections/backtest`, { body: { csv: flat(60, 6_000_000) } });
    expect(huge.json().violations[0].rule).toBe('series-population');

    // a hundred years of months: far past the work one request may ask for
    const work = await api.call('POST', `${P}/projections/backtest`, { body: { csv: flat(1200, 1000) } });
    expect(work.statusCode).toBe(400);
    expect(work.json().violations[0]).toMatchObject({ rule: 'backtest-work', subject: 'runs' });
    expect(work.json().violations[0].message).toContain(`the most is ${MAX_BACKTEST_WORK}`);

    const horizon = await api.call('POST', `${P}/projections/backtest`, {
      body: { series: 'chile', horizon: 37 },
    });
    expect(horizon.statusCode).toBe(400);
    const extra = await api.call('POST', `${P}/projections/backtest`, {
      body: { series: 'chile', months: 3 },
    });
    expect(extra.statusCode).toBe(400);
  });
});
