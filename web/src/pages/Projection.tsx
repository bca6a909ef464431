import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { projectionCsv } from '../../../src/domain/projection/export';
import type { Projection as Result, Scenario } from '../../../src/domain/projection/model';
import { Loading, ProblemView, useApi } from '../components/status';
import { number, percent } from '../format';
import type { PageProps } from '.';
import { type PoolRun, projectInWorkers, type RunWorker, workerCount } from './projection/pool';

const BASELINE = 'baseline';

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

/** A population study: a shipped scenario or the register's baseline, its runs split across workers. */
export function Projection(_props: PageProps) {
  const { t, i18n } = useTranslation('projection');
  const lang = i18n.language === 'es' ? 'es' : 'en';
  const list = useApi<{ scenarios: Scenario[] }>('/projections/scenarios', false);
  const baseline = useApi<Scenario>('/projections/baseline', false);
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
      <Chart projection={projection} name={name} />
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
      <p className="row">
        <button
          type="button"
          className="secondary"
          onClick={() => download(`${base}.csv`, 'text/csv', projectionCsv(projection))}
        >
          {t('exportCsv')}
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() =>
            download(
              `${base}.json`,
              'application/json',
              `${JSON.stringify({ scenario, projection }, null, 2)}\n`,
            )
          }
        >
          {t('exportJson')}
        </button>
      </p>
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

/** A round step for about `n` ticks up to `max` (1, 2 or 5 × a power of ten). */
function tickStep(max: number, n = 5): number {
  const raw = Math.max(max, 1) / n;
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((k) => k * p).find((s) => s >= raw) ?? 10 * p;
}

const W = 900;
const H = 380;
const M = { top: 20, right: 40, bottom: 70, left: 80 };

/** The median, the 5–95 % band and capacity by month, drawn as SVG (no library, no inline script). */
function Chart({ projection, name }: { projection: Result; name: string }) {
  const { t, i18n } = useTranslation('projection');
  const lang = i18n.language;
  const ms = projection.months;
  const n = ms.length;
  const top = Math.max(1, ...ms.map((m) => Math.max(m.population.p95, m.capacity)));
  const step = tickStep(top);
  const yMax = Math.ceil((top * 1.05) / step) * step;
  const x = (i: number) => M.left + (n <= 1 ? 0 : (i / (n - 1)) * (W - M.left - M.right));
  const y = (v: number) => H - M.bottom - (Math.max(0, v) / yMax) * (H - M.top - M.bottom);
  const line = (f: (i: number) => number) => ms.map((_, i) => `${x(i).toFixed(1)},${y(f(i)).toFixed(1)}`);
  const band = [...line((i) => ms[i]!.population.p95), ...line((i) => ms[i]!.population.p5).reverse()].join(
    ' ',
  );
  const yTicks: number[] = [];
  for (let v = 0; v <= yMax; v += step) yTicks.push(v);
  const every = Math.max(1, Math.ceil(n / 12));
  const xTicks = ms.map((m, i) => ({ m: m.month, i })).filter(({ i }) => i % every === 0 || i === n - 1);
  const legend = [
    { key: 'p50', colour: '#08519c', dash: undefined },
    { key: 'band', colour: '#6baed6', dash: undefined },
    { key: 'capacity', colour: '#a50f15', dash: '6 4' },
  ] as const;
  return (
    <svg
      data-testid="projection-chart"
      viewBox={`0 0 ${W} ${H}`}
      width="100%"
      role="img"
      aria-labelledby="projection-chart-title projection-chart-desc"
    >
      <title id="projection-chart-title">{t('chartTitle', { name })}</title>
      <desc id="projection-chart-desc">{t('chartDesc')}</desc>
      <g fontSize="12" fill="#222">
        {yTicks.map((v) => (
          <g key={v}>
            <line x1={M.left} x2={W - M.right} y1={y(v)} y2={y(v)} stroke="#ddd" />
            <text x={M.left - 8} y={y(v) + 4} textAnchor="end">
              {number(v, lang)}
            </text>
          </g>
        ))}
        {xTicks.map(({ m, i }) => (
          <g key={m}>
            <line x1={x(i)} x2={x(i)} y1={H - M.bottom} y2={H - M.bottom + 5} stroke="#222" />
            <text x={x(i)} y={H - M.bottom + 18} textAnchor="middle">
              {m}
            </text>
          </g>
        ))}
        <text x={(M.left + W - M.right) / 2} y={H - M.bottom + 38} textAnchor="middle">
          {t('axisMonth')}
        </text>
        <text
          x={16}
          y={(M.top + H - M.bottom) / 2}
          textAnchor="middle"
          transform={`rotate(-90 16 ${(M.top + H - M.bottom) / 2})`}
        >
          {t('axisPeople')}
        </text>
      </g>
      <line x1={M.left} x2={M.left} y1={M.top} y2={H - M.bottom} stroke="#222" />
      <line x1={M.left} x2={W - M.right} y1={H - M.bottom} y2={H - M.bottom} stroke="#222" />
      <polygon points={band} fill="#6baed6" fillOpacity={0.45} stroke="none" />
      <polyline
        points={line((i) => ms[i]!.capacity).join(' ')}
        fill="none"
        stroke="#a50f15"
        strokeWidth={2}
        strokeDasharray="6 4"
      />
      <polyline
        points={line((i) => ms[i]!.population.p50).join(' ')}
        fill="none"
        stroke="#08519c"
        strokeWidth={2.5}
      />
      <g fontSize="12" fill="#222">
        {legend.map((l, k) => (
          <g key={l.key} transform={`translate(${M.left + k * 200} ${H - 14})`}>
            {l.key === 'band' ? (
              <rect x={0} y={-9} width={24} height={10} fill={l.colour} fillOpacity={0.45} />
            ) : (
              <line
                x1={0}
                x2={24}
                y1={-4}
                y2={-4}
                stroke={l.colour}
                strokeWidth={2.5}
                strokeDasharray={l.dash}
              />
            )}
            <text x={30} y={0}>
              {t(`legend.${l.key}`)}
            </text>
          </g>
        ))}
      </g>
    </svg>
  );
}
