import { useTranslation } from 'react-i18next';
import { Loading, ProblemView, useGet } from '../../components/status';
import { formatDate, formatTime } from '../../format';
import { href } from '../../router';
import { useSession } from '../../session';
import { MoveForm, TransferForm } from './ActionForm';
import { ReleaseDates } from './ReleaseDates';
import { RecordRights } from './RightsSections';
import { LegalBasisFacts, RecordHistories } from './sections';
import { Timeline } from './Timeline';

/** The time zone to show a facility's times in (the selected facility's, or UTC, when unknown). */
export function useZone() {
  const { facilities, facility } = useSession();
  return (code: string | null | undefined) =>
    facilities.find((f) => f.code === code)?.timezone ?? facility?.timezone ?? 'UTC';
}

/** `#/people/<id>`: a person's file, with the moves and transfers the user may make. */
export function PersonRecord({ id }: { id: string }) {
  const { t, i18n } = useTranslation('people');
  const { me, facility } = useSession();
  const zone = useZone();
  const {
    data: p,
    error,
    reload,
  } = useGet('/people/{personId}', { params: { path: { personId: id } } }, false);
  const lang = i18n.language;
  if (!p)
    return (
      <>
        <h1>{t('search.title')}</h1>
        <p>
          <a href={href('people')}>{t('record.back')}</a>
        </p>
        {error ? <ProblemView error={error} /> : <Loading />}
      </>
    );

  const c = p.custody;
  const shown = c ?? p.custodies[0] ?? null;
  const { move: canMove, transfer: canTransfer } = me.can;
  const time = (iso: string | null | undefined, facility: string | null | undefined) =>
    formatTime(iso, zone(facility), lang);
  const zones = [...new Set(p.timeline.map((e) => zone(e.facility ?? shown?.facility)))];

  return (
    <div className="person" data-testid="person-record">
      <p>
        <a href={href('people')}>{t('record.back')}</a>
      </p>
      <h1>
        {p.givenNames} {p.familyNames}
      </h1>
      <ProblemView error={error} />

      <div className="person-grid">
        <section aria-labelledby="person-identity">
          <h2 id="person-identity">{t('record.identity')}</h2>
          <dl className="facts">
            <dt>{t('record.givenNames')}</dt>
            <dd>{p.givenNames}</dd>
            <dt>{t('record.familyNames')}</dt>
            <dd>{p.familyNames}</dd>
            <dt>{t('record.dateOfBirth')}</dt>
            <dd>{formatDate(p.dateOfBirth, lang)}</dd>
            <dt>{t('record.sex')}</dt>
            <dd>{t(`sex.${p.sex}`, { defaultValue: p.sex })}</dd>
            <dt>{t('record.nationalId')}</dt>
            <dd>{p.nationalId ?? '—'}</dd>
            <dt>{t('record.registerNumber')}</dt>
            <dd>{p.registerNumber}</dd>
            <dt>{t('record.personId')}</dt>
            <dd>
              <code>{p.personId}</code>
            </dd>
          </dl>
        </section>

        <section aria-labelledby="person-custody">
          <h2 id="person-custody">{t('record.custody')}</h2>
          {p.reach === 'past' ? (
            <p data-testid="past-only">{t('record.pastOnly')}</p>
          ) : c ? null : (
            <p data-testid="not-in-custody">{t('record.notInCustody')}</p>
          )}
          {shown ? (
            <dl className="facts" data-testid="custody-facts">
              <dt>{t('record.status')}</dt>
              <dd data-testid="custody-status">
                {t(`status.${shown.releasedAt ? 'released' : shown.status}`)}
              </dd>
              <dt>{t('record.facility')}</dt>
              <dd>{shown.facility}</dd>
              <dt>{t('record.cell')}</dt>
              <dd data-testid="custody-cell">
                {shown.cell && shown.facility === facility?.code ? (
                  <a href={href('cell', shown.cell)}>{shown.cell}</a>
                ) : (
                  (shown.cell ?? '—')
                )}
              </dd>
              <dt>{t('record.admittedAt')}</dt>
              <dd>{time(shown.admittedAt, shown.facility)}</dd>
              {shown.releasedAt ? (
                <>
                  <dt>{t('record.releasedAt')}</dt>
                  <dd>{time(shown.releasedAt, shown.facility)}</dd>
                  <dt>{t('record.releaseReason')}</dt>
                  <dd>{shown.releaseReason ?? '—'}</dd>
                </>
              ) : null}
            </dl>
          ) : null}
        </section>

        {shown ? (
          <section aria-labelledby="person-classification">
            <h2 id="person-classification">{t('record.classification')}</h2>
            <dl className="facts">
              <dt>{t('record.securityLevel')}</dt>
              <dd data-testid="security-level">{t(`securityLevel.${shown.securityLevel ?? 'none'}`)}</dd>
              <dt>{t('record.groups')}</dt>
              <dd data-testid="groups">
                {shown.groups?.length ? shown.groups.join(', ') : t('record.noGroups')}
              </dd>
            </dl>
          </section>
        ) : null}

        {shown ? (
          <section aria-labelledby="person-basis">
            <h2 id="person-basis">{t('record.legalBasis')}</h2>
            <LegalBasisFacts basis={shown.legalBasis} time={(iso) => time(iso, shown.facility)} />
          </section>
        ) : null}
      </div>

      {c && (canMove || canTransfer) ? (
        <section aria-labelledby="person-actions" className="person-actions">
          <h2 id="person-actions">{t('actions')}</h2>
          <div className="action-forms">
            {canMove ? <MoveForm personId={p.personId} custody={c} onDone={reload} /> : null}
            {canTransfer ? <TransferForm personId={p.personId} custody={c} onDone={reload} /> : null}
          </div>
        </section>
      ) : null}

      {p.reach === 'past' ? null : <ReleaseDates personId={p.personId} inCustody={!!c} onChanged={reload} />}

      <RecordHistories p={p} time={time} facility={shown?.facility} />
      <RecordRights p={p} time={time} />

      <Timeline
        p={p}
        time={time}
        zones={zones.join(', ') || zone(shown?.facility)}
        fallback={shown?.facility}
      />
    </div>
  );
}
