import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../api';
import { Loading, ProblemView, useGet } from '../../components/status';
import { formatTime } from '../../format';
import { href } from '../../router';
import { useSession } from '../../session';
import { Req } from '../discipline/ChargeForm';
import { useSend, violationsOf, WriteForm } from '../visits/WriteForm';
import {
  type ComplaintView,
  EMPTY_RESPONSE,
  fieldOf,
  mayAnswer,
  personName,
  type ResponseForm,
  responseBody,
  responseLate,
} from './complaints';

/** One request or complaint: what it says, its deadline, its answer; the answer's form to who may give it. */
export function ComplaintPage({ complaintId }: { complaintId: string }) {
  const { t, i18n } = useTranslation('complaints');
  const { facilities, me } = useSession();
  const lang = i18n.language;
  const {
    data: c,
    error,
    reload,
  } = useGet('/complaints/{id}', { params: { path: { id: complaintId } } }, false);
  const tz = facilities.find((f) => f.code === c?.facility)?.timezone ?? 'UTC';
  const time = (x: string | null | undefined) => formatTime(x, tz, lang);
  const back = (
    <p>
      <a href={href('complaints')}>{t('back')}</a>
    </p>
  );
  if (!c)
    return (
      <section className="complaints">
        {back}
        <ProblemView error={error} />
        {error ? null : <Loading />}
      </section>
    );
  return (
    <section className="complaints" data-testid="complaint">
      {back}
      <h1>{t('heading', { subject: c.subject })}</h1>
      {c.confidential ? (
        <p className="warn" data-testid="confidential">
          <span className="badge confidential">{t('confidential')}</span> {t('confidentialNote')}
        </p>
      ) : null}
      <dl className="facts">
        <dt>{t('list.person')}</dt>
        <dd>
          <a href={href('people', c.personId)}>{personName(c.person)}</a>
        </dd>
        <dt>{t('list.addressee')}</dt>
        <dd>{t(`addressee.${c.addressee}`, { defaultValue: c.addressee })}</dd>
        <dt>{t('list.receivedAt')}</dt>
        <dd>{time(c.receivedAt)}</dd>
        <dt>{t('lodge.text')}</dt>
        <dd className="complaint-text">{c.text}</dd>
        <dt>{t('list.responseDue')}</dt>
        <dd className={responseLate(c, Date.now()) ? 'late' : undefined}>
          {time(c.responseDue)}
          {responseLate(c, Date.now()) ? ` — ${t('list.late')}` : ''}
        </dd>
        <dt>{t('response.title')}</dt>
        <dd data-testid="complaint-response">
          {c.response ? (
            <>
              {t('list.answered', { at: time(c.response.respondedAt) })}
              <span className="complaint-text">
                <br />
                {c.response.text}
              </span>
            </>
          ) : (
            t('list.open')
          )}
        </dd>
      </dl>
      {!c.response && mayAnswer(me.roles, c.addressee) ? (
        <div className="daily-grid">
          <Answer c={c} tz={tz} onDone={reload} />
        </div>
      ) : null}
    </section>
  );
}

function Answer({ c, tz, onDone }: { c: ComplaintView; tz: string; onDone(): void }) {
  const { t } = useTranslation('complaints');
  const [form, setForm] = useState<ResponseForm>(EMPTY_RESPONSE);
  const send = useSend();
  const invalid = new Set(violationsOf(send.error).map((v) => fieldOf('response', v.subject)));
  const bind = (k: keyof ResponseForm) => ({
    value: form[k],
    onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value })),
    'aria-invalid': invalid.has(k) || undefined,
  });
  const submit = () =>
    void send.run(async () => {
      await post('/complaints/{id}/response', {
        params: { path: { id: c.complaintId } },
        body: responseBody(form, tz),
      });
      return <p className="ok">{t('response.done')}</p>;
    }, onDone);
  return (
    <WriteForm
      id="complaint-answer"
      title={t(c.addressee === 'judge' ? 'response.formJudge' : 'response.form')}
      submit={t('response.submit')}
      busyText={t('response.busy')}
      send={send}
      field={(s) => {
        const f = fieldOf('response', s);
        return f ? t(`response.${f}`) : null;
      }}
      onSubmit={submit}
    >
      <label>
        <span>
          {t('response.text')}
          <Req />
        </span>
        <textarea {...bind('text')} required rows={4} />
      </label>
      <label>
        {t('response.respondedAt')}
        <input type="datetime-local" {...bind('respondedAt')} />
        <span className="muted hint">{t('lodge.nowIfEmpty', { tz })}</span>
      </label>
    </WriteForm>
  );
}
