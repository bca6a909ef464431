import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, type Schema } from '../../api';
import { ProblemView } from '../../components/status';
import { fullName } from './visits';

/**
 * A person of the facility, found by a type-ahead search (GET /people, as the people search asks),
 * chosen with a button; once chosen, their name and cell with a button to choose another.
 */
export function PersonPicker({
  facility,
  label,
  chosen,
  onChoose,
  testId,
  invalid,
}: {
  facility: string;
  label: string;
  chosen: Schema<'PersonFound'> | null;
  onChoose(p: Schema<'PersonFound'> | null): void;
  testId: string;
  invalid?: boolean;
}) {
  const { t } = useTranslation('visits');
  const [q, setQ] = useState('');
  const [state, setState] = useState<{ results?: Schema<'PersonFound'>[]; error?: unknown; busy: boolean }>({
    busy: false,
  });
  const hint = useId();
  useEffect(() => {
    const text = q.trim();
    if (text.length < 2 || chosen) {
      setState({ busy: false });
      return;
    }
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      setState((s) => ({ ...s, busy: true }));
      get('/people', { params: { query: { q: text, facility, limit: '10' } }, signal: ctl.signal }).then(
        // only people now held here can be booked, allocated or excepted
        (r) =>
          setState({ results: r.results.filter((p) => p.inCustody && p.facility === facility), busy: false }),
        (error) => {
          if (!ctl.signal.aborted) setState({ error, busy: false });
        },
      );
    }, 200);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [q, facility, chosen]);

  if (chosen)
    return (
      <div className="picked" data-testid={`${testId}-chosen`}>
        <span>
          {label}: <strong>{fullName(chosen)}</strong>
          {chosen.cell ? ` (${t('picker.cell', { cell: chosen.cell })})` : ''}
        </span>{' '}
        <button type="button" className="secondary" onClick={() => onChoose(null)}>
          {t('picker.change')}
        </button>
      </div>
    );
  const results = state.results;
  return (
    <div className="picker">
      <label>
        {label}
        <input
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          aria-describedby={hint}
          aria-invalid={invalid || undefined}
          autoComplete="off"
          spellCheck={false}
          data-testid={testId}
        />
      </label>
      <span id={hint} className="muted hint">
        {t('picker.hint')}
      </span>
      <div role="status" className="picker-status">
        {state.busy ? t('loading', { ns: 'common' }) : null}
        {!state.busy && results && !results.length ? t('picker.none') : null}
      </div>
      <ProblemView error={state.error} />
      {results?.length ? (
        <ul className="picker-results" aria-label={t('picker.results')}>
          {results.map((p) => (
            <li key={p.personId}>
              <button
                type="button"
                className="secondary"
                onClick={() => {
                  setQ('');
                  onChoose(p);
                }}
                data-testid={`${testId}-option`}
              >
                {t('picker.choose', { name: fullName(p), cell: p.cell ?? '—' })}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
