import { type FormEvent, lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { projectionCsv } from '../../../src/domain/projection/export';
import type { Projection as Result, Scenario } from '../../../src/domain/projection/model';
import { Loading, ProblemView, useGet } from '../components/status';
import { number, percent } from '../format';
import { href } from '../router';
import type { PageProps } from '.';
import { type PoolRun, projectInWorkers, type RunWorker, workerCount } from './projection/pool';

const BASELINE = 'baseline';
/** The backtest page (#/projection/backtest), loaded with its chart library only when opened. */
const Backtest = lazy(() => import('./projection/Backtest'));

/** The scenario as run: the chosen one with the page's levers applied. */
function edited(s: Scenario, months: number, runs: number, surge: number): Scenario {
  return {
    ...s,
    months,
    runs,
    levers:
      surge === 1
        ? s.levers
        : [...s.levers, { kind: 'arrest-surge', from: s.start, months, factor: surge, label: 'page' }],
  };
}

/** Saves text as a file through a Blob URL (no script is loaded from it). */
function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The CSV and JSON downloads of a result, as `base`.csv and `base`.json. */
export function Downloads({ base, csv, json }: { base: string; csv: () => string; json: () => unknown }) {
  const { t } = useTranslation('projection');
  return (
    <p className="row">
      <button type="button" className="secondary" onClick={() => download(`${base}.csv`, 'text/csv', csv())}>
        {t('exportCsv')}
      </button>
      <button
        type="button"
        className="secondary"
        onClick={() => download(`${base}.json`, 'application/json', `${JSON.stringify(json(), null, 2)}\n`)}
      >
        {t('exportJson')}
      </button>
    </p>
  );
}

/** A population study (#/projection), or the projection's backtest (#/projection/backtest). */
export function Projection({ route }: PageProps) {
  if (route[1] === 'backtest')
    return (
      <Suspense fallback={<Loading />}>
        <Backtest />
      </Suspense>
    );
  return <Study />;
}

/** A population study: a shipped scenario or the register's baseline, its runs split across workers. */
function Study() {
  const { t, i18n } = useTranslation('projection');
  const lang = i18n.language === 'es' ? 'es' : 'en';
  const list = useGet('/projections/scenarios', {}, false);
  const baseline = useGet('/projections/baseline', {}, false);
  const options = [...(list.data?.scenarios ?? []), ...(baseline.data ? [baseline.data] : [])];
  const [choice, setChoice] = useState('');
  const chosen = options.find((s) => s.id === choice) ?? options[0];
  const [months, setMonths] = useState('');
  const [runs, setRuns] = useState('');
  const [surge, setSurge] = useState('1');
  const [state, setState] = useState<{
    running: boolean;
    /** runs done of total, on how many workers */
    progress?: { done: number; total: number; workers: number };
    result?: { scenario: Scenario; projection: Result };
    error?: string;
    cancelled?: boolean;
  }>({ running: false });
  const job = useRef<PoolRun | null>(null);
  useEffect(() => () => job.current?.cancel(), []);
  // a new scenario: its own months and runs, no surge
  // biome-ignore lint/correctness/useExhaustiveDependencies: on a new choice only, not on each reload
  useEffect(() => {
    if (!chosen) return;
    setMonths(String(chosen.months));
    setRuns(String(chosen.runs));
    setSurge('1');
  }, [chosen?.id]);

  const run = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!chosen) return;
    const s = edited(chosen, Number(months), Number(runs), Number(surge));
    job.current?.cancel();
    const workers = workerCount(navigator.hardwareConcurrency, s.runs);
    const spawn = () =>
      new Worker(new URL('../projection.worker.ts', import.meta.url), {
        type: 'module',
      }) as unknown as RunWorker;
    let mine: PoolRun | null = null;
    setState((st) => ({ ...st, running: true, error: undefined, cancelled: false }));
    const p = projectInWorkers(s, workers, spawn, (done, total) => {
      if (mine === null || job.current === mine)
        setState((st) => ({ ...st, progress: { done, total, workers } }));
    });
    mine = p;
    job.current = p;
    p.result.then(
      (projection) => {
        if (job.current !== p) return;
        job.current = null;
        setState((st) =>
          projection
            ? { running: false, result: { scenario: s, projection } }
            : { ...st, running: false, progress: undefined, cancelled: true },
        );
      },
      (err: unknown) => {
        if (job.current !== p) return;
        job.current = null;
        setState((st) => ({
          ...st,
          running: false,
          progress: undefined,
          error: err instanceof Error ? err.message : String(err),
        }));
      },
    );
  };

  const cancel = () => job.current?.cancel();

  const result = state.result;
  return (
    <section>
      <h1>{t('title')}</h1>
      <p className="muted">{t('intro')}</p>
      <p>
        <a href={href('projection', 'backtest')}>{t('backtestLink')}</a>
      </p>
      {(list.loading && !list.data) || (baseline.loading && !baseline.data) ? <Loading /> : null}
      <ProblemView error={list.error ?? baseline.error} />
      {chosen ? (
        <form className="row" onSubmit={run}>
          <label>
            {t('scenario')}
            <select value={chosen.id} onChange={(e) => setChoice(e.target.value)}>
              {options.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.id === BASELINE ? t('baseline') : s.name[lang]}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('months')}
            <input
              type="number"
              required
              min={1}
              max={600}
              step={1}
              value={months}
              onChange={(e) => setMonths(e.target.value)}
            />
          </label>
          <label>
            {t('surge')}
            <input
              type="number"
              required
              min={0}
              max={100}
              step={0.05}
              value={surge}
              onChange={(e) => setSurge(e.target.value)}
            />
          </label>
          <label>
            {t('runs')}
            <input
              type="number"
              required
              min={1}
              max={200}
              step={1}
              value={runs}
              onChange={(e) => setRuns(e.target.value)}
            />
          </label>
          <button type="submit" disabled={state.running}>
            {state.running ? t('running') : t('run')}
          </button>
        </form>
      ) : null}
      {chosen?.sources.length ? (
        <details>
          <summary>{t('sources')}</summary>
          <ul>
            {chosen.sources.map((s) => (
              <li key={`${s.what}|${s.publisher}|${s.url ?? ''}`}>
                {s.what} — {s.url ? <a href={s.url}>{s.publisher}</a> : s.publisher}
                {s.date ? ` (${s.date})` : ''}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {state.running && state.progress ? (
        <div className="row" data-testid="projection-progress">
          <label htmlFor="projection-progress-bar">
            {t('progress.label', {
              done: number(state.progress.done, lang),
              total: number(state.progress.total, lang),
              count: state.progress.workers,
            })}
          </label>
          <progress
            id="projection-progress-bar"
            max={state.progress.total}
            value={state.progress.done}
            aria-valuemin={0}
            aria-valuemax={state.progress.total}
            aria-valuenow={state.progress.done}
            aria-valuetext={t('progress.value', {
              done: number(state.progress.done, lang),
              total: number(state.progress.total, lang),
            })}
          />
          <button type="button" className="secondary" onClick={cancel}>
            {t('progress.cancel')}
          </button>
        </div>
      ) : null}
      {state.cancelled ? <p role="status">{t('progress.cancelled')}</p> : null}
      {state.error ? (
        <div className="problem" role="alert">
          <p>{t('failed', { error: state.error })}</p>
        </div>
      ) : null}
      {result ? <ResultView scenario={result.scenario} projection={result.projection} /> : null}
    </section>
  );
}

function ResultView({ scenario, projection }: { scenario: Scenario; projection: Result }) {
  const { t, i18n } = useTranslation('projection');
  const lang = i18n.language === 'es' ? 'es' : 'en';
  const name = scenario.id === BASELINE ? t('baseline') : scenario.name[lang];
  const last = projection.months[projection.months.length - 1];
  const base = `${scenario.id}-projection`;
  return (
    <>
      <Suspense fallback={<Loading />}>
        <Chart projection={projection} name={name} />
      </Suspense>
      <div data-testid="projection-summary" role="status">
        <p>
          {projection.exceedsCapacityIn
            ? t('summary.exceeds', { month: projection.exceedsCapacityIn })
            : t('summary.never')}{' '}
          {t('summary.places', { places: number(projection.placesNeeded, lang) })}
        </p>
        {last ? (
          <p>
            {t('summary.final', {
              month: last.month,
              p50: number(last.population.p50, lang),
              p5: number(last.population.p5, lang),
              p95: number(last.population.p95, lang),
              occupancy: percent(last.occupancy, lang),
              pretrial: percent(last.pretrialShare, lang),
            })}
          </p>
        ) : null}
      </div>
      <Downloads base={base} csv={() => projectionCsv(projection)} json={() => ({ scenario, projection })} />
      <details>
        <summary>{t('table')}</summary>
        <table data-testid="projection-table">
          <thead>
            <tr>
              {(
                [
                  'month',
                  'p5',
                  'p50',
                  'p95',
                  'detained',
                  'pretrial',
                  'sentenced',
                  'admitted',
                  'released',
                  'capacity',
                  'occupancy',
                ] as const
              ).map((c) => (
                <th key={c} scope="col">
                  {t(`col.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {projection.months.map((m) => (
              <tr key={m.month}>
                <th scope="row">{m.month}</th>
                <td>{number(m.population.p5, lang)}</td>
                <td>{number(m.population.p50, lang)}</td>
                <td>{number(m.population.p95, lang)}</td>
                <td>{number(m.detained, lang)}</td>
                <td>{number(m.pretrial, lang)}</td>
                <td>{number(m.sentenced, lang)}</td>
                <td>{number(m.admitted, lang)}</td>
                <td>{number(m.released, lang)}</td>
                <td>{number(m.capacity, lang)}</td>
                <td>{percent(m.occupancy, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  );
}

/** The median, the 5–95 % band and capacity by month (recharts, loaded with the chart, not with the app). */
const Chart = lazy(() =>
  import('recharts').then((r) => ({
    default: function Chart({ projection, name }: { projection: Result; name: string }) {
      const { t, i18n } = useTranslation('projection');
      const lang = i18n.language;
      const data = projection.months.map((m) => ({
        month: m.month,
        p50: m.population.p50,
        band: [m.population.p5, m.population.p95],
        capacity: m.capacity,
      }));
      const legend = [
        { key: 'p50', colour: '#08519c', dash: undefined },
        { key: 'band', colour: '#6baed6', dash: undefined },
        { key: 'capacity', colour: '#a50f15', dash: '6 4' },
      ] as const;
      return (
        <figure className="projection-figure">
          <div
            data-testid="projection-chart"
            role="img"
            aria-labelledby="projection-chart-title projection-chart-desc"
          >
            <span id="projection-chart-title" className="visually-hidden">
              {t('chartTitle', { name })}
            </span>
            <span id="projection-chart-desc" className="visually-hidden">
              {t('chartDesc')}
            </span>
            <r.ResponsiveContainer width="100%" height={380}>
              <r.ComposedChart
                data={data}
                margin={{ top: 20, right: 40, bottom: 30, left: 30 }}
                accessibilityLayer={false}
              >
                <r.CartesianGrid stroke="#ddd" vertical={false} />
                <r.XAxis
                  dataKey="month"
                  minTickGap={16}
                  label={{ value: t('axisMonth'), position: 'insideBottom', offset: -20 }}
                />
                <r.YAxis
                  width={80}
                  domain={[0, 'auto']}
                  tickFormatter={(v: number) => number(v, lang)}
                  label={{ value: t('axisPeople'), angle: -90, position: 'insideLeft', offset: -15 }}
                />
                <r.Area
                  dataKey="band"
                  stroke="none"
                  fill="#6baed6"
                  fillOpacity={0.45}
                  isAnimationActive={false}
                  activeDot={false}
                />
                <r.Line
                  dataKey="capacity"
                  stroke="#a50f15"
                  strokeWidth={2}
                  strokeDasharray="6 4"
                  dot={false}
                  activeDot={false}
                  isAnimationActive={false}
                />
                <r.Line
                  dataKey="p50"
                  stroke="#08519c"
                  strokeWidth={2.5}
                  dot={false}
                  activeDot={false}
                  isAnimationActive={false}
                />
              </r.ComposedChart>
            </r.ResponsiveContainer>
          </div>
          <figcaption className="row legend">
            {legend.map((l) => (
              <span key={l.key}>
                <svg width="24" height="10" aria-hidden="true">
                  {l.key === 'band' ? (
                    <rect x={0} y={0} width={24} height={10} fill={l.colour} fillOpacity={0.45} />
                  ) : (
                    <line
                      x1={0}
                      x2={24}
                      y1={5}
                      y2={5}
                      stroke={l.colour}
                      strokeWidth={2.5}
                      strokeDasharray={l.dash}
                    />
                  )}
                </svg>{' '}
                {t(`legend.${l.key}`)}
              </span>
            ))}
          </figcaption>
        </figure>
      );
    },
  })),
);
