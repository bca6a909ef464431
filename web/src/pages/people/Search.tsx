import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Answer, get } from '../../api';
import { ProblemView } from '../../components/status';
import { formatDate, percent } from '../../format';
import { href } from '../../router';
import { useSession } from '../../session';

/** Results asked for at most; more than this: the reader refines the search. */
const LIMIT = 50;

const hashQuery = () => new URLSearchParams(location.hash.split('?')[1] ?? '');

/** `#/people`: type-ahead search by name, id or register number, kept in the address. */
export function Search() {
  const { t, i18n } = useTranslation('people');
  const { facilities } = useSession();
  const [q, setQ] = useState(() => hashQuery().get('q') ?? '');
  const [scope, setScope] = useState(() => hashQuery().get('facility') ?? '');
  const [state, setState] = useState<{
    results?: Answer<'/people'>['results'];
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
    if (text.length < 2) {
      setState({ busy: false });
      return;
    }
    const ctl = new AbortController();
    // type-ahead: ask once the typing pauses
    const timer = setTimeout(() => {
      setState((s) => ({ ...s, busy: true }));
      const query = { q: text, ...(scope ? { facility: scope } : {}), limit: String(LIMIT) };
      get('/people', { params: { query }, signal: ctl.signal }).then(
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
