import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Answer, get, post } from '../api';
import { Loading, ProblemView, useGet } from '../components/status';
import { formatTime, number } from '../format';
import { href } from '../router';
import { useSession } from '../session';
import type { PageProps } from '.';

/** How often a running verification is asked for its progress (ms) */
const POLL = 400;

/**
 * A verification of the register run by the server in the background: started (or joined) when
 * `enabled`, followed until done; `run` starts another.
 */
function useVerification(enabled: boolean) {
  const [job, setJob] = useState<Answer<'/audit/verifications/{id}'> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const live = useRef(true);
  const run = useCallback(async () => {
    setError(null);
    try {
      let j = await post('/audit/verifications');
      while (live.current) {
        setJob(j);
        if (j.state !== 'running') break;
        await new Promise((r) => setTimeout(r, POLL));
        j = await get('/audit/verifications/{id}', { params: { path: { id: j.id } } });
      }
    } catch (e) {
      if (live.current) setError(e);
    }
  }, []);
  useEffect(() => {
    live.current = true;
    if (enabled) void run();
    return () => {
      live.current = false;
    };
  }, [enabled, run]);
  return { job, error, run };
}
const ACTIONS = [
  'person.read',
  'person.search',
  'unit.read',
  'compliance.read',
  'alerts.read',
  'incidents.read',
  'non-associations.read',
  'read.refused',
  'user.create',
  'user.update',
  'user.reset-password',
  'sign-in.failed',
  'sign-in.locked',
];

/** The register's verification and the access log, for those the server lets read them (`can`). */
export function Audit(_props: PageProps) {
  const { t, i18n } = useTranslation('audit');
  const lang = i18n.language;
  const { facilities, me } = useSession();
  // an entry about a facility: its time zone; else (sign-ins, accounts) the reader's own
  const own = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const zoneOf = (f: string | null) => facilities.find((x) => x.code === f)?.timezone ?? own;
  const { job, error: verifyError, run: verifyAgain } = useVerification(me.can.audit);
  const result = job?.result ?? null;
  const running = job?.state === 'running';
  const [query, setQuery] = useState<Partial<Record<'person' | 'username' | 'action', string>>>({});
  const log = useGet(
    '/access-log',
    me.can.viewAccessLog ? { params: { query: { ...query, limit: '200' } } } : null,
  );
  const filter = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const q: typeof query = {};
    for (const k of ['person', 'username', 'action'] as const) {
      const v = String(f.get(k) ?? '').trim();
      if (v) q[k] = v;
    }
    setQuery(q);
  };
  return (
    <section>
      <h1>{t('title')}</h1>
      {/* the register's verification: for those who may verify it (inspectors, administrators, governors of every facility) */}
      {me.can.audit ? (
        <>
          <h2>{t('register')}</h2>
          {!job && !verifyError ? <Loading /> : null}
          <ProblemView error={verifyError} />
          {running ? (
            <p role="status" data-testid="verify-progress">
              <label>
                {t('progress', { checked: number(job.checked, lang), total: number(job.total, lang) })}{' '}
                <progress max={Math.max(job.total, 1)} value={job.checked} />
              </label>
            </p>
          ) : null}
          {job?.state === 'failed' ? (
            <p role="alert" className="problem">
              {t('failed')}
            </p>
          ) : null}
          {result ? (
            <div className={result.ok ? 'ok' : 'problem'} role="status" data-testid="verify-result">
              <p>
                {result.ok
                  ? t('ok', { events: number(result.events, lang) })
                  : t('notOk', {
                      count: result.problems.length,
                      events: number(result.events, lang),
                    })}
              </p>
              {result.ok ? (
                <p>
                  {t('anchor')} <code>{`${result.events}:${result.head}`}</code>
                </p>
              ) : (
                <ul>
                  {result.problems.slice(0, 50).map((p) => (
                    <li key={`${p.seq}:${p.problem}`}>
                      {t('problemAt', {
                        seq: p.seq,
                        problem: t(`problems.${p.problem}`, { defaultValue: p.problem }),
                      })}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          ) : null}
          <button type="button" className="secondary" disabled={running} onClick={() => void verifyAgain()}>
            {t('verify')}
          </button>
        </>
      ) : null}
      <h2>{t('accessLog')}</h2>
      <p className="muted">{t('accessHint')}</p>
      {!me.can.viewAccessLog ? (
        <p role="status">{t('inspectorsOnly')}</p>
      ) : (
        <>
          <form className="row" onSubmit={filter}>
            <label>
              {t('person')}
              <input name="person" />
            </label>
            <label>
              {t('username')}
              <input name="username" />
            </label>
            <label>
              {t('action')}
              <select name="action" defaultValue="">
                <option value="">{t('anyAction')}</option>
                {ACTIONS.map((a) => (
                  <option key={a} value={a}>
                    {t(`actions.${a}`)}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit">{t('filter')}</button>
          </form>
          <ProblemView error={log.error} />
          {log.data ? (
            log.data.entries.length ? (
              <table data-testid="access-log">
                <thead>
                  <tr>
                    <th scope="col">{t('at')}</th>
                    <th scope="col">{t('username')}</th>
                    <th scope="col">{t('action')}</th>
                    <th scope="col">{t('person')}</th>
                    <th scope="col">{t('facility')}</th>
                    <th scope="col">{t('detail')}</th>
                  </tr>
                </thead>
                <tbody>
                  {log.data.entries.map((e) => (
                    <tr key={e.id}>
                      <td>
                        {formatTime(e.at, zoneOf(e.facility), lang)}{' '}
                        <span className="muted">({zoneOf(e.facility)})</span>
                      </td>
                      <td>{e.username}</td>
                      <td>{t(`actions.${e.action}`, { defaultValue: e.action })}</td>
                      <td>
                        {e.personId ? (
                          <a href={href('people', e.personId)}>{e.personId.slice(0, 8)}</a>
                        ) : e.people.length ? (
                          t('peopleShown', { count: e.people.length })
                        ) : (
                          '—'
                        )}
                      </td>
                      <td>{e.facility ?? '—'}</td>
                      <td>{e.detail ? JSON.stringify(e.detail) : ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p>{t('empty')}</p>
            )
          ) : null}
        </>
      )}
    </section>
  );
}
