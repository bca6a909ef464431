import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Body, post, type Schema } from '../../api';
import { href } from '../../router';
import { Req } from '../discipline/ChargeForm';
import { noPerson } from '../visits/Booking';
import { PersonPicker } from '../visits/PersonPicker';
import { fullName } from '../visits/visits';
import { useSend, violationsOf, WriteForm } from '../visits/WriteForm';
import { ADDRESSEES, type ComplaintForm, complaintBody, EMPTY_COMPLAINT, fieldOf } from './complaints';

/**
 * Lodging a request or complaint for a person held: to the governor, the inspector or a judge; to the
 * inspector it may be confidential (readable by inspectors only). Its answer is due by the profile's deadline.
 */
export function LodgeForm({ facility, tz, onLodged }: { facility: string; tz: string; onLodged(): void }) {
  const { t } = useTranslation('complaints');
  const [person, setPerson] = useState<Schema<'PersonFound'> | null>(null);
  const [form, setForm] = useState<ComplaintForm>(EMPTY_COMPLAINT);
  const send = useSend();
  const invalid = new Set(violationsOf(send.error).map((v) => fieldOf('complaint', v.subject)));
  const bind = (k: 'addressee' | 'subject' | 'text' | 'receivedAt') => ({
    value: form[k],
    onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value })),
    'aria-invalid': invalid.has(k) || undefined,
  });
  const submit = () =>
    void send.run(
      async () => {
        if (!person) throw noPerson(t('lodge.person'), t('lodge.choosePerson'));
        // the addressee as chosen: the server checks it
        const r = await post('/complaints', {
          body: complaintBody(person.personId, form, tz) as Body<'/complaints'>,
        });
        return (
          <p className="ok" data-complaint={r.complaintId}>
            <a href={href('complaints', r.complaintId)}>{t('lodge.done', { name: fullName(person) })}</a>
          </p>
        );
      },
      () => {
        setForm(EMPTY_COMPLAINT);
        setPerson(null);
        onLodged();
      },
    );
  return (
    <WriteForm
      id="lodge-complaint"
      title={t('lodge.title')}
      submit={t('lodge.submit')}
      busyText={t('lodge.busy')}
      send={send}
      field={(s) => {
        const f = fieldOf('complaint', s);
        return f ? t(`lodge.${f}`) : null;
      }}
      onSubmit={submit}
    >
      <PersonPicker
        facility={facility}
        label={t('lodge.person')}
        chosen={person}
        onChoose={(p) => {
          setPerson(p);
          send.reset();
        }}
        testId="complaint-person"
        invalid={invalid.has('person')}
      />
      <label>
        {t('lodge.addressee')}
        <select {...bind('addressee')}>
          {ADDRESSEES.map((a) => (
            <option key={a} value={a}>
              {t(`addressee.${a}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={form.confidential}
          onChange={(e) => setForm((f) => ({ ...f, confidential: e.target.checked }))}
          aria-invalid={invalid.has('confidential') || undefined}
          aria-describedby="lodge-confidential-hint"
        />
        {t('lodge.confidential')}
      </label>
      <p id="lodge-confidential-hint" className="muted hint">
        {t('lodge.confidentialHint')}
      </p>
      <label>
        <span>
          {t('lodge.subject')}
          <Req />
        </span>
        <input {...bind('subject')} required autoComplete="off" />
      </label>
      <label>
        <span>
          {t('lodge.text')}
          <Req />
        </span>
        <textarea {...bind('text')} required rows={4} />
      </label>
      <label>
        {t('lodge.receivedAt')}
        <input type="datetime-local" {...bind('receivedAt')} />
        <span className="muted hint">{t('lodge.nowIfEmpty', { tz })}</span>
      </label>
    </WriteForm>
  );
}
