import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api';

/** A refusal or failure, in words: the problem's detail and each violation's message. */
export function ProblemView({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const p = error instanceof ApiError ? error.problem : null;
  return (
    <div className="problem" role="alert">
      <strong>{p?.title ?? t('error')}</strong>
      <p>{p?.detail ?? t('networkError')}</p>
      {p?.violations?.length && !(p.violations.length === 1 && p.violations[0]!.message === p.detail) ? (
        <ul>
          {p.violations.map((v) => (
            <li key={`${v.rule}:${v.subject ?? ''}`} data-rule={v.rule}>
              {v.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="loading" aria-live="polite">
      {t('loading')}
    </p>
  );
}

/**
 * GETs `path` (again when it changes, and when the language does unless `relang` is false: a read
 * the access log records, like a person's file, is not repeated for a language switch); null path:
 * nothing to load.
 */
export function useApi<T>(path: string | null, relang = true) {
  const { i18n } = useTranslation();
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: !!path });
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: tick and the language reload on purpose
  useEffect(() => {
    if (!path) return;
    const ctl = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    api<T>(path, { signal: ctl.signal }).then(
      (data) => setState({ data, loading: false }),
      (error) => {
        if (!ctl.signal.aborted) setState({ error, loading: false });
      },
    );
    return () => ctl.abort();
  }, [path, tick, relang ? i18n.language : null]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}
