import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post, type Schema } from '../../api';
import { Loading, ProblemView, useGet } from '../../components/status';
import { formatDate } from '../../format';
import { href } from '../../router';
import { useSession } from '../../session';
import { addDays, dateIn } from '../../zoned';
import type { PageProps } from '..';
import { Booking } from './Booking';
import { Sessions } from './Sessions';
import { Visitors } from './Visitors';
import {
  type DayVisit,
  type DayVisits,
  fullName,
  mayWrite,
  OUTCOMES,
  type Outcome,
  outcomeBody,
  timeRange,
} from './visits';
import { useSend } from './WriteForm';
import './visits.css';

/**
 * `#/visits`: the facility's visits of a day (with their outcomes to record), booking a visit,
 * the visit sessions, and the visitor registry.
 */
export function Visits(_props: PageProps) {
  const { t, i18n } = useTranslation('visits');
  const { facility, me } = useSession();
  const writer = mayWrite(me.roles, 'visits');
  const code = facility?.code ?? '';
  const tz = facility?.timezone ?? 'UTC';
  const lang = i18n.language;
  const [input, setInput] = useState(() => dateIn(Date.now(), tz));
  const [date, setDate] = useState(input);
  const { data, error, loading, reload } = useGet(
    '/facilities/{code}/visits',
    code ? { params: { path: { code }, query: { date } } } : null,
    false,
  );
  const [sessionsTick, setSessionsTick] = useState(0);
  const [person, setPerson] = useState<Schema<'PersonFound'> | null>(null);
  const [visitorsTick, setVisitorsTick] = useState(0);

  const show = (e: FormEvent) => {
    e.preventDefault();
    setDate(input);
  };
  const go = (days: number) => {
    const d = addDays(date, days) ?? date;
    setInput(d);
    setDate(d);
  };
  const booked = (day: string) => {
    setInput(day);
    if (day === date) reload();
    else setDate(day);
    setSessionsTick((n) => n + 1);
  };

  return (
    <section className="visits">
      <h1>{t('title', { facility: facility?.name ?? code })}</h1>
      <p className="muted">{t('intro', { tz })}</p>
      <form className="row" onSubmit={show} noValidate>
        <label>
          {t('day.date')}
          <input
            type="date"
            value={input}
            onChange={(e) => setInput(e.target.value)}
            data-testid="visits-date"
          />
        </label>
        <button type="submit">{t('day.show')}</button>
        <button type="button" className="secondary" onClick={() => go(-1)}>
          {t('day.previous')}
        </button>
        <button type="button" className="secondary" onClick={() => go(1)}>
          {t('day.next')}
        </button>
      </form>
      <ProblemView error={error} />
      {!data ? (
        error ? null : (
          <Loading />
        )
      ) : (
        <DayTable data={data} tz={tz} lang={lang} loading={loading} onChanged={reload} writer={writer} />
      )}
      {writer ? (
        <div className="daily-grid">
          <Booking
            facility={code}
            tz={tz}
            person={person}
            setPerson={setPerson}
            onBooked={booked}
            tick={visitorsTick}
          />
          <Visitors person={person} onEnrolled={() => setVisitorsTick((n) => n + 1)} />
        </div>
      ) : (
        <p className="muted">{t('readOnly')}</p>
      )}
      <Sessions facility={code} tz={tz} date={date} tick={sessionsTick} />
    </section>
  );
}

function DayTable({
  data,
  tz,
  lang,
  loading,
  onChanged,
  writer,
}: {
  data: DayVisits;
  tz: string;
  lang: string;
  loading: boolean;
  onChanged(): void;
  /** may record outcomes */
  writer: boolean;
}) {
  const { t } = useTranslation('visits');
  if (!data.visits.length)
    return (
      <p role="status" data-testid="visits-none">
        {t('day.none', { date: formatDate(data.date, lang) })}
      </p>
    );
  return (
    <table data-testid="visits-day" aria-busy={loading || undefined}>
      <caption>{t('day.caption', { count: data.visits.length, date: formatDate(data.date, lang) })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('day.time')}</th>
          <th scope="col">{t('day.person')}</th>
          <th scope="col">{t('day.cell')}</th>
          <th scope="col">{t('day.kind')}</th>
          <th scope="col">{t('day.visitors')}</th>
          <th scope="col">{t('day.status')}</th>
          <th scope="col">{t('day.outcome')}</th>
        </tr>
      </thead>
      <tbody>
        {data.visits.map((v) => (
          <VisitRow key={v.visitId} v={v} tz={tz} lang={lang} onChanged={onChanged} writer={writer} />
        ))}
      </tbody>
    </table>
  );
}

/** A visit of the day; while booked, its outcome to record (a reason for a refusal or cancellation). */
function VisitRow({
  v,
  tz,
  lang,
  onChanged,
  writer,
}: {
  v: DayVisit;
  tz: string;
  lang: string;
  onChanged(): void;
  writer: boolean;
}) {
  const { t } = useTranslation('visits');
  const [reason, setReason] = useState('');
  const send = useSend();
  const name = fullName(v);
  const record = (outcome: Outcome) =>
    void send.run(async () => {
      await post('/visits/{visitId}/outcome', {
        params: { path: { visitId: v.visitId } },
        body: outcomeBody(outcome, reason),
      });
      return null;
    }, onChanged);
  return (
    <tr data-visit={v.visitId} data-testid="visit-row">
      <td>{timeRange(v.startsAt, v.endsAt, tz, lang)}</td>
      <th scope="row">
        <a href={href('people', v.personId)}>{name}</a>
      </th>
      <td>{v.cell ?? '—'}</td>
      <td>{t(`kind.${v.kind}`, { defaultValue: v.kind })}</td>
      <td>
        {v.visitors.length
          ? v.visitors
              .map((x) => (x.relationship ? `${fullName(x)} (${x.relationship})` : fullName(x)))
              .join('; ')
          : '—'}
      </td>
      <td data-testid="visit-status">
        {t(`status.${v.status}`, { defaultValue: v.status })}
        {v.reason ? ` — ${v.reason}` : ''}
      </td>
      <td>
        {v.status === 'booked' && writer ? (
          <fieldset className="outcome" aria-label={t('outcome.legend', { name })}>
            <input
              type="text"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              aria-label={t('outcome.reasonFor', { name })}
              placeholder={t('outcome.reason')}
            />
            {OUTCOMES.map((o) => (
              <button
                key={o}
                type="button"
                className={o === 'held' ? undefined : 'secondary'}
                disabled={send.busy}
                onClick={() => record(o)}
              >
                {t(`outcome.${o}`)}
              </button>
            ))}
            <ProblemView
              error={send.error}
              field={(s) =>
                s === 'reason' ? t('outcome.reason') : s === 'outcome' ? t('day.outcome') : null
              }
            />
          </fieldset>
        ) : (
          '—'
        )}
      </td>
    </tr>
  );
}
