import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Body, post } from '../../api';
import { Loading, ProblemView, useGet } from '../../components/status';
import { number, percent } from '../../format';
import { href } from '../../router';
import { useSession } from '../../session';
import type { PageProps } from '..';
import { mayWrite } from '../visits/visits';
import { useSend, violationsOf, WriteForm } from '../visits/WriteForm';
import { ActivityPage } from './ActivityPage';
import { ACTIVITY_KINDS, activityBody, EMPTY_ACTIVITY, fieldOf } from './activities';
import '../visits/visits.css';

const Req = () => <span aria-hidden="true"> *</span>;

/**
 * `#/activities`: the facility's work, education and programmes with their places, allocations and
 * waiting lists, and the share of people with an activity; `#/activities/{code}`: one of them.
 */
export function Activities({ route }: PageProps) {
  const code = route[1];
  return code ? <ActivityPage activity={code} /> : <ActivityList />;
}

function ActivityList() {
  const { t, i18n } = useTranslation('activities');
  const { facility, me } = useSession();
  const code = facility?.code ?? '';
  const lang = i18n.language;
  const { data, error, loading, reload } = useGet(
    '/facilities/{code}/activities',
    code ? { params: { path: { code } } } : null,
  );
  const n = (x: number) => number(x, lang);
  return (
    <section className="activities">
      <h1>{t('title', { facility: facility?.name ?? code })}</h1>
      <p className="muted">{t('intro')}</p>
      <ProblemView error={error} />
      {!data ? (
        error ? null : (
          <Loading />
        )
      ) : (
        <>
          <p className="share" data-testid="activity-share">
            {t('share', {
              with: n(data.withActivity),
              held: n(data.held),
              share: percent(data.share ?? (data.held ? data.withActivity / data.held : null), lang),
            })}
          </p>
          {data.activities.length ? (
            <table data-testid="activities" aria-busy={loading || undefined}>
              <caption>{t('caption', { count: data.activities.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('name')}</th>
                  <th scope="col">{t('code')}</th>
                  <th scope="col">{t('kind')}</th>
                  <th scope="col">{t('places')}</th>
                  <th scope="col">{t('allocated')}</th>
                  <th scope="col">{t('waiting')}</th>
                </tr>
              </thead>
              <tbody>
                {data.activities.map((a) => (
                  <tr key={a.code} data-activity={a.code}>
                    <th scope="row">
                      <a href={href('activities', a.code)}>{a.name}</a>
                    </th>
                    <td>{a.code}</td>
                    <td>{t(`kinds.${a.kind}`, { defaultValue: a.kind })}</td>
                    <td>{n(a.places)}</td>
                    <td>{n(a.allocated)}</td>
                    <td>{n(a.waiting)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p role="status">{t('none')}</p>
          )}
        </>
      )}
      {mayWrite(me.roles, 'newActivity') ? (
        <div className="daily-grid">
          <NewActivity facility={code} onCreated={reload} />
        </div>
      ) : null}
    </section>
  );
}

function NewActivity({ facility, onCreated }: { facility: string; onCreated(): void }) {
  const { t } = useTranslation('activities');
  const [form, setForm] = useState(EMPTY_ACTIVITY);
  const send = useSend();
  const invalid = new Set(violationsOf(send.error).map((v) => fieldOf(v.subject)));
  const bind = (k: keyof typeof EMPTY_ACTIVITY) => ({
    value: form[k],
    onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value })),
    'aria-invalid': invalid.has(k) || undefined,
  });
  const submit = () =>
    void send.run(
      async () => {
        const body = activityBody(facility, form);
        // the values as typed: the server checks them and names each it refuses
        await post('/activities', { body: body as Body<'/activities'> });
        return (
          <p className="ok">
            <a href={href('activities', body.code)}>{t('create.done', { name: body.name })}</a>
          </p>
        );
      },
      () => {
        setForm(EMPTY_ACTIVITY);
        onCreated();
      },
    );
  return (
    <WriteForm
      id="new-activity"
      title={t('create.title')}
      submit={t('create.submit')}
      busyText={t('create.busy')}
      send={send}
      field={(s) => {
        const f = fieldOf(s);
        return f && ['code', 'name', 'kind', 'places'].includes(f) ? t(`create.${f}`) : null;
      }}
      onSubmit={submit}
    >
      <label>
        <span>
          {t('create.name')}
          <Req />
        </span>
        <input {...bind('name')} required autoComplete="off" />
      </label>
      <label>
        <span>
          {t('create.code')}
          <Req />
        </span>
        <input {...bind('code')} required autoComplete="off" />
      </label>
      <label>
        {t('create.kind')}
        <select {...bind('kind')}>
          {ACTIVITY_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`kinds.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>
          {t('create.places')}
          <Req />
        </span>
        <input type="number" min={1} inputMode="numeric" {...bind('places')} required />
      </label>
    </WriteForm>
  );
}
