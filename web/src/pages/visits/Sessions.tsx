import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Body, post } from '../../api';
import { ProblemView, useGet } from '../../components/status';
import { formatDate } from '../../format';
import { useSession } from '../../session';
import {
  at,
  EMPTY_SESSION,
  fieldOf,
  mayWrite,
  type SessionForm,
  sessionBody,
  timeRange,
  VISIT_KINDS,
} from './visits';
import { useSend, violationsOf, WriteForm } from './WriteForm';

/**
 * The facility's visit sessions of the day (each with its capacity, so booking can say "full"),
 * and a new one (governors and administrators).
 */
export function Sessions({
  facility,
  tz,
  date,
  tick,
}: {
  facility: string;
  tz: string;
  date: string;
  tick: number;
}) {
  const { t, i18n } = useTranslation('visits');
  const { me } = useSession();
  const lang = i18n.language;
  const [own, setOwn] = useState(0);
  const { data, error, reload } = useGet(
    '/facilities/{code}/visit-sessions',
    facility ? { params: { path: { code: facility }, query: { date } } } : null,
  );
  // a visit booked, or a session created: the places taken again
  // biome-ignore lint/correctness/useExhaustiveDependencies: read again on each change of the counters
  useEffect(() => {
    if (tick || own) reload();
  }, [tick, own]);
  const day = data?.date === date ? data.sessions : [];
  const mayCreate = mayWrite(me.roles, 'sessions');
  return (
    <section aria-labelledby="visit-sessions" className="visit-sessions">
      <h2 id="visit-sessions">{t('sessions.title')}</h2>
      <ProblemView error={error} />
      {data ? (
        day.length ? (
          <table data-testid="visit-sessions">
            <caption>{t('sessions.caption', { date: formatDate(date, lang) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('sessions.time')}</th>
                <th scope="col">{t('sessions.kinds')}</th>
                <th scope="col">{t('sessions.capacity')}</th>
                <th scope="col">{t('sessions.booked')}</th>
              </tr>
            </thead>
            <tbody>
              {day.map((s) => (
                <tr key={s.sessionId}>
                  <th scope="row">{timeRange(s.startsAt, s.endsAt, tz, lang)}</th>
                  <td>{s.kinds.map((k) => t(`kind.${k}`, { defaultValue: k })).join(', ')}</td>
                  <td>{s.capacity}</td>
                  <td>{s.booked ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p role="status">{t('sessions.none', { date: formatDate(date, lang) })}</p>
        )
      ) : null}
      {mayCreate ? (
        <NewSession
          key={date}
          facility={facility}
          tz={tz}
          date={date}
          onCreated={() => setOwn((n) => n + 1)}
        />
      ) : null}
    </section>
  );
}

function NewSession({
  facility,
  tz,
  date,
  onCreated,
}: {
  facility: string;
  tz: string;
  date: string;
  onCreated(): void;
}) {
  const { t } = useTranslation('visits');
  const [form, setForm] = useState<SessionForm>(() => ({
    ...EMPTY_SESSION,
    startsAt: at(date, '10:00'),
    endsAt: at(date, '12:00'),
  }));
  const send = useSend();
  const invalid = new Set(violationsOf(send.error).map((v) => fieldOf('session', v.subject)));
  const bind = (k: 'startsAt' | 'endsAt' | 'capacity') => ({
    value: form[k],
    onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value })),
    'aria-invalid': invalid.has(k) || undefined,
  });
  const submit = () =>
    void send.run(async () => {
      // the values as typed: the server checks them and names each it refuses
      await post('/facilities/{code}/visit-sessions', {
        params: { path: { code: facility } },
        body: sessionBody(form, tz) as Body<'/facilities/{code}/visit-sessions'>,
      });
      return <p className="ok">{t('sessions.done')}</p>;
    }, onCreated);
  return (
    <WriteForm
      id="new-session"
      title={t('sessions.new')}
      submit={t('sessions.submit')}
      busyText={t('sessions.busy')}
      send={send}
      field={(s) => {
        const f = fieldOf('session', s);
        return f ? t(`sessions.${f === 'startsAt' ? 'startsAt' : f === 'endsAt' ? 'endsAt' : f}`) : null;
      }}
      onSubmit={submit}
    >
      <label>
        {t('sessions.startsAt')}
        <input type="datetime-local" {...bind('startsAt')} />
      </label>
      <label>
        {t('sessions.endsAt')}
        <input type="datetime-local" {...bind('endsAt')} />
      </label>
      <label>
        {t('sessions.capacity')}
        <input type="number" min={1} inputMode="numeric" {...bind('capacity')} />
      </label>
      <fieldset aria-invalid={invalid.has('kinds') || undefined}>
        <legend>{t('sessions.kinds')}</legend>
        {VISIT_KINDS.map((k) => (
          <label key={k} className="check">
            <input
              type="checkbox"
              checked={form.kinds.includes(k)}
              onChange={(e) =>
                setForm((f) => ({
                  ...f,
                  kinds: e.target.checked ? [...f.kinds, k] : f.kinds.filter((x) => x !== k),
                }))
              }
            />
            {t(`kind.${k}`)}
          </label>
        ))}
      </fieldset>
    </WriteForm>
  );
}
