import { useTranslation } from 'react-i18next';
import type { SanctionKind } from '../../../../src/domain/register/events-rights.js';
import { type Body, post } from '../../api';
import { WriteForm } from '../visits/WriteForm';
import { Req } from './ChargeForm';
import {
  type Catalogue,
  type ChargeView,
  EMPTY_HEARING,
  fieldOf,
  hearingBody,
  maxDays,
  PLEAS,
  type SanctionRow,
  sanctionKinds,
  WITH_DAYS,
} from './discipline';
import { useFields } from './Forms';

/**
 * A hearing: when and by whom, whether the person was heard, with interpreter, legal assistance,
 * plea and evidence; the outcome; the sanctions from the national catalogue, each with its days and
 * its limit. Every refusal (no notice first, isolation too long, …) comes back at once, in words.
 */
export function HearingForm({
  charge,
  tz,
  catalogue,
  onDone,
}: {
  charge: ChargeView;
  tz: string;
  catalogue: Catalogue | undefined;
  onDone(): void;
}) {
  const { t } = useTranslation('discipline');
  const f = useFields('hearing', EMPTY_HEARING);
  const { value, setValue } = f;
  const kinds = sanctionKinds(catalogue);
  const setRows = (change: (rows: SanctionRow[]) => SanctionRow[]) =>
    setValue((v) => ({ ...v, sanctions: change(v.sanctions) }));
  const setRow = (i: number, row: Partial<SanctionRow>) =>
    setRows((rows) => rows.map((r, j) => (j === i ? { ...r, ...row } : r)));
  const submit = () =>
    void f.send.run(async () => {
      // the values as typed: the server checks them and names each it refuses
      const c = await post('/disciplinary-charges/{chargeId}/hearing', {
        params: { path: { chargeId: charge.chargeId } },
        body: hearingBody(value, tz) as Body<'/disciplinary-charges/{chargeId}/hearing'>,
      });
      return (
        <p className="ok">
          {t('hearing.done', { outcome: t(`outcome.${c.hearing?.outcome ?? value.outcome}`) })}
        </p>
      );
    }, onDone);
  const text = (k: 'adjudicator' | 'interpreter' | 'legalAssistance') => (
    <label>
      {k === 'adjudicator' ? (
        <span>
          {t('hearing.adjudicator')}
          <Req />
        </span>
      ) : (
        t(`hearing.${k}`)
      )}
      <input {...f.bind(k)} required={k === 'adjudicator'} autoComplete="off" />
    </label>
  );
  return (
    <WriteForm
      id="charge-hearing-form"
      title={t('hearing.form')}
      submit={t('hearing.submit')}
      busyText={t('busy')}
      send={f.send}
      field={(s) => {
        const x = fieldOf('hearing', s);
        return x ? t(`hearing.${x}`) : null;
      }}
      onSubmit={submit}
    >
      {charge.notice ? null : (
        <p className="warn" data-testid="hearing-no-notice">
          {t('hearing.noNotice')}
        </p>
      )}
      <label>
        {t('hearing.heldAt')}
        <input type="datetime-local" {...f.bind('heldAt')} />
        <span className="muted hint">{t('nowIfEmpty')}</span>
      </label>
      {text('adjudicator')}
      <label className="check">
        <input
          type="checkbox"
          checked={value.heard}
          onChange={(e) => setValue((v) => ({ ...v, heard: e.target.checked }))}
          aria-invalid={f.invalid.has('heard') || undefined}
        />
        {t('hearing.heardCheck')}
      </label>
      {text('interpreter')}
      {text('legalAssistance')}
      <label>
        {t('hearing.plea')}
        <select {...f.bind('plea')}>
          <option value="">—</option>
          {PLEAS.map((p) => (
            <option key={p} value={p}>
              {t(`plea.${p}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('hearing.evidence')}
        <textarea {...f.bind('evidence')} rows={2} />
      </label>
      <label>
        {t('hearing.outcome')}
        <select {...f.bind('outcome')}>
          <option value="proved">{t('outcome.proved')}</option>
          <option value="dismissed">{t('outcome.dismissed')}</option>
        </select>
      </label>
      <fieldset aria-invalid={f.invalid.has('sanctions') || undefined} data-testid="hearing-sanctions">
        <legend>{t('hearing.sanctions')}</legend>
        {value.sanctions.length ? null : <p className="muted">{t('hearing.noSanctions')}</p>}
        {value.sanctions.map((s, i) => {
          const kind = s.kind as SanctionKind;
          const max = maxDays(catalogue, kind);
          const n = i + 1;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: the rows have no identity but their place
            <div className="sanction-row" key={i} data-testid="sanction-row">
              <label>
                {t('hearing.sanctionKind', { n })}
                <select
                  value={s.kind}
                  onChange={(e) =>
                    setRow(i, {
                      kind: e.target.value,
                      ...(WITH_DAYS.includes(e.target.value as SanctionKind) ? {} : { days: '' }),
                    })
                  }
                >
                  {kinds.map((k) => (
                    <option key={k} value={k}>
                      {t(`sanction.${k}`)}
                    </option>
                  ))}
                </select>
              </label>
              {WITH_DAYS.includes(kind) ? (
                <label>
                  {t('hearing.sanctionDays', { n })}
                  <input
                    type="number"
                    min={1}
                    inputMode="numeric"
                    value={s.days}
                    onChange={(e) => setRow(i, { days: e.target.value })}
                  />
                  {max ? <span className="muted hint">{t('hearing.maxDays', { count: max })}</span> : null}
                </label>
              ) : null}
              <button
                type="button"
                className="secondary"
                onClick={() => setRows((rows) => rows.filter((_, j) => j !== i))}
              >
                {t('hearing.removeSanction', { n })}
              </button>
            </div>
          );
        })}
        <button
          type="button"
          className="secondary"
          onClick={() => setRows((rows) => [...rows, { kind: kinds[0] ?? 'warning', days: '' }])}
        >
          {t('hearing.addSanction')}
        </button>
      </fieldset>
    </WriteForm>
  );
}
