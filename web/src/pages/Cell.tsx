import { useTranslation } from 'react-i18next';
import { Loading, ProblemView, useGet } from '../components/status';
import { formatTime, number, occupancyColour, percent } from '../format';
import { href } from '../router';
import { useSession } from '../session';
import type { PageProps } from '.';
import './Cell.css';

/** The server lists at most this many stays, the newest first. */
const HISTORY_SHOWN = 500;

const fullName = (p: { givenNames: string; familyNames: string }) =>
  `${p.givenNames} ${p.familyNames}`.trim();

/** A cell (or block, or landing): its capacity, who is in it, and who was. */
export function Cell({ route }: PageProps) {
  const { t, i18n } = useTranslation('cell');
  const { facility } = useSession();
  const code = facility?.code ?? '';
  const unitCode = route[1] ?? '';
  const lang = i18n.language;
  const { data: answer, error } = useGet(
    '/facilities/{code}/units/{unit}',
    code && unitCode ? { params: { path: { code, unit: unitCode } } } : null,
    false,
  );
  const data = answer?.facility === code && answer.unit.code === unitCode ? answer : undefined;

  if (!unitCode) {
    return (
      <section className="cell-page">
        <h1>{t('noUnitTitle')}</h1>
        <p>
          {t('noUnit')} <a href={href('roll')}>{t('toRoll')}</a>
        </p>
      </section>
    );
  }
  if (!data) {
    return (
      <section className="cell-page">
        <h1>{t('title', { kind: t('kinds.unit'), code: unitCode })}</h1>
        {error ? <ProblemView error={error} /> : <Loading />}
        <p>
          <a href={href('dashboard')}>{t('toDashboard')}</a> · <a href={href('roll')}>{t('toRoll')}</a>
        </p>
      </section>
    );
  }

  const { unit, occupants, history } = data;
  const tz = data.timezone || facility?.timezone || 'UTC';
  const n = (x: number) => number(x, lang);
  const rate = unit.design > 0 ? unit.inCustody / unit.design : null;
  const over = unit.kind === 'cell' && unit.inCustody > unit.design;
  const showCell = unit.kind !== 'cell';
  // the ICRC's floor space per person: 5.4 m² in a single cell, 3.4 m² in a shared one
  const minimum = unit.kind === 'cell' && unit.design === 1 ? 5.4 : 3.4;
  const cards: [string, string, string?][] = [
    ['inCustody', n(unit.inCustody)],
    ['design', n(unit.design)],
    ['operational', n(unit.operational)],
    ['vacancies', n(Math.max(0, unit.operational - unit.inCustody))],
    ['area', unit.areaM2 === null ? '—' : t('m2', { n: n(unit.areaM2) })],
    [
      'm2PerPerson',
      unit.m2PerPerson === null ? '—' : t('m2', { n: number(unit.m2PerPerson, lang) }),
      t(unit.m2PerPerson !== null && unit.m2PerPerson < minimum ? 'belowStandard' : 'standard', {
        n: number(minimum, lang),
      }),
    ],
  ];

  return (
    <section className="cell-page">
      <h1>{t('title', { kind: t(`kinds.${unit.kind}`), code: unit.code })}</h1>
      <p className="muted">
        {t('where', { facility: facility?.name ?? code })}
        {unit.parent ? (
          <>
            {' · '}
            {t('partOf')} <a href={href('cell', unit.parent)}>{unit.parent}</a>
          </>
        ) : null}
        {' · '}
        {t('timesIn', { tz })}
      </p>

      <ul className="cards" aria-label={t('capacity')}>
        <li className="card" data-testid="unit-occupancy">
          {t('cards.occupancy')}
          <b>
            <span className="rate" style={{ background: occupancyColour(rate) }}>
              {percent(rate, lang)}
            </span>
          </b>
          <span className="muted">
            {over ? t('overDesign') : t('ofDesign', { n: n(unit.inCustody), design: n(unit.design) })}
          </span>
        </li>
        {cards.map(([key, value, hint]) => (
          <li className="card" key={key} data-testid={`unit-${key}`}>
            {t(`cards.${key}`)}
            <b>{value}</b>
            {hint ? <span className="muted">{hint}</span> : null}
          </li>
        ))}
      </ul>
      {unit.attributes?.length ? (
        <p>
          {t('attributes')} {unit.attributes.map((a) => t(`attribute.${a}`, { defaultValue: a })).join(', ')}
        </p>
      ) : null}

      <h2 id="occupants-title">{t('occupants', { n: n(occupants.length) })}</h2>
      {occupants.length ? (
        <table aria-labelledby="occupants-title" data-testid="occupants">
          <thead>
            <tr>
              <th scope="col">{t('col.person')}</th>
              <th scope="col">{t('col.status')}</th>
              {showCell ? <th scope="col">{t('col.cell')}</th> : null}
              <th scope="col">{t('col.since')}</th>
            </tr>
          </thead>
          <tbody>
            {occupants.map((p) => (
              <tr key={p.personId}>
                <th scope="row">
                  <a href={href('people', p.personId)}>{fullName(p) || p.personId}</a>
                </th>
                <td>{t(`status.${p.status}`, { defaultValue: p.status })}</td>
                {showCell ? <td>{p.cell ? <a href={href('cell', p.cell)}>{p.cell}</a> : '—'}</td> : null}
                <td>{formatTime(p.since, tz, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t('empty')}</p>
      )}

      <h2 id="history-title">{t('history')}</h2>
      {history.length ? (
        <p className="muted">
          {history.length >= HISTORY_SHOWN ? t('historyLimited', { n: n(history.length) }) : t('newestFirst')}
        </p>
      ) : null}
      {history.length ? (
        <table aria-labelledby="history-title" data-testid="history">
          <thead>
            <tr>
              <th scope="col">{t('col.person')}</th>
              {showCell ? <th scope="col">{t('col.cell')}</th> : null}
              <th scope="col">{t('col.from')}</th>
              <th scope="col">{t('col.to')}</th>
            </tr>
          </thead>
          <tbody>
            {history.map((h) => (
              <tr key={`${h.personId}:${h.cell}:${h.from}`}>
                <th scope="row">
                  <a href={href('people', h.personId)}>{fullName(h) || h.personId}</a>
                </th>
                {showCell ? (
                  <td>
                    <a href={href('cell', h.cell)}>{h.cell}</a>
                  </td>
                ) : null}
                <td>{formatTime(h.from, tz, lang)}</td>
                <td>{h.to ? formatTime(h.to, tz, lang) : <em>{t('stillThere')}</em>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t('noHistory')}</p>
      )}
      <p>
        <a href={href('dashboard')}>{t('toDashboard')}</a> · <a href={href('roll')}>{t('toRoll')}</a>
      </p>
    </section>
  );
}
