import { type FormEvent, type ReactNode, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type FacilitySummary } from '../api';
import { Loading, ProblemView, useApi } from '../components/status';
import { formatDate, formatTime, percent } from '../format';
import { href } from '../router';
import { useSession } from '../session';
import type { PageProps } from '.';
import './people.css';

interface SearchResult {
  personId: string;
  givenNames: string;
  familyNames: string;
  dateOfBirth: string;
  nationalId?: string | null;
  registerNumber: number;
  facility: string | null;
  cell: string | null;
  status: string | null;
  inCustody?: boolean;
  score: number;
}

interface LegalBasis {
  kind: string;
  reference: string;
  issuedBy: string;
  issuedAt: string;
  expiresAt?: string | null;
}

interface CustodyView {
  custodyId: string;
  facility: string;
  cell: string | null;
  status: string;
  securityLevel: string | null;
  groups: string[] | null;
  legalBasis: LegalBasis | null;
  admittedAt: string;
  releasedAt: string | null;
  releaseReason: string | null;
}

interface Duty {
  id: string;
  kind: string;
  facility: string;
  since: string;
  doneAt: string | null;
  note: string | null;
  restricted?: string[];
  status: 'open' | 'done' | 'cancelled';
  due: { profile: string; rule: string; ref: string; dueAt: string }[];
}

interface Incident {
  id: string;
  facility: string;
  occurredAt: string;
  kind: string;
  unit: string | null;
  people: string[];
  forceUsed: boolean;
  description: string;
}

interface NonAssociation {
  id: string;
  other: string;
  scope: string;
  reason: string;
  details: string | null;
  openedAt: string;
  closedAt: string | null;
  closeReason: string | null;
}

interface TimelineEvent {
  seq: number;
  kind: string;
  effectiveAt: string;
  recordedAt: string;
  actor: string;
  facility: string | null;
  corrects: number | null;
  correctedBy: number[];
  payload: Record<string, unknown>;
}

interface PersonView {
  personId: string;
  givenNames: string;
  familyNames: string;
  dateOfBirth: string;
  sex: string;
  nationalId: string | null;
  registerNumber: number;
  inCustody: boolean;
  custody: CustodyView | null;
  custodies: CustodyView[];
  duties: Duty[];
  incidents: Incident[];
  nonAssociations: NonAssociation[];
  timeline: TimelineEvent[];
}

/** `#/people` is the search; `#/people/<id>` a person's record. */
export function People({ route }: PageProps) {
  const id = route[1];
  return id ? <PersonRecord key={id} id={id} /> : <Search />;
}

/** The time zone to show a facility's times in (the selected facility's, or UTC, when unknown). */
function useZone() {
  const { facilities, facility } = useSession();
  return (code: string | null | undefined) =>
    facilities.find((f) => f.code === code)?.timezone ?? facility?.timezone ?? 'UTC';
}

/** Results asked for at most; more than this: the reader refines the search. */
const LIMIT = 50;

const hashQuery = () => new URLSearchParams(location.hash.split('?')[1] ?? '');

function Search() {
  const { t, i18n } = useTranslation('people');
  const { facilities } = useSession();
  const [q, setQ] = useState(() => hashQuery().get('q') ?? '');
  const [scope, setScope] = useState(() => hashQuery().get('facility') ?? '');
  const [state, setState] = useState<{
    results?: SearchResult[];
    q?: string;
    error?: unknown;
    busy: boolean;
  }>({ busy: false });
  const hintId = useId();
  const lang = i18n.language;

  useEffect(() => {
    const text = q.trim();
    const params = new URLSearchParams({ q: text, ...(scope ? { facility: scope } : {}) });
    // the search stays in the address, so Back from a record returns to it
    history.replaceState(null, '', text ? `#/people?${params}` : '#/people');
    params.set('limit', String(LIMIT));
    if (text.length < 2) {
      setState({ busy: false });
      return;
    }
    const ctl = new AbortController();
    // type-ahead: ask once the typing pauses
    const timer = setTimeout(() => {
      setState((s) => ({ ...s, busy: true }));
      api<{ results: SearchResult[] }>(`/people?${params}`, { signal: ctl.signal }).then(
        (r) => setState({ results: r.results, q: text, busy: false }),
        (error) => {
          if (!ctl.signal.aborted) setState({ error, busy: false });
        },
      );
    }, 200);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [q, scope]);

  const results = state.results;
  return (
    <>
      <h1>{t('search.title')}</h1>
      <search className="row people-search">
        <label>
          {t('search.label')}
          <input
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            aria-describedby={hintId}
            autoComplete="off"
            spellCheck={false}
            data-testid="people-search"
          />
        </label>
        <label>
          {t('search.scope')}
          <select value={scope} onChange={(e) => setScope(e.target.value)}>
            <option value="">{t('search.allFacilities')}</option>
            {facilities.map((f) => (
              <option key={f.code} value={f.code}>
                {f.code}
              </option>
            ))}
          </select>
        </label>
      </search>
      <p id={hintId} className="muted people-hint">
        {t('search.hint')}
      </p>
      <div role="status" className="people-count" data-testid="people-search-status">
        {q.trim().length === 1 ? t('search.tooShort') : null}
        {state.busy ? t('loading', { ns: 'common' }) : null}
        {!state.busy && results && state.q
          ? results.length
            ? t('search.results', { count: results.length })
            : t('search.noResults', { q: state.q })
          : null}
        {!state.busy && results && results.length >= LIMIT ? ` ${t('search.more', { count: LIMIT })}` : null}
      </div>
      <ProblemView error={state.error} />
      {results?.length ? (
        <table data-testid="people-results">
          <caption className="visually-hidden">{t('search.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('search.name')}</th>
              <th scope="col">{t('search.dateOfBirth')}</th>
              <th scope="col">{t('search.nationalId')}</th>
              <th scope="col">{t('search.registerNumber')}</th>
              <th scope="col">{t('search.facility')}</th>
              <th scope="col">{t('search.cell')}</th>
              <th scope="col">{t('search.status')}</th>
              <th scope="col">{t('search.score')}</th>
            </tr>
          </thead>
          <tbody>
            {results.map((r) => (
              <tr key={r.personId}>
                <th scope="row">
                  <a href={href('people', r.personId)} data-testid="person-link">
                    {r.familyNames}, {r.givenNames}
                  </a>
                </th>
                <td>{formatDate(r.dateOfBirth, lang)}</td>
                <td>{r.nationalId ?? '—'}</td>
                <td>{r.registerNumber}</td>
                <td>{r.facility ?? '—'}</td>
                <td>{r.cell ?? '—'}</td>
                <td>{t(`status.${r.status ?? 'none'}`)}</td>
                <td>{percent(r.score, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}

function PersonRecord({ id }: { id: string }) {
  const { t, i18n } = useTranslation('people');
  const { me, facility } = useSession();
  const zone = useZone();
  const { data: p, error, reload } = useApi<PersonView>(`/people/${encodeURIComponent(id)}`, false);
  const lang = i18n.language;
  if (!p)
    return (
      <>
        <h1>{t('search.title')}</h1>
        <p>
          <a href={href('people')}>{t('record.back')}</a>
        </p>
        {error ? <ProblemView error={error} /> : <Loading />}
      </>
    );

  const c = p.custody;
  const shown = c ?? p.custodies[0] ?? null;
  const canMove = me.roles.some((r) => r === 'officer' || r === 'governor');
  const canTransfer = me.roles.some((r) => r === 'governor' || r === 'records');
  const time = (iso: string | null | undefined, facility: string | null | undefined) =>
    formatTime(iso, zone(facility), lang);
  const zones = [...new Set(p.timeline.map((e) => zone(e.facility ?? shown?.facility)))];

  return (
    <div className="person" data-testid="person-record">
      <p>
        <a href={href('people')}>{t('record.back')}</a>
      </p>
      <h1>
        {p.givenNames} {p.familyNames}
      </h1>
      <ProblemView error={error} />

      <div className="person-grid">
        <section aria-labelledby="person-identity">
          <h2 id="person-identity">{t('record.identity')}</h2>
          <dl className="facts">
            <dt>{t('record.givenNames')}</dt>
            <dd>{p.givenNames}</dd>
            <dt>{t('record.familyNames')}</dt>
            <dd>{p.familyNames}</dd>
            <dt>{t('record.dateOfBirth')}</dt>
            <dd>{formatDate(p.dateOfBirth, lang)}</dd>
            <dt>{t('record.sex')}</dt>
            <dd>{t(`sex.${p.sex}`, { defaultValue: p.sex })}</dd>
            <dt>{t('record.nationalId')}</dt>
            <dd>{p.nationalId ?? '—'}</dd>
            <dt>{t('record.registerNumber')}</dt>
            <dd>{p.registerNumber}</dd>
            <dt>{t('record.personId')}</dt>
            <dd>
              <code>{p.personId}</code>
            </dd>
          </dl>
        </section>

        <section aria-labelledby="person-custody">
          <h2 id="person-custody">{t('record.custody')}</h2>
          {c ? null : <p data-testid="not-in-custody">{t('record.notInCustody')}</p>}
          {shown ? (
            <dl className="facts" data-testid="custody-facts">
              <dt>{t('record.status')}</dt>
              <dd data-testid="custody-status">
                {t(`status.${shown.releasedAt ? 'released' : shown.status}`)}
              </dd>
              <dt>{t('record.facility')}</dt>
              <dd>{shown.facility}</dd>
              <dt>{t('record.cell')}</dt>
              <dd data-testid="custody-cell">
                {shown.cell && shown.facility === facility?.code ? (
                  <a href={href('cell', shown.cell)}>{shown.cell}</a>
                ) : (
                  (shown.cell ?? '—')
                )}
              </dd>
              <dt>{t('record.admittedAt')}</dt>
              <dd>{time(shown.admittedAt, shown.facility)}</dd>
              {shown.releasedAt ? (
                <>
                  <dt>{t('record.releasedAt')}</dt>
                  <dd>{time(shown.releasedAt, shown.facility)}</dd>
                  <dt>{t('record.releaseReason')}</dt>
                  <dd>{shown.releaseReason ?? '—'}</dd>
                </>
              ) : null}
            </dl>
          ) : null}
        </section>

        {shown ? (
          <section aria-labelledby="person-classification">
            <h2 id="person-classification">{t('record.classification')}</h2>
            <dl className="facts">
              <dt>{t('record.securityLevel')}</dt>
              <dd data-testid="security-level">{t(`securityLevel.${shown.securityLevel ?? 'none'}`)}</dd>
              <dt>{t('record.groups')}</dt>
              <dd data-testid="groups">
                {shown.groups?.length ? shown.groups.join(', ') : t('record.noGroups')}
              </dd>
            </dl>
          </section>
        ) : null}

        {shown ? (
          <section aria-labelledby="person-basis">
            <h2 id="person-basis">{t('record.legalBasis')}</h2>
            <LegalBasisFacts basis={shown.legalBasis} time={(iso) => time(iso, shown.facility)} />
          </section>
        ) : null}
      </div>

      {c && (canMove || canTransfer) ? (
        <section aria-labelledby="person-actions" className="person-actions">
          <h2 id="person-actions">{t('actions')}</h2>
          <div className="action-forms">
            {canMove ? <MoveForm personId={p.personId} custody={c} onDone={reload} /> : null}
            {canTransfer ? <TransferForm personId={p.personId} custody={c} onDone={reload} /> : null}
          </div>
        </section>
      ) : null}

      <RecordTable
        id="person-na"
        title={t('record.nonAssociations')}
        caption={t('record.nonAssociationsCaption')}
        testId="non-associations"
        columns={[
          t('record.other'),
          t('record.scope'),
          t('record.reason'),
          t('record.details'),
          t('record.openedAt'),
          t('record.closedAt'),
        ]}
        rows={p.nonAssociations}
        row={(n) => (
          <tr key={n.id}>
            <td>
              <a href={href('people', n.other)}>
                <code>{n.other}</code>
              </a>
            </td>
            <td>{t(`scope.${n.scope}`, { defaultValue: n.scope })}</td>
            <td>{t(`naReason.${n.reason}`, { defaultValue: n.reason })}</td>
            <td>{n.details ?? '—'}</td>
            <td>{time(n.openedAt, shown?.facility)}</td>
            <td>
              {n.closedAt
                ? `${time(n.closedAt, shown?.facility)}${n.closeReason ? ` — ${n.closeReason}` : ''}`
                : t('record.open')}
            </td>
          </tr>
        )}
        none={t('record.none')}
      />

      <RecordTable
        id="person-duties"
        title={t('record.duties')}
        caption={t('record.dutiesCaption')}
        testId="duties"
        columns={[
          t('record.duty'),
          t('record.facility'),
          t('record.since'),
          t('record.due'),
          t('record.dutyStatus'),
          t('record.doneAt'),
          t('record.note'),
        ]}
        rows={p.duties}
        row={(d) => {
          const overdue = d.status === 'open' && d.due.some((x) => Date.parse(x.dueAt) < Date.now());
          const status = overdue ? 'overdue' : d.status;
          return (
            <tr key={d.id} data-duty={d.kind}>
              <td>{t(`dutyKind.${d.kind}`, { defaultValue: d.kind })}</td>
              <td>{d.facility}</td>
              <td>{time(d.since, d.facility)}</td>
              <td>
                {d.due.length ? (
                  <ul className="plain">
                    {d.due.map((x) => (
                      <li key={`${x.profile}:${x.rule}`}>
                        {t('record.dueLine', {
                          profile: x.profile,
                          ref: x.ref,
                          dueAt: time(x.dueAt, d.facility),
                        })}
                      </li>
                    ))}
                  </ul>
                ) : (
                  '—'
                )}
              </td>
              <td>
                <span className={`duty-status duty-${status}`}>{t(`dutyStatus.${status}`)}</span>
              </td>
              <td>{time(d.doneAt, d.facility)}</td>
              <td>{d.restricted?.length ? t('record.restricted') : (d.note ?? '—')}</td>
            </tr>
          );
        }}
        none={t('record.none')}
      />

      <RecordTable
        id="person-incidents"
        title={t('record.incidents')}
        caption={t('record.incidentsCaption')}
        testId="incidents"
        columns={[
          t('record.occurredAt'),
          t('record.incidentKind'),
          t('record.facility'),
          t('record.unit'),
          t('record.forceUsed'),
          t('record.description'),
        ]}
        rows={p.incidents}
        row={(i) => (
          <tr key={i.id}>
            <td>{time(i.occurredAt, i.facility)}</td>
            <td>{t(`incidentKind.${i.kind}`, { defaultValue: i.kind })}</td>
            <td>{i.facility}</td>
            <td>{i.unit ?? '—'}</td>
            <td>{i.forceUsed ? t('record.yes') : t('record.no')}</td>
            <td>{i.description}</td>
          </tr>
        )}
        none={t('record.none')}
      />

      {p.custodies.length > 1 ? (
        <RecordTable
          id="person-custodies"
          title={t('record.custodies')}
          caption={t('record.custodiesCaption')}
          columns={[
            t('record.facility'),
            t('record.status'),
            t('record.admittedAt'),
            t('record.releasedAt'),
            t('record.legalBasis'),
          ]}
          rows={p.custodies}
          row={(x) => (
            <tr key={x.custodyId}>
              <td>{x.facility}</td>
              <td>{t(`status.${x.releasedAt ? 'released' : x.status}`)}</td>
              <td>{time(x.admittedAt, x.facility)}</td>
              <td>{time(x.releasedAt, x.facility)}</td>
              <td>
                {x.legalBasis
                  ? `${t(`legalBasisKind.${x.legalBasis.kind}`, { defaultValue: x.legalBasis.kind })} ${x.legalBasis.reference}`
                  : '—'}
              </td>
            </tr>
          )}
          none={t('record.none')}
        />
      ) : null}

      <section aria-labelledby="person-timeline">
        <h2 id="person-timeline">{t('record.timeline')}</h2>
        <p className="muted">{t('record.timeZone', { zone: zones.join(', ') || zone(shown?.facility) })}</p>
        <table data-testid="timeline">
          <caption className="visually-hidden">{t('record.timelineCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('record.seq')}</th>
              <th scope="col">{t('record.time')}</th>
              <th scope="col">{t('record.event')}</th>
              <th scope="col">{t('record.eventFacility')}</th>
              <th scope="col">{t('record.details')}</th>
              <th scope="col">{t('record.actor')}</th>
            </tr>
          </thead>
          <tbody>
            {p.timeline.map((e) => (
              <tr key={e.seq} data-kind={e.kind}>
                <td>{e.seq}</td>
                <td>
                  <time dateTime={e.effectiveAt}>{time(e.effectiveAt, e.facility ?? shown?.facility)}</time>
                </td>
                <td>{t(`kinds.${e.kind}`, { defaultValue: t('kindUnknown', { kind: e.kind }) })}</td>
                <td>{e.facility ?? '—'}</td>
                <td>
                  <EventDetails e={e} personId={p.personId} />
                </td>
                <td>{e.actor}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

function LegalBasisFacts({ basis, time }: { basis: LegalBasis | null; time: (iso: string) => string }) {
  const { t } = useTranslation('people');
  if (!basis) return <p>{t('record.noLegalBasis')}</p>;
  return (
    <dl className="facts" data-testid="legal-basis">
      <dt>{t('record.legalBasisKind')}</dt>
      <dd>{t(`legalBasisKind.${basis.kind}`, { defaultValue: basis.kind })}</dd>
      <dt>{t('record.reference')}</dt>
      <dd>{basis.reference}</dd>
      <dt>{t('record.issuedBy')}</dt>
      <dd>{basis.issuedBy}</dd>
      <dt>{t('record.issuedAt')}</dt>
      <dd>{time(basis.issuedAt)}</dd>
      {basis.expiresAt ? (
        <>
          <dt>{t('record.expiresAt')}</dt>
          <dd>{time(basis.expiresAt)}</dd>
        </>
      ) : null}
    </dl>
  );
}

/** What an event says, in words: the parts of its payload a reader needs. */
function EventDetails({ e, personId }: { e: TimelineEvent; personId: string }) {
  const { t } = useTranslation('people');
  const p = e.payload ?? {};
  const s = (k: string) => (p[k] === undefined || p[k] === null ? '—' : String(p[k]));
  const parts: string[] = [];
  switch (e.kind) {
    case 'custody.admitted': {
      parts.push(t('details.admitted', { cell: s('cell'), status: t(`status.${s('status')}`) }));
      const lb = p.legalBasis as LegalBasis | null | undefined;
      if (lb)
        parts.push(
          t('details.basis', {
            kind: t(`legalBasisKind.${lb.kind}`, { defaultValue: lb.kind }),
            reference: lb.reference,
          }),
        );
      break;
    }
    case 'custody.moved':
      parts.push(t('details.moved', { from: s('from'), to: s('to') }));
      break;
    case 'custody.transferred':
      parts.push(
        t('details.transferred', {
          from: s('from'),
          fromCell: s('fromCell'),
          to: s('to'),
          toCell: s('toCell'),
        }),
      );
      break;
    case 'custody.released':
      parts.push(t('details.released', { cell: s('cell') }));
      break;
    case 'custody.died':
      parts.push(t('details.died', { cell: s('cell') }));
      if (p.circumstances) parts.push(String(p.circumstances));
      break;
    case 'duty.fulfilled':
      parts.push(t(`dutyKind.${s('kind')}`, { defaultValue: s('kind') }));
      if (p.note) parts.push(t('details.note', { note: s('note') }));
      break;
    case 'record.corrected':
      parts.push(t('details.corrected', { seq: e.corrects ?? s('corrects') }));
      break;
    case 'segregation.started':
      parts.push(t('details.segregation', { authority: s('authority') }));
      break;
    case 'segregation.reviewed':
      parts.push(t('details.reviewed', { by: s('reviewedBy'), outcome: s('outcome') }));
      break;
    case 'segregation.ended':
      if (p.note) parts.push(t('details.note', { note: s('note') }));
      break;
    case 'non-association.opened':
      parts.push(
        t('details.nonAssociation', {
          other: p.personA === personId ? s('personB') : s('personA'),
          scope: t(`scope.${s('scope')}`, { defaultValue: s('scope') }),
          reason: t(`naReason.${s('reason')}`, { defaultValue: s('reason') }),
        }),
      );
      if (p.details) parts.push(s('details'));
      break;
    case 'incident.recorded':
      parts.push(t(`incidentKind.${s('kind')}`, { defaultValue: s('kind') }));
      if (p.description) parts.push(s('description'));
      break;
  }
  if (typeof p.reason === 'string' && p.reason && e.kind !== 'non-association.opened')
    parts.push(t('details.reason', { reason: p.reason }));
  if (Array.isArray(p.restricted) && p.restricted.length) parts.push(t('details.restricted'));
  if (e.correctedBy.length) parts.push(t('record.correctedBy', { seqs: e.correctedBy.join(', ') }));
  return <>{parts.join(' · ') || '—'}</>;
}

interface RollUnit {
  code: string;
  kind: string;
  vacancies?: number;
}

function MoveForm({ personId, custody, onDone }: { personId: string; custody: CustodyView; onDone(): void }) {
  const { t } = useTranslation('people');
  const [toCell, setToCell] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const roll = useApi<{ units: RollUnit[] }>(`/facilities/${encodeURIComponent(custody.facility)}/roll`);
  const cells = (roll.data?.units ?? []).filter((u) => u.kind === 'cell' && u.code !== custody.cell);
  const listId = useId();
  const hintId = useId();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const r = await api<{ personId: string; cell: string; from?: string }>('/moves', {
        method: 'POST',
        body: { personId, toCell: toCell.trim(), reason: reason.trim() },
      });
      setDone(t('move.done', { from: r.from ?? custody.cell ?? '—', cell: r.cell }));
      setToCell('');
      setReason('');
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="action-form"
      onSubmit={submit}
      aria-labelledby="move-title"
      noValidate
      data-testid="move-form"
    >
      <h3 id="move-title">{t('move.title')}</h3>
      <label>
        {t('move.toCell')}
        <input
          value={toCell}
          onChange={(e) => setToCell(e.target.value)}
          list={listId}
          aria-describedby={hintId}
          required
          autoComplete="off"
          name="toCell"
        />
      </label>
      <span id={hintId} className="muted hint">
        {t('move.toCellHint', { facility: custody.facility, example: cells[0]?.code ?? custody.cell ?? '' })}
      </span>
      <datalist id={listId}>
        {cells.map((u) => (
          <option key={u.code} value={u.code}>
            {u.vacancies === undefined ? u.code : t('move.vacancies', { cell: u.code, count: u.vacancies })}
          </option>
        ))}
      </datalist>
      <label>
        {t('move.reason')}
        <input value={reason} onChange={(e) => setReason(e.target.value)} required name="reason" />
      </label>
      <div>
        <button type="submit" disabled={busy}>
          {busy ? t('move.busy') : t('move.submit')}
        </button>
      </div>
      <div role="status" data-testid="move-result">
        {done ? <p className="ok">{done}</p> : null}
      </div>
      <ProblemView error={error} />
    </form>
  );
}

function TransferForm({
  personId,
  custody,
  onDone,
}: {
  personId: string;
  custody: CustodyView;
  onDone(): void;
}) {
  const { t } = useTranslation('people');
  const { facilities } = useSession();
  const others: FacilitySummary[] = facilities.filter((f) => f.code !== custody.facility);
  const [toFacility, setToFacility] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const r = await api<{ transferred: number; placements: { personId: string; cell: string }[] }>(
        '/transfers',
        { method: 'POST', body: { personIds: [personId], toFacility, reason: reason.trim() } },
      );
      const placed = r.placements.find((x) => x.personId === personId) ?? r.placements[0];
      setDone(t('transfer.done', { facility: toFacility, cell: placed?.cell ?? '—' }));
      setToFacility('');
      setReason('');
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="action-form"
      onSubmit={submit}
      aria-labelledby="transfer-title"
      noValidate
      data-testid="transfer-form"
    >
      <h3 id="transfer-title">{t('transfer.title')}</h3>
      {others.length ? null : <p className="muted">{t('transfer.noOther')}</p>}
      <label>
        {t('transfer.toFacility')}
        <select value={toFacility} onChange={(e) => setToFacility(e.target.value)} required name="toFacility">
          <option value="">{t('transfer.choose')}</option>
          {others.map((f) => (
            <option key={f.code} value={f.code}>
              {f.code} — {f.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('transfer.reason')}
        <input value={reason} onChange={(e) => setReason(e.target.value)} required name="reason" />
      </label>
      <div>
        <button type="submit" disabled={busy}>
          {busy ? t('transfer.busy') : t('transfer.submit')}
        </button>
      </div>
      <div role="status" data-testid="transfer-result">
        {done ? <p className="ok">{done}</p> : null}
      </div>
      <ProblemView error={error} />
    </form>
  );
}

/** A section of a person's record: its heading, and a table of its rows or a line saying there are none. */
function RecordTable<T>(props: {
  id: string;
  title: string;
  caption: string;
  testId?: string;
  columns: string[];
  rows: T[];
  row: (item: T) => ReactNode;
  none: string;
}) {
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      {props.rows.length ? (
        <table data-testid={props.testId}>
          <caption className="visually-hidden">{props.caption}</caption>
          <thead>
            <tr>
              {props.columns.map((c) => (
                <th scope="col" key={c}>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>{props.rows.map(props.row)}</tbody>
        </table>
      ) : (
        <p>{props.none}</p>
      )}
    </section>
  );
}
