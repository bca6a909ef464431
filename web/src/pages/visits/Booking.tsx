import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type Body, post, type Schema } from '../../api';
import { ProblemView, useGet } from '../../components/status';
import { formatDate } from '../../format';
import { PersonPicker } from './PersonPicker';
import { EMPTY_BOOKING, fieldOf, fullName, VISIT_KINDS, visitBody } from './visits';
import { useSend, violationsOf, WriteForm } from './WriteForm';

const Req = () => <span aria-hidden="true"> *</span>;

/**
 * Booking a visit: the person (found by search), the visitors enrolled for them (checkboxes), the
 * kind, the start and end on the facility's clock. A refusal says why in words, the field named.
 */
export function Booking({
  facility,
  tz,
  person,
  setPerson,
  onBooked,
  tick,
}: {
  facility: string;
  tz: string;
  person: Schema<'PersonFound'> | null;
  setPerson(p: Schema<'PersonFound'> | null): void;
  onBooked(date: string): void;
  /** changes when a visitor was enrolled: the list is read again */
  tick: number;
}) {
  const { t, i18n } = useTranslation('visits');
  const [form, setForm] = useState(EMPTY_BOOKING);
  const [chosen, setChosen] = useState<string[]>([]);
  const send = useSend();
  const enrolled = useGet(
    '/people/{personId}/visitors',
    person ? { params: { path: { personId: person.personId } } } : null,
    false,
  );
  const { reload } = enrolled;
  // a visitor enrolled beside: the list read again
  useEffect(() => {
    if (tick) reload();
  }, [tick, reload]);
  const visitors = person ? (enrolled.data?.visitors ?? []) : [];
  const invalid = new Set(
    violationsOf(send.error)
      .map((v) => fieldOf('booking', v.subject, chosen))
      .filter(Boolean),
  );
  const label = (f: string | null) =>
    f === 'person' ? t('book.person') : f === 'visitors' ? t('book.visitors') : f ? t(`book.${f}`) : null;
  const choose = (p: Schema<'PersonFound'> | null) => {
    setPerson(p);
    setChosen([]);
    send.reset();
  };
  const submit = () =>
    void send.run(
      async () => {
        if (!person) throw noPerson(t('book.person'), t('book.choosePerson'));
        // the values as typed: the server checks them and names each it refuses
        const r = await post('/visits', {
          body: visitBody(person.personId, chosen, form, tz) as Body<'/visits'>,
        });
        return (
          <p className="ok" data-visit={r.visitId}>
            {t('book.done', { name: fullName(person), start: form.startsAt.replace('T', ' ') })}
          </p>
        );
      },
      () => {
        const day = form.startsAt.slice(0, 10);
        setForm((f) => ({ ...f, startsAt: '', endsAt: '' }));
        setChosen([]);
        onBooked(day);
      },
    );
  const bind = (k: keyof typeof EMPTY_BOOKING) => ({
    value: form[k],
    onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value })),
    'aria-invalid': invalid.has(k) || undefined,
  });
  return (
    <WriteForm
      id="book-visit"
      title={t('book.title')}
      submit={t('book.submit')}
      busyText={t('book.busy')}
      send={send}
      field={(s) => label(fieldOf('booking', s, chosen))}
      onSubmit={submit}
    >
      <PersonPicker
        facility={facility}
        label={t('book.person')}
        chosen={person}
        onChoose={choose}
        testId="visit-person"
        invalid={invalid.has('person')}
      />
      {person ? (
        <fieldset aria-invalid={invalid.has('visitors') || undefined} data-testid="visit-visitors">
          <legend>{t('book.visitors')}</legend>
          {enrolled.error ? <ProblemView error={enrolled.error} /> : null}
          {!visitors.length && enrolled.data ? <p className="muted">{t('book.noVisitors')}</p> : null}
          {visitors.map((v) => (
            <label key={v.visitorId} className="check">
              <input
                type="checkbox"
                checked={chosen.includes(v.visitorId)}
                onChange={(e) =>
                  setChosen((c) =>
                    e.target.checked ? [...c, v.visitorId] : c.filter((x) => x !== v.visitorId),
                  )
                }
              />
              {fullName(v)} — {v.relationship} ({t(`visitorKind.${v.kind}`, { defaultValue: v.kind })})
              {v.bannedUntil
                ? ` · ${t('book.bannedUntil', { date: formatDate(v.bannedUntil, i18n.language) })}`
                : ''}
            </label>
          ))}
        </fieldset>
      ) : null}
      <label>
        {t('book.kind')}
        <select {...bind('kind')}>
          {VISIT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`kind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>
          {t('book.startsAt')}
          <Req />
        </span>
        <input type="datetime-local" {...bind('startsAt')} required data-testid="visit-starts" />
      </label>
      <label>
        <span>
          {t('book.endsAt')}
          <Req />
        </span>
        <input type="datetime-local" {...bind('endsAt')} required data-testid="visit-ends" />
      </label>
      <p className="muted hint">{t('book.zone', { tz })}</p>
    </WriteForm>
  );
}

/** A refusal made on the page, before asking (nobody chosen), shown like the server's. */
export const noPerson = (field: string, message: string) =>
  // refused here, before any request: no server instance to name
  new ApiError(400, {
    type: 'about:blank',
    title: message,
    status: 400,
    detail: `${field}: ${message}`,
    instance: '',
  });
