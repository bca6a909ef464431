import type { TFunction } from 'i18next';
import { type FormEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Area, CartesianGrid, ComposedChart, Line, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { MAX_BACKTEST_RUNS, MAX_HORIZON } from '../../../../src/domain/projection/backtest';
import { backtestCsv } from '../../../../src/domain/projection/export';
import { type Answer, post } from '../../api';
import { Loading, ProblemView, useGet } from '../../components/status';
import { number, percent } from '../../format';
import { href } from '../../router';
import { Downloads } from '../Projection';
import './backtest.css';

/** What POST /projections/backtest answers, and its summary. */
type Result = Answer<'/projections/backtest', 'post'>;
type BacktestSummary = NonNullable<Result['summary']>;

/** The source option that stands for a file of the reader's own. */
const FILE = 'file';

/**
 * The projection validated out of sample (#/projection/backtest; docs/projection.md#backtest): a
 * shipped series or a CSV file, sent to POST /projections/backtest; the summary in words, whether the
 * model beat persistence, a chart of every origin's forecast against the series, and a table.
 */
export default function Backtest() {
  const { t, i18n } = useTranslation('backtest');
  const lang = i18n.language === 'es' ? 'es' : 'en';
  const list = useGet('/projections/series', {}, false);
  const series = list.data?.series ?? [];
  const [source, setSource] = useState('');
  const chosen = source === FILE ? null : (series.find((s) => s.id === source) ?? series[0] ?? null);
  const [file, setFile] = useState<File | null>(null);
  const [horizon, setHorizon] = useState('12');
  const [runs, setRuns] = useState('40');
  const [state, setState] = useState<{
    running: boolean;
    /** the series' name in each language (a file's name is the same in both) */
    result?: { backtest: Result; name: { es: string; en: string }; base: string };
    error?: unknown;
  }>({ running: false });
  const job = useRef<AbortController | null>(null);
  useEffect(() => () => job.current?.abort(), []);
  const ids = { source: useId(), file: useId(), horizon: useId(), runs: useId() };

  const run = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const own = source === FILE;
    if (own ? !file : !chosen) return;
    job.current?.abort();
    const ctl = new AbortController();
    job.current = ctl;
    setState((st) => ({ ...st, running: true, error: undefined }));
    try {
      // the file's text as it is: the server reads the CSV and names each refused line
      const input = own && file ? { csv: await file.text() } : { series: chosen!.id };
      const backtest = await post('/projections/backtest', {
        body: { ...input, horizon: Number(horizon), runs: Number(runs) },
        signal: ctl.signal,
      });
      if (job.current !== ctl) return;
      const name = own && file ? { es: file.name, en: file.name } : chosen!.name;
      const base = `${own && file ? file.name.replace(/\.[^.]*$/, '') : chosen!.id}-backtest`;
      setState({ running: false, result: { backtest, name, base } });
    } catch (error) {
      if (job.current !== ctl || ctl.signal.aborted) return;
      setState({ running: false, error });
    } finally {
      if (job.current === ctl) job.current = null;
    }
  };

  const field = (subject: string | undefined) =>
    subject === 'horizon'
      ? t('horizon', { max: MAX_HORIZON })
      : subject === 'runs'
        ? t('runs', { max: MAX_BACKTEST_RUNS })
        : null;
  return (
    <section className="backtest-page">
      <h1>{t('title')}</h1>
      <p className="muted">{t('intro')}</p>
      <p>
        <a href={href('projection')}>{t('back')}</a>
      </p>
      {list.loading && !list.data ? <Loading /> : null}
      <ProblemView error={list.error} />
      <form className="row" onSubmit={(e) => void run(e)}>
        <label htmlFor={ids.source}>
          {t('source')}
          <select id={ids.source} value={chosen?.id ?? FILE} onChange={(e) => setSource(e.target.value)}>
            {series.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name[lang]}
              </option>
            ))}
            <option value={FILE}>{t('ownFile')}</option>
          </select>
        </label>
        {chosen ? null : (
          <label htmlFor={ids.file}>
            {t('file')}
            <input
              id={ids.file}
              type="file"
              accept=".csv,text/csv,text/plain"
              required
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </label>
        )}
        <WholeNumber
          id={ids.horizon}
          label={t('horizon', { max: MAX_HORIZON })}
          max={MAX_HORIZON}
          value={horizon}
          onChange={setHorizon}
        />
        <WholeNumber
          id={ids.runs}
          label={t('runs', { max: MAX_BACKTEST_RUNS })}
          max={MAX_BACKTEST_RUNS}
          value={runs}
          onChange={setRuns}
        />
        <button type="submit" disabled={state.running}>
          {t('run')}
        </button>
      </form>
      {chosen ? (
        <dl className="backtest-source">
          <dt>{t('publisher')}</dt>
          <dd>{chosen.publisher[lang]}</dd>
          <dt>{t('licence')}</dt>
          <dd>{chosen.licence[lang]}</dd>
        </dl>
      ) : null}
      <p role="status" aria-live="polite" data-testid="backtest-status">
        {state.running
          ? t('running', { runs: number(Number(runs), lang) })
          : state.result
            ? t('done', {
                count: state.result.backtest.origins.length,
                origins: number(state.result.backtest.origins.length, lang),
              })
            : ''}
      </p>
      {state.error ? <ProblemView error={state.error} field={field} /> : null}
      {state.result && !state.running ? (
        <ResultView
          key={`${state.result.base}|${state.result.backtest.horizon}|${state.result.backtest.runs}`}
          backtest={state.result.backtest}
          base={state.result.base}
          name={state.result.name[lang]}
        />
      ) : null}
    </section>
  );
}

/** A required whole number from 1 to `max`, with its label (the form's horizon and runs). */
function WholeNumber(p: {
  id: string;
  label: string;
  max: number;
  value: string;
  onChange: (v: string) => void;
}) {
  return (
    <label htmlFor={p.id}>
      {p.label}
      <input
        id={p.id}
        type="number"
        required
        min={1}
        max={p.max}
        step={1}
        value={p.value}
        onChange={(e) => p.onChange(e.target.value)}
      />
    </label>
  );
}

/** A percentage with one decimal and a space before the sign, as the summary line has it. */
const pct1 = (x: number, lang: string) =>
  `${new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(x)} %`;

/** Whether the model beat persistence (and drift), and by how much of the baseline's error: honestly. */
function verdict(s: BacktestSummary, lang: string, t: TFunction<'backtest'>) {
  const f = { mape: pct1(s.mape, lang), persistence: pct1(s.persistence, lang), drift: pct1(s.drift, lang) };
  const by = (base: number) => pct1((100 * Math.abs(base - s.mape)) / base, lang);
  const same = (a: number, b: number) => Math.abs(a - b) < 0.05;
  let first: string;
  if (same(s.mape, s.persistence)) first = t('verdict.tie', f);
  else if (s.persistence === 0) first = t('verdict.lostZero', f);
  else first = t(s.mape < s.persistence ? 'verdict.beat' : 'verdict.lost', { ...f, by: by(s.persistence) });
  let second = '';
  if (same(s.mape, s.drift)) second = t('verdict.driftTie', f);
  else if (s.drift > 0)
    second = t(s.mape < s.drift ? 'verdict.driftBeat' : 'verdict.driftLost', { ...f, by: by(s.drift) });
  return `${first} ${second}`.trim();
}

/** Months as numbers (for a numeric axis) and back. */
const toIndex = (m: string) => {
  const [y, mo] = m.split('-').map(Number);
  return y! * 12 + mo! - 1;
};
const toMonth = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;

function ResultView({ backtest, name, base }: { backtest: Result; name: string; base: string }) {
  const { t, i18n } = useTranslation('backtest');
  const lang = i18n.language === 'es' ? 'es' : 'en';
  const s = backtest.summary;
  const os = backtest.origins;
  const [selected, setSelected] = useState(Math.max(0, os.length - 1));
  const yes = (b: boolean) => (b ? t('table.yes') : t('table.no'));
  return (
    <>
      <div data-testid="backtest-summary" className="backtest-summary">
        {s ? (
          <>
            <p>
              <strong>
                {t('summary.line', {
                  mape: pct1(s.mape, lang),
                  persistence: pct1(s.persistence, lang),
                  drift: pct1(s.drift, lang),
                  within: number(s.within2, lang),
                  origins: number(s.origins, lang),
                  coverage: `${number(Math.round(s.coverage), lang)} %`,
                })}
              </strong>
            </p>
            <p data-testid="backtest-verdict">{verdict(s, lang, t)}</p>
            <p className="muted">
              {t('summary.setup', {
                name,
                count: s.origins,
                origins: number(s.origins, lang),
                first: os[0]?.origin ?? '',
                last: os[os.length - 1]?.origin ?? '',
                horizon: backtest.horizon,
                runs: backtest.runs,
                seed: backtest.seed,
              })}{' '}
              {t('summary.explain')}
            </p>
          </>
        ) : (
          <p>{t('summary.none')}</p>
        )}
      </div>
      {os.length ? (
        <>
          <label>
            {t('chart.selected')}
            <select value={selected} onChange={(e) => setSelected(Number(e.target.value))}>
              {os.map((o, k) => (
                <option key={o.origin} value={k}>
                  {o.origin} → {o.target}
                </option>
              ))}
            </select>
          </label>
          <Chart backtest={backtest} name={name} selected={selected} />
        </>
      ) : null}
      <Downloads base={base} csv={() => backtestCsv(backtest)} json={() => backtest} />
      <table data-testid="backtest-table" className="backtest-table">
        <caption>{t('table.caption', { horizon: backtest.horizon })}</caption>
        <thead>
          <tr>
            {(
              [
                'origin',
                'target',
                'observed',
                'forecast',
                'interval',
                'error',
                'persistenceError',
                'driftError',
                'covered',
                'stay',
                'window',
                'trend',
              ] as const
            ).map((c) => (
              <th key={c} scope="col">
                {t(`table.${c}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {os.map((o, k) => (
            <tr key={o.origin} className={k === selected ? 'selected' : undefined}>
              <th scope="row">
                <button
                  type="button"
                  className="secondary"
                  aria-pressed={k === selected}
                  onClick={() => setSelected(k)}
                >
                  {o.origin}
                </button>
              </th>
              <td>{o.target}</td>
              <td>{number(o.observed, lang)}</td>
              <td>{number(o.forecast.p50, lang)}</td>
              <td>
                {t('table.range', { p5: number(o.forecast.p5, lang), p95: number(o.forecast.p95, lang) })}
              </td>
              <td>{percent(o.error, lang)}</td>
              <td>{percent(o.persistenceError, lang)}</td>
              <td>{percent(o.driftError, lang)}</td>
              <td>{yes(o.covered)}</td>
              <td>{number(o.calibration.stay, lang)}</td>
              <td>{number(o.calibration.window, lang)}</td>
              <td>{yes(o.calibration.trend)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

// the forecasts dark enough against white for a graphic (3:1); the chosen origin dashed as well as blue,
// so that it is not told from the reported line by its colour only
const COLOUR = { observed: '#1b1f24', forecast: '#4292c6', selected: '#08519c', band: '#6baed6' };

type Row = { x: number; observed?: number; band?: [number, number]; sel?: number } & Record<
  string,
  number | [number, number] | undefined
>;

/** The series, every origin's median path, and the selected origin's band (recharts). */
function Chart({ backtest, name, selected }: { backtest: Result; name: string; selected: number }) {
  const { t, i18n } = useTranslation('backtest');
  const lang = i18n.language === 'es' ? 'es' : 'en';
  const id = useId();
  const os = backtest.origins;
  const obs = backtest.observed;
  // one row a month, from the first reported month to the last forecast month
  const rows = useMemo(() => {
    const at = new Map<number, Row>();
    const row = (month: string) => {
      const x = toIndex(month);
      let r = at.get(x);
      if (!r) {
        r = { x };
        at.set(x, r);
      }
      return r;
    };
    for (const o of obs) row(o.month).observed = o.population;
    os.forEach((o, k) => {
      // each path starts from the figure at its origin
      row(o.origin)[`f${k}`] = o.persistence;
      for (const p of o.path) row(p.month)[`f${k}`] = p.p50;
    });
    const xs = [...at.keys()];
    const lo = Math.min(...xs);
    const hi = Math.max(...xs);
    for (let x = lo; x <= hi; x++) row(toMonth(x));
    return [...at.values()].sort((a, b) => a.x - b.x);
  }, [obs, os]);
  const chosen = os[selected];
  const data = useMemo(() => {
    if (!chosen) return rows;
    const band = new Map<number, { band: [number, number]; sel: number }>();
    band.set(toIndex(chosen.origin), {
      band: [chosen.persistence, chosen.persistence],
      sel: chosen.persistence,
    });
    for (const p of chosen.path) band.set(toIndex(p.month), { band: [p.p5, p.p95], sel: p.p50 });
    return rows.map((r) => ({ ...r, ...band.get(r.x) }));
  }, [rows, chosen]);
  const xs = data.map((r) => r.x);
  const first = xs[0] ?? 0;
  const last = xs[xs.length - 1] ?? 0;
  const every = Math.max(1, Math.ceil((last - first + 1) / 12 / 12));
  const ticks = xs.filter((x) => x % 12 === 0 && (x / 12) % every === 0);
  const pops = obs.map((o) => o.population);
  const target = chosen?.path.find((p) => p.month === chosen.target);
  const describe = {
    name,
    from: obs[0]?.month ?? '',
    to: obs[obs.length - 1]?.month ?? '',
    min: number(Math.min(...pops), lang),
    max: number(Math.max(...pops), lang),
    horizon: backtest.horizon,
    origins: number(os.length, lang),
    origin: chosen?.origin ?? '',
    target: chosen?.target ?? '',
    p5: number(target?.p5 ?? 0, lang),
    p95: number(target?.p95 ?? 0, lang),
    observed: number(chosen?.observed ?? 0, lang),
  };
  return (
    <figure className="backtest-figure">
      <div
        data-testid="backtest-chart"
        className="backtest-chart"
        role="img"
        aria-label={t('chart.title', { name })}
        aria-describedby={`${id}-desc`}
      >
        <ResponsiveContainer width="100%" height={420}>
          <ComposedChart
            data={data}
            margin={{ top: 10, right: 30, bottom: 30, left: 30 }}
            accessibilityLayer={false}
          >
            <CartesianGrid stroke="#ddd" />
            <XAxis
              dataKey="x"
              type="number"
              domain={[first, last]}
              ticks={ticks}
              tickFormatter={(x: number) => toMonth(x)}
              label={{ value: t('chart.axisMonth'), position: 'insideBottom', offset: -20 }}
            />
            <YAxis
              domain={['auto', 'auto']}
              width={80}
              tickFormatter={(v: number) => number(v, lang)}
              label={{ value: t('chart.axisPeople'), angle: -90, position: 'insideLeft', offset: -15 }}
            />
            <Area
              dataKey="band"
              stroke="none"
              fill={COLOUR.band}
              fillOpacity={0.4}
              isAnimationActive={false}
              activeDot={false}
            />
            {os.map((o, k) => (
              <Line
                key={o.origin}
                dataKey={`f${k}`}
                stroke={COLOUR.forecast}
                strokeWidth={1}
                dot={false}
                activeDot={false}
                isAnimationActive={false}
              />
            ))}
            <Line
              dataKey="observed"
              stroke={COLOUR.observed}
              strokeWidth={2.5}
              dot={false}
              activeDot={false}
              connectNulls
              isAnimationActive={false}
            />
            <Line
              dataKey="sel"
              stroke={COLOUR.selected}
              strokeWidth={2.5}
              strokeDasharray="7 3"
              dot={false}
              activeDot={false}
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <figcaption>
        <ul className="backtest-legend">
          {(['observed', 'forecasts', 'selected', 'band'] as const).map((k) => (
            <li key={k}>
              <span className={`swatch swatch-${k}`} aria-hidden="true" /> {t(`chart.legend.${k}`)}
            </li>
          ))}
        </ul>
        <p className="muted" id={`${id}-desc`}>
          {t('chart.desc', describe)}
        </p>
      </figcaption>
    </figure>
  );
}
