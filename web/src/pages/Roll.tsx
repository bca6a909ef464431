import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schema } from '../api';
import { Loading, ProblemView, useGet } from '../components/status';
import { formatDate, formatTime, number, occupancyColour, percent } from '../format';
import { href } from '../router';
import { useSession } from '../session';
import { localValue, zonedToRfc3339 } from '../zoned';
import type { PageProps } from '.';
import './Roll.css';

type RollUnit = Schema<'Roll'>['units'][number];

/** How deep each unit sits in the tree (a block 0). */
function depths(units: RollUnit[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const u of units) out.set(u.code, u.parent ? (out.get(u.parent) ?? 0) + 1 : 0);
  return out;
}

/** The roll per block, landing and cell, live or as it stood at a chosen moment. */
export function Roll(_props: PageProps) {
  const { t, i18n } = useTranslation('roll');
  const { facility } = useSession();
  const code = facility?.code ?? '';
  const tz = facility?.timezone ?? 'UTC';
  const lang = i18n.language;
  const [input, setInput] = useState(() => localValue(Date.now(), tz));
  /** the wall-clock time asked for, in the facility's zone; null: the live roll */
  const [asked, setAsked] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [onlyOver, setOnlyOver] = useState(false);
  const at = asked ? zonedToRfc3339(asked, tz) : null;
  const {
    data: answer,
    error,
    loading,
    reload,
  } = useGet(
    '/facilities/{code}/roll',
    code ? { params: { path: { code }, query: at ? { at } : {} } } : null,
  );
  const data = answer?.facility === code ? answer : undefined;
  const depth = useMemo(() => depths(data?.units ?? []), [data]);
  const rows = useMemo(
    () => (data?.units ?? []).filter((u) => !onlyOver || (u.kind === 'cell' && u.overcrowded === true)),
    [data, onlyOver],
  );
  const n = (x: number) => number(x, lang);

  const show = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const at = zonedToRfc3339(input, tz);
    if (!at) {
      setFormError(t('needTime'));
      return;
    }
    // the roll of a moment still to come is not known
    if (Date.parse(at) > Date.now()) {
      setFormError(t('futureTime'));
      return;
    }
    setFormError(null);
    setAsked(input);
  };
  const now = () => {
    setFormError(null);
    setInput(localValue(Date.now(), tz));
    if (asked === null) reload();
    else setAsked(null);
  };

  const overText = (u: RollUnit) =>
    typeof u.overcrowded === 'number'
      ? t('overCells', { count: u.overcrowded, n: n(u.overcrowded) })
      : u.overcrowded
        ? t('yes')
        : t('no');

  return (
    <section className="roll">
      <h1>{t('title', { facility: facility?.name ?? code })}</h1>
      <form className="row roll-controls" onSubmit={show} noValidate>
        <label>
          {t('atLabel', { tz })}
          <input
            type="datetime-local"
            name="at"
            step={60}
            value={input}
            max={localValue(Date.now(), tz)}
            onChange={(e) => setInput(e.target.value)}
            aria-invalid={formError ? true : undefined}
            aria-describedby={formError ? 'roll-at-error' : undefined}
            data-testid="roll-at-input"
          />
        </label>
        <button type="submit">{t('show')}</button>
        <button type="button" className="secondary" onClick={now}>
          {t('now')}
        </button>
        <label className="inline">
          <input
            type="checkbox"
            checked={onlyOver}
            onChange={(e) => setOnlyOver(e.target.checked)}
            data-testid="only-overcrowded"
          />
          {t('onlyOvercrowded')}
        </label>
      </form>
      {formError ? (
        <p className="problem" id="roll-at-error" role="alert">
          {formError}
        </p>
      ) : null}
      {error ? <ProblemView error={error} /> : null}
      {!data ? (
        error ? null : (
          <Loading />
        )
      ) : (
        <>
          <p className="roll-moment" data-testid="roll-at" aria-live="polite">
            <strong>{t(asked ? 'asAt' : 'live', { time: formatTime(data.at, tz, lang), tz })}</strong>
            {loading ? <span className="muted"> {t('updating')}</span> : null}
          </p>
          <p className="muted">
            {t('todayLine', {
              date: formatDate(data.today.date, lang),
              admitted: n(data.today.admitted),
              released: n(data.today.released),
              moved: n(data.today.moved),
              transferredIn: n(data.today.transferredIn),
              transferredOut: n(data.today.transferredOut),
            })}
          </p>
          <table className="roll-table" data-testid="roll-table">
            <caption>
              {onlyOver
                ? t('captionOver', { n: n(rows.length) })
                : t('caption', {
                    n: n(rows.length),
                    cells: n(data.units.filter((u) => u.kind === 'cell').length),
                  })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('col.code')}</th>
                <th scope="col">{t('col.kind')}</th>
                <th scope="col" className="num">
                  {t('col.inCustody')}
                </th>
                <th scope="col" className="num">
                  {t('col.design')}
                </th>
                <th scope="col" className="num">
                  {t('col.operational')}
                </th>
                <th scope="col" className="num">
                  {t('col.vacancies')}
                </th>
                <th scope="col" className="num">
                  {t('col.occupancy')}
                </th>
                <th scope="col">{t('col.overcrowded')}</th>
              </tr>
            </thead>
            <tbody>
              <tr className="total" data-testid="roll-total">
                <th scope="row">{t('total')}</th>
                <td>{t('kinds.facility')}</td>
                <td className="num">{n(data.total.inCustody)}</td>
                <td className="num">{n(data.total.design)}</td>
                <td className="num">{n(data.total.operational)}</td>
                <td className="num">{n(data.total.vacancies)}</td>
                <td className="num">
                  <Rate ratio={data.total.occupancyRate} lang={lang} />
                </td>
                <td>
                  {t('overCells', { count: data.total.overcrowdedCells, n: n(data.total.overcrowdedCells) })}
                </td>
              </tr>
              {rows.map((u) => (
                <tr
                  key={u.code}
                  className={`kind-${u.kind}${u.overcrowded === true ? ' over' : ''}`}
                  data-testid="roll-row"
                  data-code={u.code}
                >
                  <th
                    scope="row"
                    style={onlyOver ? undefined : { paddingLeft: 8 + 18 * (depth.get(u.code) ?? 0) }}
                  >
                    <a href={href('cell', u.code)}>{u.code}</a>
                    {onlyOver && u.parent ? <span className="muted"> ({u.parent})</span> : null}
                  </th>
                  <td>{t(`kinds.${u.kind}`)}</td>
                  <td className="num">{n(u.inCustody)}</td>
                  <td className="num">{n(u.design)}</td>
                  <td className="num">{n(u.operational)}</td>
                  <td className="num">{n(u.vacancies)}</td>
                  <td className="num">
                    <Rate ratio={u.occupancyRate} lang={lang} />
                  </td>
                  <td>{overText(u)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {onlyOver && rows.length === 0 ? <p className="ok">{t('noneOver')}</p> : null}
        </>
      )}
    </section>
  );
}

/** An occupancy rate as a number on its colour. */
function Rate({ ratio, lang }: { ratio: number | null; lang: string }) {
  if (ratio === null) return <>—</>;
  return (
    <span className="rate" style={{ background: occupancyColour(ratio) }}>
      {percent(ratio, lang)}
    </span>
  );
}
