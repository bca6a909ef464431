import { useTranslation } from 'react-i18next';
import { Loading, ProblemView, useGet } from '../../components/status';
import { formatTime } from '../../format';
import { href } from '../../router';
import { useSession } from '../../session';
import { mayWrite, noticeLate, offenceName, personName } from './discipline';
import { AppealForm, DecisionForm, NoticeForm } from './Forms';
import { HearingForm } from './HearingForm';
import { useCatalogue } from './useCatalogue';

/**
 * One charge: what it says, its notice (with the deadline), its hearing and sanctions, its appeal; and
 * the form its stage asks for, to the roles that may write it. Each form's answer is the charge again.
 */
export function ChargePage({ chargeId }: { chargeId: string }) {
  const { t, i18n } = useTranslation('discipline');
  const { facilities, me } = useSession();
  const lang = i18n.language;
  const {
    data: c,
    error,
    reload,
  } = useGet('/disciplinary-charges/{chargeId}', { params: { path: { chargeId } } }, false);
  const tz = facilities.find((f) => f.code === c?.facility)?.timezone ?? 'UTC';
  const catalogue = useCatalogue(c?.facility ?? '');
  const time = (x: string | null | undefined) => formatTime(x, tz, lang);
  const back = (
    <p>
      <a href={href('discipline')}>{t('charge.back')}</a>
    </p>
  );
  if (!c)
    return (
      <section className="discipline">
        {back}
        <ProblemView error={error} />
        {error ? null : <Loading />}
      </section>
    );
  const name = offenceName(catalogue.data, c.offence.code, lang);
  const unheard = c.status === 'awaiting-notice' || c.status === 'awaiting-hearing';
  const yesNo = (b: boolean) => t(b ? 'yes' : 'no');
  return (
    <section className="discipline" data-testid="charge" data-status={c.status}>
      {back}
      <h1>{t('charge.heading', { code: c.offence.code, name: personName(c.person) })}</h1>
      <dl className="facts">
        <dt>{t('charge.person')}</dt>
        <dd>
          <a href={href('people', c.personId)}>{personName(c.person)}</a>
        </dd>
        <dt>{t('charge.offence')}</dt>
        <dd>
          {c.offence.code}
          {name ? ` — ${name}` : ''} (
          {t(`severity.${c.offence.severity}`, { defaultValue: c.offence.severity })})
          {c.inCatalogue === false ? ` — ${t('charge.notInCatalogue')}` : ''}
        </dd>
        <dt>{t('charge.description')}</dt>
        <dd>{c.offence.description}</dd>
        <dt>{t('charge.incidentReference')}</dt>
        <dd>{c.incidentReference}</dd>
        <dt>{t('charge.occurredAt')}</dt>
        <dd>{time(c.occurredAt)}</dd>
        <dt>{t('charge.chargedAt')}</dt>
        <dd>{time(c.chargedAt)}</dd>
        <dt>{t('list.statusCol')}</dt>
        <dd data-testid="charge-status">{t(`status.${c.status}`, { defaultValue: c.status })}</dd>
        <dt>{t('notice.title')}</dt>
        <dd data-testid="charge-notice">
          {c.notice
            ? t('notice.given', { at: time(c.notice.givenAt), language: c.notice.language })
            : t('notice.due', { at: time(c.noticeDue) })}
          {noticeLate(c, Date.now()) ? ` — ${t('list.late')}` : ''}
        </dd>
      </dl>
      {c.hearing ? (
        <section aria-labelledby="charge-hearing">
          <h2 id="charge-hearing">{t('hearing.recorded')}</h2>
          <dl className="facts" data-testid="charge-hearing">
            <dt>{t('hearing.heldAt')}</dt>
            <dd>{time(c.hearing.heldAt)}</dd>
            <dt>{t('hearing.adjudicator')}</dt>
            <dd>{c.hearing.adjudicator}</dd>
            <dt>{t('hearing.heard')}</dt>
            <dd>{yesNo(c.hearing.heard)}</dd>
            <dt>{t('hearing.outcome')}</dt>
            <dd>{t(`outcome.${c.hearing.outcome}`, { defaultValue: c.hearing.outcome })}</dd>
            <dt>{t('hearing.plea')}</dt>
            <dd>{c.hearing.plea ? t(`plea.${c.hearing.plea}`, { defaultValue: c.hearing.plea }) : '—'}</dd>
            <dt>{t('hearing.interpreter')}</dt>
            <dd>{c.hearing.interpreter ?? '—'}</dd>
            <dt>{t('hearing.legalAssistance')}</dt>
            <dd>{c.hearing.legalAssistance ?? '—'}</dd>
            <dt>{t('hearing.evidence')}</dt>
            <dd>{c.hearing.evidence ?? '—'}</dd>
          </dl>
        </section>
      ) : null}
      {c.sanctions.length ? (
        <table data-testid="sanctions">
          <caption>{t('sanctions.caption', { count: c.sanctions.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('sanctions.kind')}</th>
              <th scope="col">{t('sanctions.days')}</th>
              <th scope="col">{t('sanctions.from')}</th>
              <th scope="col">{t('sanctions.until')}</th>
              <th scope="col">{t('sanctions.state')}</th>
            </tr>
          </thead>
          <tbody>
            {c.sanctions.map((s) => (
              <tr key={s.sanctionId} data-kind={s.kind}>
                <th scope="row">{t(`sanction.${s.kind}`, { defaultValue: s.kind })}</th>
                <td>{s.days ?? '—'}</td>
                <td>{time(s.from)}</td>
                <td>{s.until ? time(s.until) : '—'}</td>
                <td>
                  {s.quashedAt
                    ? t('sanctions.quashed', { at: time(s.quashedAt) })
                    : s.segregationId
                      ? t('sanctions.segregation')
                      : t('sanctions.inForce')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {c.appeal ? (
        <section aria-labelledby="charge-appeal">
          <h2 id="charge-appeal">{t('appeal.recorded')}</h2>
          <dl className="facts" data-testid="charge-appeal">
            <dt>{t('appeal.lodgedAt')}</dt>
            <dd>{time(c.appeal.lodgedAt)}</dd>
            <dt>{t('appeal.grounds')}</dt>
            <dd>{c.appeal.grounds}</dd>
            <dt>{t('decision.outcome')}</dt>
            <dd>
              {c.appeal.outcome
                ? t('decision.decided', {
                    outcome: t(`decision.${c.appeal.outcome}`),
                    by: c.appeal.decidedBy ?? '—',
                    at: time(c.appeal.decidedAt),
                  })
                : t('decision.pending')}
            </dd>
            {c.appeal.reason ? (
              <>
                <dt>{t('decision.reason')}</dt>
                <dd>{c.appeal.reason}</dd>
              </>
            ) : null}
          </dl>
        </section>
      ) : null}
      <div className="daily-grid">
        {c.status === 'awaiting-notice' && mayWrite(me.roles, 'notice') ? (
          <NoticeForm charge={c} tz={tz} onDone={reload} />
        ) : null}
        {unheard && mayWrite(me.roles, 'hearing') ? (
          <HearingForm charge={c} tz={tz} catalogue={catalogue.data} onDone={reload} />
        ) : null}
        {c.status === 'proved' && !c.appeal && mayWrite(me.roles, 'appeal') ? (
          <AppealForm charge={c} tz={tz} onDone={reload} />
        ) : null}
        {c.appeal && !c.appeal.outcome && mayWrite(me.roles, 'appeal') ? (
          <DecisionForm charge={c} tz={tz} onDone={reload} />
        ) : null}
      </div>
    </section>
  );
}
