import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Body, post, type Schema } from '../../api';
import { href } from '../../router';
import { noPerson } from '../visits/Booking';
import { PersonPicker } from '../visits/PersonPicker';
import { fullName } from '../visits/visits';
import { useSend, violationsOf, WriteForm } from '../visits/WriteForm';
import {
  type Catalogue,
  chargeBody,
  EMPTY_CHARGE,
  type ChargeForm as Form,
  fieldOf,
  SEVERITIES,
} from './discipline';

export const Req = () => <span aria-hidden="true"> *</span>;

/**
 * Laying a charge: the person (found by search), the incident, the offence (from the national
 * catalogue, or typed when the profile has none or it is not in it), its grade, what happened and when.
 */
export function ChargeForm({
  facility,
  tz,
  catalogue,
  onCharged,
}: {
  facility: string;
  tz: string;
  catalogue: Catalogue | undefined;
  onCharged(): void;
}) {
  const { t, i18n } = useTranslation('discipline');
  const [person, setPerson] = useState<Schema<'PersonFound'> | null>(null);
  const [form, setForm] = useState<Form>(EMPTY_CHARGE);
  const send = useSend();
  const invalid = new Set(violationsOf(send.error).map((v) => fieldOf('charge', v.subject)));
  const offences = catalogue?.offences ?? [];
  const label = (f: string | null) => (f ? t(`charge.${f}`) : null);
  const set = (k: keyof Form, value: string) => setForm((f) => ({ ...f, [k]: value }));
  const bind = (k: keyof Form) => ({
    value: form[k],
    onChange: (e: { target: { value: string } }) => set(k, e.target.value),
    'aria-invalid': invalid.has(k) || undefined,
  });
  const chooseOffence = (code: string) => {
    const o = offences.find((x) => x.code === code);
    setForm((f) => ({ ...f, offence: code, ...(o ? { severity: o.severity } : {}) }));
  };
  const submit = () =>
    void send.run(
      async () => {
        if (!person) throw noPerson(t('charge.person'), t('charge.choosePerson'));
        // the values as typed: the server checks them and names each it refuses
        const r = await post('/disciplinary-charges', {
          body: chargeBody(person.personId, form, tz) as Body<'/disciplinary-charges'>,
        });
        return (
          <p className="ok" data-charge={r.chargeId}>
            <a href={href('discipline', r.chargeId)}>{t('charge.done', { name: fullName(person) })}</a>
          </p>
        );
      },
      () => {
        setForm(EMPTY_CHARGE);
        setPerson(null);
        onCharged();
      },
    );
  return (
    <WriteForm
      id="lay-charge"
      title={t('charge.title')}
      submit={t('charge.submit')}
      busyText={t('charge.busy')}
      send={send}
      field={(s) => label(fieldOf('charge', s))}
      onSubmit={submit}
    >
      <PersonPicker
        facility={facility}
        label={t('charge.person')}
        chosen={person}
        onChoose={(p) => {
          setPerson(p);
          send.reset();
        }}
        testId="charge-person"
        invalid={invalid.has('person')}
      />
      <label>
        <span>
          {t('charge.incidentReference')}
          <Req />
        </span>
        <input {...bind('incidentReference')} required autoComplete="off" />
      </label>
      {offences.length ? (
        <label>
          {t('charge.offence')}
          <select
            value={form.offence}
            onChange={(e) => chooseOffence(e.target.value)}
            aria-invalid={invalid.has('offence') || invalid.has('code') || undefined}
          >
            <option value="">{t('charge.otherOffence')}</option>
            {offences.map((o) => (
              <option key={o.code} value={o.code}>
                {o.code} — {i18n.language === 'es' ? o.name.es : o.name.en} ({t(`severity.${o.severity}`)})
              </option>
            ))}
          </select>
        </label>
      ) : (
        <p className="muted hint">{t('charge.noCatalogue')}</p>
      )}
      {form.offence ? null : (
        <label>
          <span>
            {t('charge.code')}
            <Req />
          </span>
          <input {...bind('code')} required autoComplete="off" />
        </label>
      )}
      <label>
        {t('charge.severity')}
        <select {...bind('severity')}>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {t(`severity.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>
          {t('charge.description')}
          <Req />
        </span>
        <textarea {...bind('description')} required rows={3} />
      </label>
      <label>
        <span>
          {t('charge.occurredAt')}
          <Req />
        </span>
        <input type="datetime-local" {...bind('occurredAt')} required />
      </label>
      <p className="muted hint">{t('zone', { tz })}</p>
    </WriteForm>
  );
}
