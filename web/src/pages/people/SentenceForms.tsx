import { type ChangeEvent, type FormEvent, type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type Body, post } from '../../api';
import { ProblemView } from '../../components/status';
import { formatDate } from '../../format';
import {
  CREDIT_KINDS,
  type CreditForm,
  creditBody,
  type Dates,
  EMPTY_CREDIT,
  EMPTY_REDUCTION,
  EMPTY_SENTENCE,
  fieldOf,
  invalidFields,
  LENGTH_KINDS,
  OFFENCE_CATEGORIES,
  type ReductionForm,
  reductionBody,
  type SentenceForm,
  type SentenceView,
  sentenceBody,
} from './sentence';

type Name = 'sentence' | 'credit' | 'reduction';

/**
 * A form that writes about a sentence: its fields (`children`), a submit button that says when it is
 * sent, then the outcome or the refusal in words, each refused field named by its label and marked.
 */
function WriteForm({
  name,
  children,
  busy,
  done,
  error,
  field,
  onSubmit,
}: {
  name: Name;
  children: ReactNode;
  busy: boolean;
  done: ReactNode;
  error: unknown;
  field(subject: string | undefined): string | null;
  onSubmit(e: FormEvent): void;
}) {
  const { t } = useTranslation('sentences');
  return (
    <form
      className="action-form sentence-form"
      onSubmit={onSubmit}
      aria-labelledby={`${name}-form-title`}
      noValidate
      data-testid={`${name}-form`}
    >
      <h4 id={`${name}-form-title`}>{t(`forms.${name}.title`)}</h4>
      {children}
      <div>
        <button type="submit" disabled={busy}>
          {busy ? t(`forms.${name}.busy`) : t(`forms.${name}.submit`)}
        </button>
      </div>
      <div role="status" data-testid={`${name}-result`}>
        {done}
      </div>
      <ProblemView error={error} field={field} />
    </form>
  );
}

/** A form's state: its fields as typed, while sent, its outcome or refusal, and the fields refused. */
function useWrite<F extends Record<string, string>>(name: Name, empty: F, onDone: () => void) {
  const [form, setForm] = useState<F>(empty);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<ReactNode>(null);
  const invalid = invalidFields(name, error instanceof ApiError ? (error.problem.violations ?? []) : []);
  const bind = (k: keyof F & string) => ({
    name: k,
    value: form[k],
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
      setForm((f) => ({ ...f, [k]: e.target.value })),
    'aria-invalid': invalid.has(k) || undefined,
  });
  const run = (send: () => Promise<ReactNode>) => async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      setDone(await send());
      setForm(empty);
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return { form, setForm, bind, run, busy, error, done };
}

/** The release date a write answered, in words. */
function useReleaseText() {
  const { t, i18n } = useTranslation('sentences');
  return (d: Dates, life: boolean) =>
    d.releaseDate ? formatDate(d.releaseDate, i18n.language) : life ? t('dates.life') : '—';
}

const Req = () => <span aria-hidden="true"> *</span>;

interface Props {
  personId: string;
  sentences: SentenceView[];
  onDone(): void;
}

/** A new sentence for a person in custody: the case, the court, the judgment's date, its length and kind. */
export function SentenceFormView({ personId, sentences, onDone }: Props) {
  const { t } = useTranslation('sentences');
  const w = useWrite<SentenceForm>('sentence', EMPTY_SENTENCE, onDone);
  const releaseText = useReleaseText();
  const hint = useId();
  const temporal = w.form.lengthKind === 'temporal';
  const send = async () => {
    // the values as typed: the server checks them and names each it refuses
    const r = await post('/sentences', { body: sentenceBody(personId, w.form) as Body<'/sentences'> });
    return (
      <div className="ok">
        <p>
          {t('forms.sentence.done', {
            case: w.form.caseReference.trim(),
            release: releaseText(r, !temporal || sentences.some((s) => s.life)),
          })}
        </p>
        {r.findings.length ? (
          <>
            <p>{t('forms.sentence.findings')}</p>
            <ul data-testid="sentence-findings">
              {r.findings.map((f) => (
                <li key={`${f.profile ?? ''}:${f.rule}`} className="sentence-finding">
                  <code>{f.rule}</code> {f.text}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </div>
    );
  };
  const field = (subject: string | undefined) => {
    if (subject === 'length') return t('table.length');
    const f = fieldOf('sentence', subject);
    return f ? t(`forms.sentence.${f}`) : null;
  };
  return (
    <WriteForm
      name="sentence"
      onSubmit={w.run(send)}
      field={field}
      busy={w.busy}
      done={w.done}
      error={w.error}
    >
      <label>
        <span>
          {t('forms.sentence.caseReference')}
          <Req />
        </span>
        <input {...w.bind('caseReference')} required autoComplete="off" />
      </label>
      <label>
        <span>
          {t('forms.sentence.court')}
          <Req />
        </span>
        <input {...w.bind('court')} required />
      </label>
      <label>
        <span>
          {t('forms.sentence.imposedAt')}
          <Req />
        </span>
        <input type="date" {...w.bind('imposedAt')} required />
      </label>
      <label>
        {t('forms.sentence.lengthKind')}
        <select {...w.bind('lengthKind')}>
          {LENGTH_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(
                `forms.sentence.${k === 'temporal' ? 'temporal' : k === 'life-simple' ? 'lifeSimple' : 'lifeQualified'}`,
              )}
            </option>
          ))}
        </select>
      </label>
      {temporal ? (
        <fieldset className="sentence-length" aria-describedby={hint}>
          <legend>{t('table.length')}</legend>
          {(['years', 'months', 'days'] as const).map((k) => (
            <label key={k}>
              {t(`forms.sentence.${k}`)}
              <input type="number" min={0} inputMode="numeric" {...w.bind(k)} />
            </label>
          ))}
          <span id={hint} className="muted hint">
            {t('forms.sentence.lengthHint')}
          </span>
        </fieldset>
      ) : null}
      <label>
        {t('forms.sentence.offenceCategory')}
        <select {...w.bind('offenceCategory')}>
          {OFFENCE_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {t(`categoryLong.${c}`)}
            </option>
          ))}
        </select>
      </label>
      {sentences.length ? (
        <>
          <label>
            {t('forms.sentence.relationKind')}
            <select {...w.bind('relationKind')}>
              <option value="">{t('forms.sentence.noRelation')}</option>
              <option value="consecutive">{t('forms.sentence.consecutive')}</option>
              <option value="concurrent">{t('forms.sentence.concurrent')}</option>
            </select>
          </label>
          {w.form.relationKind ? (
            <label>
              {t('forms.sentence.relationTo')}
              <select {...w.bind('relationTo')}>
                <option value="">{t('forms.sentence.choose')}</option>
                <SentenceOptions sentences={sentences} />
              </select>
            </label>
          ) : null}
        </>
      ) : null}
    </WriteForm>
  );
}

/** The person's sentences as options: the case, and the court. */
function SentenceOptions({ sentences }: { sentences: SentenceView[] }) {
  return (
    <>
      {sentences.map((s) => (
        <option key={s.sentenceId} value={s.sentenceId}>
          {s.caseReference}
          {s.court ? ` — ${s.court}` : ''}
        </option>
      ))}
    </>
  );
}

/** Which sentence a credit or reduction is for: the one chosen, else the last one listed. */
const chosen = (id: string, sentences: SentenceView[]) => id || sentences.at(-1)?.sentenceId || '';

/** Days held elsewhere, credited to one of the person's sentences (abono). */
export function CreditFormView({ sentences, onDone }: Omit<Props, 'personId'>) {
  const { t } = useTranslation('sentences');
  const w = useWrite<CreditForm>('credit', EMPTY_CREDIT, onDone);
  const releaseText = useReleaseText();
  const id = chosen(w.form.sentenceId, sentences);
  const send = async () => {
    const r = await post('/sentences/{sentenceId}/credits', {
      params: { path: { sentenceId: id } },
      body: creditBody(w.form) as Body<'/sentences/{sentenceId}/credits'>,
    });
    const life = sentences.some((s) => s.life);
    return <p className="ok">{t('forms.credit.done', { release: releaseText(r, life) })}</p>;
  };
  const field = (subject: string | undefined) => {
    const f = fieldOf('credit', subject);
    return f ? t(`forms.credit.${f === 'sentenceId' ? 'sentence' : f}`) : null;
  };
  return (
    <WriteForm name="credit" onSubmit={w.run(send)} field={field} busy={w.busy} done={w.done} error={w.error}>
      <label>
        {t('forms.credit.sentence')}
        <select {...w.bind('sentenceId')} value={id}>
          <SentenceOptions sentences={sentences} />
        </select>
      </label>
      <label>
        <span>
          {t('forms.credit.from')}
          <Req />
        </span>
        <input type="date" {...w.bind('from')} required />
      </label>
      <label>
        <span>
          {t('forms.credit.to')}
          <Req />
        </span>
        <input type="date" {...w.bind('to')} required />
      </label>
      <label>
        {t('forms.credit.kind')}
        <select {...w.bind('kind')}>
          {CREDIT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`creditKind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>
          {t('forms.credit.reference')}
          <Req />
        </span>
        <input {...w.bind('reference')} required autoComplete="off" />
      </label>
    </WriteForm>
  );
}

/** A reduction granted (Ley 19.856), recorded against one of the person's sentences. */
export function ReductionFormView({ sentences, onDone }: Omit<Props, 'personId'>) {
  const { t } = useTranslation('sentences');
  const w = useWrite<ReductionForm>('reduction', EMPTY_REDUCTION, onDone);
  const releaseText = useReleaseText();
  const id = chosen(w.form.sentenceId, sentences);
  const send = async () => {
    const r = await post('/sentences/{sentenceId}/reductions', {
      params: { path: { sentenceId: id } },
      body: reductionBody(w.form) as Body<'/sentences/{sentenceId}/reductions'>,
    });
    const life = sentences.some((s) => s.life);
    return <p className="ok">{t('forms.reduction.done', { release: releaseText(r, life) })}</p>;
  };
  const field = (subject: string | undefined) => {
    const f = fieldOf('reduction', subject);
    return f ? t(`forms.reduction.${f === 'sentenceId' ? 'sentence' : f}`) : null;
  };
  return (
    <WriteForm
      name="reduction"
      onSubmit={w.run(send)}
      field={field}
      busy={w.busy}
      done={w.done}
      error={w.error}
    >
      <label>
        {t('forms.reduction.sentence')}
        <select {...w.bind('sentenceId')} value={id}>
          <SentenceOptions sentences={sentences} />
        </select>
      </label>
      <label>
        <span>
          {t('forms.reduction.days')}
          <Req />
        </span>
        <input type="number" min={1} inputMode="numeric" {...w.bind('days')} required />
      </label>
      <label>
        <span>
          {t('forms.reduction.grantedAt')}
          <Req />
        </span>
        <input type="date" {...w.bind('grantedAt')} required />
      </label>
      <label>
        <span>
          {t('forms.reduction.reference')}
          <Req />
        </span>
        <input {...w.bind('reference')} required autoComplete="off" />
      </label>
    </WriteForm>
  );
}
