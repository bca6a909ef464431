import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post, type Schema } from '../../api';
import { Loading, ProblemView, useGet } from '../../components/status';
import { formatDate, formatTime, number } from '../../format';
import { href } from '../../router';
import { useSession } from '../../session';
import { noPerson } from '../visits/Booking';
import { PersonPicker } from '../visits/PersonPicker';
import { fullName, mayWrite } from '../visits/visits';
import { useSend, violationsOf } from '../visits/WriteForm';
import { fieldOf, type Member, members } from './activities';

/** One activity: who is allocated (each allocation to end), who waits, attendance; allocate or put on the list. */
export function ActivityPage({ activity }: { activity: string }) {
  const { t, i18n } = useTranslation('activities');
  const { facility, me } = useSession();
  const writer = mayWrite(me.roles, 'activities');
  const code = facility?.code ?? '';
  const lang = i18n.language;
  const { data, error, reload } = useGet(
    '/facilities/{code}/activities/{activity}',
    code ? { params: { path: { code, activity } } } : null,
    false,
  );
  const detail = data?.code === activity ? data : null;
  const rows = useMemo(() => (detail ? members(detail) : null), [detail]);
  return (
    <section className="activity">
      <p>
        <a href={href('activities')}>{t('back')}</a>
      </p>
      <h1>{detail?.name ? t('detail.title', { name: detail.name, code: activity }) : activity}</h1>
      <ProblemView error={error} />
      {!detail ? (
        error ? null : (
          <Loading />
        )
      ) : (
        <>
          <p data-testid="activity-summary">
            {t('detail.summary', {
              count: detail.places,
              kind: t(`kinds.${detail.kind}`, { defaultValue: detail.kind }),
              places: number(detail.places, lang),
              allocated: number(detail.allocated, lang),
              waiting: number(detail.waiting, lang),
            })}
          </p>
          {writer ? (
            <div className="daily-grid">
              <Allocate facility={code} activity={activity} onDone={reload} />
            </div>
          ) : null}
          <Members
            id="allocations"
            title={t('detail.allocations')}
            members={rows?.allocated ?? []}
            empty={t('detail.noAllocations')}
            tz={facility?.timezone ?? 'UTC'}
            end={writer}
            onChanged={reload}
          />
          <Members
            id="waiting"
            title={t('detail.waiting')}
            members={rows?.waiting ?? []}
            empty={t('detail.noWaiting')}
            tz={facility?.timezone ?? 'UTC'}
            onChanged={reload}
          />
          <section aria-labelledby="attendance">
            <h2 id="attendance">{t('detail.attendance')}</h2>
            {detail.attendance.length ? (
              <table>
                <caption className="visually-hidden">{t('detail.attendance')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('detail.date')}</th>
                    <th scope="col">{t('detail.present')}</th>
                    <th scope="col">{t('detail.absent')}</th>
                  </tr>
                </thead>
                <tbody>
                  {detail.attendance.map((a) => (
                    <tr key={a.date}>
                      <th scope="row">{formatDate(a.date, lang)}</th>
                      <td>{number(a.present, lang)}</td>
                      <td>{number(a.absent, lang)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="muted">{t('detail.noAttendance')}</p>
            )}
          </section>
        </>
      )}
    </section>
  );
}

/** A person found by search, allocated to the activity or put on its waiting list; a refusal in words. */
function Allocate({ facility, activity, onDone }: { facility: string; activity: string; onDone(): void }) {
  const { t } = useTranslation('activities');
  const [person, setPerson] = useState<Schema<'PersonFound'> | null>(null);
  const send = useSend();
  const invalid = violationsOf(send.error).some((v) => fieldOf(v.subject) === 'person');
  const go = (waiting: boolean) =>
    void send.run(
      async () => {
        if (!person) throw noPerson(t('allocate.person'), t('allocate.choose'));
        if (waiting)
          await post('/facilities/{code}/activities/{activity}/waiting-list', {
            params: { path: { code: facility, activity } },
            body: { personId: person.personId },
          });
        else await post('/activity-allocations', { body: { facility, activity, personId: person.personId } });
        return (
          <p className="ok">
            {t(waiting ? 'allocate.waitlisted' : 'allocate.done', { name: fullName(person) })}
          </p>
        );
      },
      () => {
        setPerson(null);
        onDone();
      },
    );
  return (
    <form
      className="action-form"
      aria-labelledby="allocate-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        go(false);
      }}
      data-testid="allocate"
    >
      <h2 id="allocate-title">{t('allocate.title')}</h2>
      <PersonPicker
        facility={facility}
        label={t('allocate.person')}
        chosen={person}
        onChoose={(p) => {
          setPerson(p);
          send.reset();
        }}
        testId="allocate-person"
        invalid={invalid}
      />
      <div className="row">
        <button type="submit" disabled={send.busy}>
          {send.busy ? t('allocate.busy') : t('allocate.submit')}
        </button>
        <button type="button" className="secondary" disabled={send.busy} onClick={() => go(true)}>
          {t('allocate.waitlist')}
        </button>
      </div>
      <div role="status" data-testid="allocate-result">
        {send.done}
      </div>
      <ProblemView
        error={send.error}
        field={(s) => (fieldOf(s) === 'person' ? t('allocate.person') : null)}
      />
    </form>
  );
}

function Members({
  id,
  title,
  members,
  empty,
  tz,
  end,
  onChanged,
}: {
  id: string;
  title: string;
  members: Member[];
  empty: string;
  tz: string;
  end?: boolean;
  onChanged(): void;
}) {
  const { t, i18n } = useTranslation('activities');
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {members.length ? (
        <table data-testid={id}>
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('detail.person')}</th>
              <th scope="col">{t('detail.cell')}</th>
              <th scope="col">{t('detail.since')}</th>
              {end ? <th scope="col">{t('detail.end')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.id}>
                <th scope="row">{m.personId ? <a href={href('people', m.personId)}>{m.name}</a> : m.name}</th>
                <td>{m.cell ?? '—'}</td>
                <td>
                  {m.since
                    ? m.since.length === 10
                      ? formatDate(m.since, i18n.language)
                      : formatTime(m.since, tz, i18n.language)
                    : '—'}
                </td>
                {end ? (
                  <td>
                    <EndAllocation m={m} onEnded={onChanged} />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">{empty}</p>
      )}
    </section>
  );
}

function EndAllocation({ m, onEnded }: { m: Member; onEnded(): void }) {
  const { t } = useTranslation('activities');
  const [reason, setReason] = useState('');
  const send = useSend();
  const end = () =>
    void send.run(async () => {
      await post('/activity-allocations/{allocationId}/end', {
        params: { path: { allocationId: m.id } },
        body: { reason: reason.trim() },
      });
      return null;
    }, onEnded);
  return (
    <fieldset className="outcome" aria-label={t('end.legend', { name: m.name })}>
      <input
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        aria-label={t('end.reasonFor', { name: m.name })}
        placeholder={t('end.reason')}
      />
      <button type="button" className="secondary" disabled={send.busy} onClick={end}>
        {t('end.submit')}
      </button>
      <ProblemView error={send.error} field={(s) => (fieldOf(s) === 'reason' ? t('end.reason') : null)} />
    </fieldset>
  );
}
