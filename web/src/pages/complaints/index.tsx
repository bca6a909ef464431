import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading, ProblemView, useGet } from '../../components/status';
import { formatTime } from '../../format';
import { href } from '../../router';
import { useSession } from '../../session';
import type { PageProps } from '..';
import { ComplaintPage } from './ComplaintPage';
import {
  ADDRESSEES,
  type Addressee,
  inboxQuery,
  LIST_STATUSES,
  type ListStatus,
  mayLodge,
  personName,
  responseLate,
} from './complaints';
import { LodgeForm } from './LodgeForm';
import '../visits/visits.css';
import '../discipline/discipline.css';

/**
 * `#/complaints`: the requests and complaints of the facility the reader may see (an inspector's
 * inbox: those to the inspector first, the confidential ones marked — nobody else ever sees them),
 * with their response deadline, and lodging one; `#/complaints/{id}`: one, and its answer.
 */
export function Complaints({ route }: PageProps) {
  const id = route[1];
  return id ? <ComplaintPage complaintId={id} /> : <Inbox />;
}

function Inbox() {
  const { t, i18n } = useTranslation('complaints');
  const { facility, me } = useSession();
  const code = facility?.code ?? '';
  const tz = facility?.timezone ?? 'UTC';
  const lang = i18n.language;
  const [status, setStatus] = useState<ListStatus>('open');
  // an inspector's inbox opens on what is addressed to the inspector (an inspector who is also a
  // facility's staff is that facility's staff: docs/complaints.md)
  const [addressee, setAddressee] = useState<Addressee | ''>(
    me.roles.includes('inspector') &&
      !['records', 'officer', 'governor', 'medical'].some((r) => me.roles.includes(r))
      ? 'inspector'
      : '',
  );
  const { data, error, loading, reload } = useGet(
    '/complaints',
    code ? { params: { query: inboxQuery(code, status, addressee) } } : null,
    false,
  );
  const shown = data?.complaints ?? [];
  const now = Date.now();
  return (
    <section className="complaints">
      <h1>{t('title', { facility: facility?.name ?? code })}</h1>
      <p className="muted">{t('intro')}</p>
      <div className="row">
        <label className="inline">
          {t('list.status')}{' '}
          <select
            value={status}
            onChange={(e) => setStatus(e.target.value as ListStatus)}
            data-testid="complaints-status"
          >
            {LIST_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`list.statuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          {t('list.addressee')}{' '}
          <select
            value={addressee}
            onChange={(e) => setAddressee(e.target.value as Addressee | '')}
            data-testid="complaints-addressee"
          >
            <option value="">{t('list.everyone')}</option>
            {ADDRESSEES.map((a) => (
              <option key={a} value={a}>
                {t(`addressee.${a}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ProblemView error={error} />
      {!data ? (
        error ? null : (
          <Loading />
        )
      ) : shown.length ? (
        <table data-testid="complaints" aria-busy={loading || undefined}>
          <caption>{t('list.caption', { count: shown.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('list.receivedAt')}</th>
              <th scope="col">{t('list.person')}</th>
              <th scope="col">{t('list.addressee')}</th>
              <th scope="col">{t('list.subject')}</th>
              <th scope="col">{t('list.responseDue')}</th>
              <th scope="col">{t('list.state')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((c) => {
              const late = responseLate(c, now);
              return (
                <tr
                  key={c.complaintId}
                  data-complaint={c.complaintId}
                  data-confidential={c.confidential || undefined}
                  data-testid="complaint-row"
                >
                  <td>{formatTime(c.receivedAt, tz, lang)}</td>
                  <th scope="row">
                    <a href={href('people', c.personId)}>{personName(c.person)}</a>
                  </th>
                  <td>{t(`addressee.${c.addressee}`, { defaultValue: c.addressee })}</td>
                  <td>
                    {c.confidential ? (
                      <>
                        <span className="badge confidential" data-testid="confidential">
                          {t('confidential')}
                        </span>{' '}
                      </>
                    ) : null}
                    <a href={href('complaints', c.complaintId)}>{c.subject}</a>
                  </td>
                  <td className={late ? 'late' : undefined}>
                    {c.response ? '—' : formatTime(c.responseDue, tz, lang)}
                    {late ? ` — ${t('list.late')}` : ''}
                  </td>
                  <td data-testid="complaint-state">
                    {c.response
                      ? t('list.answered', { at: formatTime(c.response.respondedAt, tz, lang) })
                      : t('list.open')}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <p role="status" data-testid="complaints-none">
          {t('list.none')}
        </p>
      )}
      {mayLodge(me.roles) ? (
        <div className="daily-grid">
          <LodgeForm facility={code} tz={tz} onLodged={reload} />
        </div>
      ) : (
        <p className="muted">{t('readOnly')}</p>
      )}
    </section>
  );
}
