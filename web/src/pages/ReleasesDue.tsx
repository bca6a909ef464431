import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading, ProblemView, useGet } from '../components/status';
import { formatDate, number } from '../format';
import { href } from '../router';
import { useSession } from '../session';
import { addDays, dateIn } from '../zoned';
import type { PageProps } from '.';
import './ReleasesDue.css';

/** Today and a week on, in the facility's calendar. */
const week = (tz: string) => {
  const from = dateIn(Date.now(), tz);
  return { from, to: addDays(from, 7) ?? from };
};

/**
 * `#/releases`: who of the facility completes their sentence between two dates (today and the next
 * 7 days unless chosen), earliest first, each linked to their record.
 */
export function ReleasesDue(_props: PageProps) {
  const { t, i18n } = useTranslation('sentences');
  const { facility } = useSession();
  const code = facility?.code ?? '';
  const tz = facility?.timezone ?? 'UTC';
  const lang = i18n.language;
  const [input, setInput] = useState(() => week(tz));
  const [asked, setAsked] = useState(input);
  // a date left blank: the server's default (today, or a week after the start)
  const query = { from: asked.from || undefined, to: asked.to || undefined };
  // a read the access log records (every person listed): not repeated for a language switch
  const {
    data: answer,
    error,
    loading,
  } = useGet('/facilities/{code}/releases-due', code ? { params: { path: { code }, query } } : null, false);
  const data = answer?.facility === code ? answer : undefined;
  const date = (d: string | null) => formatDate(d, lang);

  const show = (e: FormEvent) => {
    e.preventDefault();
    setAsked({ ...input });
  };
  const nextWeek = () => {
    const w = week(tz);
    setInput(w);
    setAsked(w);
  };
  const field = (subject: string | undefined) =>
    subject === 'from' || subject === 'to' ? t(`releases.${subject}`) : null;

  return (
    <section className="releases">
      <h1>{t('releases.title', { facility: facility?.name ?? code })}</h1>
      <p className="muted">{t('releases.intro')}</p>
      <form className="row" onSubmit={show} noValidate data-testid="releases-form">
        <label>
          {t('releases.from')}
          <input
            type="date"
            name="from"
            value={input.from}
            onChange={(e) => setInput((x) => ({ ...x, from: e.target.value }))}
            data-testid="releases-from"
          />
        </label>
        <label>
          {t('releases.to')}
          <input
            type="date"
            name="to"
            value={input.to}
            onChange={(e) => setInput((x) => ({ ...x, to: e.target.value }))}
            data-testid="releases-to"
          />
        </label>
        <button type="submit">{t('releases.show')}</button>
        <button type="button" className="secondary" onClick={nextWeek}>
          {t('releases.nextWeek')}
        </button>
      </form>
      <ProblemView error={error} field={field} />
      {!data ? (
        error ? null : (
          <Loading />
        )
      ) : data.releases.length ? (
        <table data-testid="releases-due" aria-busy={loading || undefined}>
          <caption className="releases-caption">
            {t('releases.caption', {
              count: data.releases.length,
              n: number(data.releases.length, lang),
              from: date(data.from),
              to: date(data.to),
            })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('releases.date')}</th>
              <th scope="col">{t('releases.name')}</th>
              <th scope="col">{t('releases.cell')}</th>
              <th scope="col">{t('releases.cases')}</th>
              <th scope="col">{t('releases.parole')}</th>
            </tr>
          </thead>
          <tbody>
            {data.releases.map((r) => (
              <tr key={r.personId} data-person={r.personId}>
                <td>
                  <time dateTime={r.releaseDate}>{date(r.releaseDate)}</time>
                </td>
                <th scope="row">
                  <a href={href('people', r.personId)} data-testid="release-person">
                    {r.familyNames}, {r.givenNames}
                  </a>
                </th>
                <td>{r.cell ? <a href={href('cell', r.cell)}>{r.cell}</a> : '—'}</td>
                <td>{r.caseReferences.length ? r.caseReferences.join(', ') : '—'}</td>
                <td>{date(r.paroleEligibilityDate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p role="status" data-testid="releases-none">
          {t('releases.none', { from: date(data.from), to: date(data.to) })}
        </p>
      )}
    </section>
  );
}
