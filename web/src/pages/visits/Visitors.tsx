import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Body, get, post, type Schema } from '../../api';
import { ProblemView } from '../../components/status';
import { noPerson } from './Booking';
import {
  EMPTY_VISITOR,
  fieldOf,
  fullName,
  VISITOR_KINDS,
  type Visitor,
  type VisitorForm,
  visitorBody,
} from './visits';
import { useSend, violationsOf, WriteForm } from './WriteForm';

const Req = () => <span aria-hidden="true"> *</span>;

/**
 * The visitor registry: a visitor registered (or found by name or id) and enrolled to visit the
 * person chosen in the booking form, with the relationship and its kind.
 */
export function Visitors({
  person,
  onEnrolled,
}: {
  person: Schema<'PersonFound'> | null;
  onEnrolled(): void;
}) {
  const { t } = useTranslation('visits');
  const [visitor, setVisitor] = useState<Visitor | null>(null);
  return (
    <div className="visitor-forms">
      <RegisterVisitor onRegistered={setVisitor} />
      <EnrolVisitor person={person} visitor={visitor} setVisitor={setVisitor} onEnrolled={onEnrolled} />
      <p className="muted hint">{t('enrol.hint')}</p>
    </div>
  );
}

function RegisterVisitor({ onRegistered }: { onRegistered(v: Visitor): void }) {
  const { t } = useTranslation('visits');
  const [form, setForm] = useState<VisitorForm>(EMPTY_VISITOR);
  const send = useSend();
  const invalid = new Set(violationsOf(send.error).map((v) => fieldOf('visitor', v.subject)));
  const bind = (k: keyof VisitorForm) => ({
    value: form[k],
    onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value })),
    'aria-invalid': invalid.has(k) || undefined,
  });
  const submit = () =>
    void send.run(
      async () => {
        const body = visitorBody(form);
        const r = await post('/visitors', { body });
        onRegistered({ ...body, visitorId: r.visitorId, dateOfBirth: body.dateOfBirth ?? null });
        return (
          <p className="ok">
            {t(r.existing ? 'register.existing' : 'register.done', { name: fullName(body) })}
          </p>
        );
      },
      () => setForm(EMPTY_VISITOR),
    );
  return (
    <WriteForm
      id="register-visitor"
      title={t('register.title')}
      submit={t('register.submit')}
      busyText={t('register.busy')}
      send={send}
      field={(s) => {
        const f = fieldOf('visitor', s);
        return f ? t(`register.${f}`) : null;
      }}
      onSubmit={submit}
    >
      <label>
        <span>
          {t('register.givenNames')}
          <Req />
        </span>
        <input {...bind('givenNames')} required autoComplete="off" />
      </label>
      <label>
        <span>
          {t('register.familyNames')}
          <Req />
        </span>
        <input {...bind('familyNames')} required autoComplete="off" />
      </label>
      <label>
        <span>
          {t('register.nationalId')}
          <Req />
        </span>
        <input {...bind('nationalId')} required autoComplete="off" />
      </label>
      <label>
        {t('register.dateOfBirth')}
        <input type="date" {...bind('dateOfBirth')} />
      </label>
    </WriteForm>
  );
}

function EnrolVisitor({
  person,
  visitor,
  setVisitor,
  onEnrolled,
}: {
  person: Schema<'PersonFound'> | null;
  visitor: Visitor | null;
  setVisitor(v: Visitor | null): void;
  onEnrolled(): void;
}) {
  const { t } = useTranslation('visits');
  const [relationship, setRelationship] = useState('');
  const [kind, setKind] = useState<string>('family');
  const [q, setQ] = useState('');
  const [found, setFound] = useState<{ visitors?: Visitor[]; error?: unknown }>({});
  const send = useSend();
  const invalid = new Set(violationsOf(send.error).map((v) => fieldOf('enrol', v.subject)));
  useEffect(() => {
    const text = q.trim();
    if (text.length < 2 || visitor) {
      setFound({});
      return;
    }
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      get('/visitors', { params: { query: { q: text } }, signal: ctl.signal }).then(
        (r) => setFound({ visitors: r.visitors }),
        (error) => {
          if (!ctl.signal.aborted) setFound({ error });
        },
      );
    }, 200);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [q, visitor]);
  const submit = () =>
    void send.run(
      async () => {
        if (!person) throw noPerson(t('book.person'), t('book.choosePerson'));
        if (!visitor) throw noPerson(t('enrol.visitor'), t('enrol.chooseVisitor'));
        // the kind as chosen: the server checks it
        const body = { visitorId: visitor.visitorId, relationship: relationship.trim(), kind };
        await post('/people/{personId}/visitors', {
          params: { path: { personId: person.personId } },
          body: body as Body<'/people/{personId}/visitors'>,
        });
        return (
          <p className="ok">{t('enrol.done', { visitor: fullName(visitor), person: fullName(person) })}</p>
        );
      },
      () => {
        setRelationship('');
        setVisitor(null);
        onEnrolled();
      },
    );
  return (
    <WriteForm
      id="enrol-visitor"
      title={person ? t('enrol.titleFor', { name: fullName(person) }) : t('enrol.title')}
      submit={t('enrol.submit')}
      busyText={t('enrol.busy')}
      send={send}
      field={(s) => {
        const f = fieldOf('enrol', s);
        return f === 'person' ? t('book.person') : f ? t(`enrol.${f}`) : null;
      }}
      onSubmit={submit}
    >
      {visitor ? (
        <div className="picked" data-testid="enrol-visitor-chosen">
          <span>
            {t('enrol.visitor')}: <strong>{fullName(visitor)}</strong> ({visitor.nationalId})
          </span>{' '}
          <button type="button" className="secondary" onClick={() => setVisitor(null)}>
            {t('picker.change')}
          </button>
        </div>
      ) : (
        <div className="picker">
          <label>
            {t('enrol.visitor')}
            <input
              type="search"
              value={q}
              onChange={(e) => setQ(e.target.value)}
              autoComplete="off"
              aria-invalid={invalid.has('visitor') || undefined}
              data-testid="enrol-visitor-search"
            />
          </label>
          <ProblemView error={found.error} />
          {found.visitors ? (
            found.visitors.length ? (
              <ul className="picker-results" aria-label={t('picker.results')}>
                {found.visitors.map((v) => (
                  <li key={v.visitorId}>
                    <button type="button" className="secondary" onClick={() => setVisitor(v)}>
                      {t('enrol.chooseOne', { name: fullName(v), id: v.nationalId })}
                    </button>
                  </li>
                ))}
              </ul>
            ) : (
              <p role="status">{t('picker.none')}</p>
            )
          ) : null}
        </div>
      )}
      <label>
        <span>
          {t('enrol.relationship')}
          <Req />
        </span>
        <input
          value={relationship}
          onChange={(e) => setRelationship(e.target.value)}
          aria-invalid={invalid.has('relationship') || undefined}
          required
        />
      </label>
      <label>
        {t('enrol.kind')}
        <select value={kind} onChange={(e) => setKind(e.target.value)}>
          {VISITOR_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`visitorKind.${k}`)}
            </option>
          ))}
        </select>
      </label>
    </WriteForm>
  );
}
