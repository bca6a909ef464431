import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Answer, type Body, post } from '../../api';
import { useSend, violationsOf, WriteForm } from '../visits/WriteForm';
import { Req } from './ChargeForm';
import {
  appealBody,
  type ChargeView,
  decisionBody,
  EMPTY_APPEAL,
  EMPTY_DECISION,
  EMPTY_NOTICE,
  type FormName,
  fieldOf,
  noticeBody,
} from './discipline';

/** A form's fields bound to its state, each marked when a refusal names it. */
export function useFields<F extends Record<string, unknown>>(form: FormName, empty: F) {
  const [value, setValue] = useState<F>(empty);
  const send = useSend();
  const invalid = new Set(violationsOf(send.error).map((v) => fieldOf(form, v.subject)));
  const bind = (k: keyof F & string) => ({
    value: String(value[k] ?? ''),
    onChange: (e: { target: { value: string } }) => setValue((f) => ({ ...f, [k]: e.target.value })),
    'aria-invalid': invalid.has(k) || undefined,
  });
  return { value, setValue, send, invalid, bind };
}

type Stage =
  | '/disciplinary-charges/{chargeId}/notice'
  | '/disciplinary-charges/{chargeId}/appeal'
  | '/disciplinary-charges/{chargeId}/appeal/decision';
/**
 * POSTs a stage of the charge; its answer is the charge as it now stands. The body is the form's
 * values as typed: the server checks them and names each it refuses.
 */
const postStage = <S extends Stage>(stage: S, c: ChargeView, body: object) =>
  post(stage, { params: { path: { chargeId: c.chargeId } }, body: body as Body<S> } as never) as Promise<
    Answer<S, 'post'>
  >;

/** An optional time, with its hint (left empty: now). */
function When({ label, bind }: { label: string; bind: ReturnType<ReturnType<typeof useFields>['bind']> }) {
  const { t } = useTranslation('discipline');
  return (
    <label>
      {label}
      <input type="datetime-local" {...bind} />
      <span className="muted hint">{t('nowIfEmpty')}</span>
    </label>
  );
}

/** The person was told of the charge, in a language they understand (Mandela Rule 41). */
export function NoticeForm({ charge, tz, onDone }: { charge: ChargeView; tz: string; onDone(): void }) {
  const { t } = useTranslation('discipline');
  const f = useFields('notice', EMPTY_NOTICE);
  const submit = () =>
    void f.send.run(async () => {
      await postStage('/disciplinary-charges/{chargeId}/notice', charge, noticeBody(f.value, tz));
      return <p className="ok">{t('notice.done')}</p>;
    }, onDone);
  return (
    <WriteForm
      id="charge-notice-form"
      title={t('notice.form')}
      submit={t('notice.submit')}
      busyText={t('busy')}
      send={f.send}
      field={(s) => {
        const x = fieldOf('notice', s);
        return x ? t(`notice.${x}`) : null;
      }}
      onSubmit={submit}
    >
      <When label={t('notice.givenAt')} bind={f.bind('givenAt')} />
      <label>
        <span>
          {t('notice.language')}
          <Req />
        </span>
        <input {...f.bind('language')} required autoComplete="off" aria-describedby="notice-language-hint" />
      </label>
      <p id="notice-language-hint" className="muted hint">
        {t('notice.languageHint')}
      </p>
    </WriteForm>
  );
}

/** An appeal against a proved charge. */
export function AppealForm({ charge, tz, onDone }: { charge: ChargeView; tz: string; onDone(): void }) {
  const { t } = useTranslation('discipline');
  const f = useFields('appeal', EMPTY_APPEAL);
  const submit = () =>
    void f.send.run(async () => {
      await postStage('/disciplinary-charges/{chargeId}/appeal', charge, appealBody(f.value, tz));
      return <p className="ok">{t('appeal.done')}</p>;
    }, onDone);
  return (
    <WriteForm
      id="charge-appeal-form"
      title={t('appeal.form')}
      submit={t('appeal.submit')}
      busyText={t('busy')}
      send={f.send}
      field={(s) => {
        const x = fieldOf('appeal', s);
        return x ? t(`appeal.${x}`) : null;
      }}
      onSubmit={submit}
    >
      <When label={t('appeal.lodgedAt')} bind={f.bind('lodgedAt')} />
      <label>
        <span>
          {t('appeal.grounds')}
          <Req />
        </span>
        <textarea {...f.bind('grounds')} required rows={3} />
      </label>
    </WriteForm>
  );
}

/** The appeal decided: upheld, or quashed (every sanction of the charge lifted). */
export function DecisionForm({ charge, tz, onDone }: { charge: ChargeView; tz: string; onDone(): void }) {
  const { t } = useTranslation('discipline');
  const f = useFields('decision', EMPTY_DECISION);
  const submit = () =>
    void f.send.run(async () => {
      const c = await postStage(
        '/disciplinary-charges/{chargeId}/appeal/decision',
        charge,
        decisionBody(f.value, tz),
      );
      return (
        <p className="ok">
          {t('decision.done', { outcome: t(`decision.${c.appeal?.outcome ?? f.value.outcome}`) })}
        </p>
      );
    }, onDone);
  return (
    <WriteForm
      id="charge-decision-form"
      title={t('decision.form')}
      submit={t('decision.submit')}
      busyText={t('busy')}
      send={f.send}
      field={(s) => {
        const x = fieldOf('decision', s);
        return x ? t(`decision.${x}`) : null;
      }}
      onSubmit={submit}
    >
      <When label={t('decision.decidedAt')} bind={f.bind('decidedAt')} />
      <label>
        <span>
          {t('decision.decidedBy')}
          <Req />
        </span>
        <input {...f.bind('decidedBy')} required autoComplete="off" />
      </label>
      <label>
        {t('decision.outcome')}
        <select {...f.bind('outcome')}>
          <option value="upheld">{t('decision.upheld')}</option>
          <option value="quashed">{t('decision.quashed')}</option>
        </select>
      </label>
      <p className="muted hint">{t('decision.quashHint')}</p>
      <label>
        <span>
          {t('decision.reason')}
          <Req />
        </span>
        <textarea {...f.bind('reason')} required rows={3} />
      </label>
    </WriteForm>
  );
}
