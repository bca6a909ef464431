import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading, ProblemView, useGet } from '../../components/status';
import { formatTime } from '../../format';
import { href } from '../../router';
import { useSession } from '../../session';
import type { PageProps } from '..';
import { ChargeForm } from './ChargeForm';
import { ChargePage } from './ChargePage';
import { LIST_STATUSES, type ListStatus, mayWrite, noticeLate, offenceName, personName } from './discipline';
import '../visits/visits.css';
import { useCatalogue } from './useCatalogue';
import './discipline.css';

/**
 * `#/discipline`: a governor's work list, the facility's charges awaiting notice or hearing with the
 * notice's deadline, and laying a charge; `#/discipline/{chargeId}`: one charge, its notice, hearing,
 * sanctions and appeal, with the form its stage asks for.
 */
export function Discipline({ route }: PageProps) {
  const id = route[1];
  return id ? <ChargePage chargeId={id} /> : <WorkList />;
}

function WorkList() {
  const { t, i18n } = useTranslation('discipline');
  const { facility, me } = useSession();
  const code = facility?.code ?? '';
  const tz = facility?.timezone ?? 'UTC';
  const lang = i18n.language;
  const [status, setStatus] = useState<ListStatus>('pending');
  const { data, error, loading, reload } = useGet(
    '/facilities/{code}/disciplinary-charges',
    code ? { params: { path: { code }, query: { status } } } : null,
    false,
  );
  const catalogue = useCatalogue(code);
  const now = Date.now();
  return (
    <section className="discipline">
      <h1>{t('title', { facility: facility?.name ?? code })}</h1>
      <p className="muted">{t('intro', { tz })}</p>
      <label className="inline">
        {t('list.status')}{' '}
        <select
          value={status}
          onChange={(e) => setStatus(e.target.value as ListStatus)}
          data-testid="charges-status"
        >
          {LIST_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`list.statuses.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <ProblemView error={error} />
      {!data ? (
        error ? null : (
          <Loading />
        )
      ) : data.charges.length ? (
        <table data-testid="charges" aria-busy={loading || undefined}>
          <caption>{t('list.caption', { count: data.charges.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('list.person')}</th>
              <th scope="col">{t('list.offence')}</th>
              <th scope="col">{t('list.incident')}</th>
              <th scope="col">{t('list.chargedAt')}</th>
              <th scope="col">{t('list.statusCol')}</th>
              <th scope="col">{t('list.noticeDue')}</th>
            </tr>
          </thead>
          <tbody>
            {data.charges.map((c) => {
              const late = noticeLate(c, now);
              const name = offenceName(catalogue.data, c.offence.code, lang);
              return (
                <tr key={c.chargeId} data-charge={c.chargeId} data-testid="charge-row">
                  <th scope="row">
                    <a href={href('people', c.personId)}>{personName(c.person)}</a>
                  </th>
                  <td>
                    <a href={href('discipline', c.chargeId)}>
                      {c.offence.code}
                      {name ? ` — ${name}` : ''}
                    </a>{' '}
                    ({t(`severity.${c.offence.severity}`, { defaultValue: c.offence.severity })})
                    <br />
                    <span className="muted">{c.offence.description}</span>
                  </td>
                  <td>{c.incidentReference}</td>
                  <td>{formatTime(c.chargedAt, tz, lang)}</td>
                  <td data-testid="charge-status">{t(`status.${c.status}`, { defaultValue: c.status })}</td>
                  <td data-testid="charge-due" className={late ? 'late' : undefined}>
                    {c.status === 'awaiting-notice' ? formatTime(c.noticeDue, tz, lang) : '—'}
                    {late ? ` — ${t('list.late')}` : ''}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <p role="status" data-testid="charges-none">
          {t('list.none')}
        </p>
      )}
      {mayWrite(me.roles, 'charge') ? (
        <div className="daily-grid">
          <ChargeForm facility={code} tz={tz} catalogue={catalogue.data} onCharged={reload} />
        </div>
      ) : (
        <p className="muted">{t('readOnly')}</p>
      )}
    </section>
  );
}
