import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schema } from '../api';
import { Loading, ProblemView, useGet } from '../components/status';
import { formatTime, number, occupancyColour, percent } from '../format';
import { href } from '../router';
import { useSession } from '../session';
import type { PageProps } from '.';
import './Dashboard.css';

/** Alerts listed on the dashboard (the oldest first); the count covers all of them. */
const SHOWN_ALERTS = 10;

const LEGEND = [0, 0.5, 1, 1.5, 2] as const;

type RollUnit = Schema<'Roll'>['units'][number];

interface Group {
  unit: RollUnit;
  cells: RollUnit[];
}
interface Block {
  unit: RollUnit;
  /** the block's own cells, then each landing's */
  groups: Group[];
}

/** Cells grouped by their block (and landing), in the roll's order. */
function blocksOf(units: RollUnit[]): Block[] {
  const byCode = new Map(units.map((u) => [u.code, u]));
  const blocks = new Map<string, Block>();
  const topOf = (u: RollUnit): RollUnit => {
    let top = u;
    for (let p = top.parent; p; p = byCode.get(p)?.parent ?? null) top = byCode.get(p) ?? top;
    return top;
  };
  for (const u of units) {
    if (u.kind !== 'cell') continue;
    const parent = u.parent ? byCode.get(u.parent) : undefined;
    const top = topOf(u);
    const block = blocks.get(top.code) ?? { unit: top, groups: [] };
    blocks.set(top.code, block);
    const holder = parent ?? top;
    let group = block.groups.find((g) => g.unit.code === holder.code);
    if (!group) {
      group = { unit: holder, cells: [] };
      block.groups.push(group);
    }
    group.cells.push(u);
  }
  return [...blocks.values()];
}

/** The selected facility at a glance: totals, every cell's occupancy, and the open alerts. */
export function Dashboard(_props: PageProps) {
  const { t, i18n } = useTranslation('dashboard');
  const { facility } = useSession();
  const code = facility?.code ?? '';
  const tz = facility?.timezone ?? 'UTC';
  const lang = i18n.language;
  const roll = useGet('/facilities/{code}/roll', code ? { params: { path: { code } } } : null);
  // the alerts can be many: asked for once the roll is there, so the heatmap is not held up
  const alerts = useGet(
    '/alerts',
    code && roll.data ? { params: { query: { facility: code, limit: String(SHOWN_ALERTS) } } } : null,
  );
  const data = roll.data?.facility === code ? roll.data : undefined;
  const blocks = useMemo(() => (data ? blocksOf(data.units) : []), [data]);
  const cellCount = useMemo(() => data?.units.filter((u) => u.kind === 'cell').length ?? 0, [data]);

  if (!data) {
    return (
      <section className="dashboard">
        <h1>{t('title', { facility: facility?.name ?? code })}</h1>
        {roll.error ? <ProblemView error={roll.error} /> : <Loading />}
      </section>
    );
  }
  const { total, today } = data;
  const n = (x: number) => number(x, lang);
  const cards: [string, string, string?][] = [
    ['inCustody', n(total.inCustody)],
    ['design', n(total.design)],
    ['operational', n(total.operational)],
    ['occupancyRate', percent(total.occupancyRate, lang), t('ofDesign')],
    ['overcrowdedCells', n(total.overcrowdedCells), t('ofCells', { cells: n(cellCount) })],
    ['admittedToday', n(today.admitted)],
    ['releasedToday', n(today.released)],
  ];
  const alertList = alerts.data?.alerts;

  return (
    <section className="dashboard">
      <h1>{t('title', { facility: facility?.name ?? code })}</h1>
      <p className="muted">{t('asOf', { time: formatTime(data.at, tz, lang), tz })}</p>
      {roll.error ? <ProblemView error={roll.error} /> : null}

      <ul className="cards" aria-label={t('totals')}>
        {cards.map(([key, value, hint]) => (
          <li className="card" key={key} data-testid={`total-${key}`}>
            {t(key)}
            <b>{value}</b>
            {hint ? <span className="muted">{hint}</span> : null}
          </li>
        ))}
      </ul>

      <h2 id="heatmap-title">{t('heatmap')}</h2>
      <p className="legend">{t('heatmapHelp')}</p>
      <ul className="legend heat-legend" aria-label={t('legend')}>
        {LEGEND.map((r) => (
          <li key={r}>
            <span className="swatch" style={{ background: occupancyColour(r) }}>
              {r === 2 ? `≥ ${percent(r, lang)}` : percent(r, lang)}
            </span>{' '}
            {t(`legendRatio.${r * 100}`)}
          </li>
        ))}
        <li>
          <span className="swatch over" style={{ background: occupancyColour(1.25) }}>
            {percent(1.25, lang)}
          </span>{' '}
          {t('legendOver')}
        </li>
      </ul>
      <div className="heatmap" data-testid="heatmap">
        {blocks.map((b) => (
          <section className="block" key={b.unit.code} aria-labelledby={`block-${b.unit.code}`}>
            <h3 id={`block-${b.unit.code}`}>
              <a href={href('cell', b.unit.code)}>{b.unit.code}</a>{' '}
              <span className="block-count">
                {t('blockCount', {
                  n: n(b.unit.inCustody),
                  design: n(b.unit.design),
                  rate: percent(b.unit.occupancyRate, lang),
                })}
              </span>
            </h3>
            {b.groups.map((g) => (
              <div key={g.unit.code}>
                {g.unit.code !== b.unit.code ? <h4>{g.unit.code}</h4> : null}
                <div className="cells">
                  {g.cells.map((c) => {
                    const over = c.overcrowded === true;
                    const label = t(over ? 'cellLabelOver' : 'cellLabel', {
                      code: c.code,
                      n: n(c.inCustody),
                      design: n(c.design),
                      rate: percent(c.occupancyRate, lang),
                    });
                    return (
                      <a
                        key={c.code}
                        href={href('cell', c.code)}
                        data-testid="cell"
                        data-code={c.code}
                        className={over ? 'over' : undefined}
                        style={{ background: occupancyColour(c.occupancyRate) }}
                        aria-label={label}
                        title={label}
                      >
                        {n(c.inCustody)}
                      </a>
                    );
                  })}
                </div>
              </div>
            ))}
          </section>
        ))}
      </div>

      <h2 id="alerts-title">{t('alerts')}</h2>
      {alerts.error ? <ProblemView error={alerts.error} /> : null}
      {!alertList || alerts.loading ? (
        alerts.error ? null : (
          <Loading />
        )
      ) : (
        <>
          <p data-testid="alert-count">
            {alerts.data?.total ? t('alertCount', { n: n(alerts.data.total) }) : t('noAlerts')}
          </p>
          {alertList.length ? (
            <table aria-labelledby="alerts-title" data-testid="alerts">
              <thead>
                <tr>
                  <th scope="col">{t('col.due')}</th>
                  <th scope="col">{t('col.severity')}</th>
                  <th scope="col">{t('col.message')}</th>
                  <th scope="col">{t('col.person')}</th>
                </tr>
              </thead>
              <tbody>
                {alertList.slice(0, SHOWN_ALERTS).map((a) => (
                  <tr
                    key={`${a.rule}:${a.dutyId ?? a.segregationId ?? a.personId}`}
                    className={`sev-${a.severity}`}
                  >
                    <td>{formatTime(a.dueAt, tz, lang)}</td>
                    <td>{t(`severities.${a.severity}`, { defaultValue: a.severity })}</td>
                    <td>
                      {a.message} <span className="muted">({a.rule})</span>
                    </td>
                    <td>
                      <a href={href('people', a.personId)} aria-label={t('personLink', { id: a.personId })}>
                        {a.personId.slice(0, 8)}…
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {(alerts.data?.total ?? 0) > alertList.length ? (
            <p>
              {t('moreAlerts', { n: n((alerts.data?.total ?? 0) - alertList.length) })}{' '}
              <a href={href('compliance')}>{t('toCompliance')}</a>
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
