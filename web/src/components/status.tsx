import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api';
import { unlistedViolations } from '../format';

/**
 * A refusal or failure, in words: the problem's detail and each violation's message. `field`, when
 * given, names the form field a violation's subject stands for (its label, before the message, in
 * place of the request's own field name).
 */
export function ProblemView({
  error,
  field,
}: {
  error: unknown;
  field?: (subject: string | undefined) => string | null;
}) {
  const { t } = useTranslation();
  if (!error) return null;
  const p = error instanceof ApiError ? error.problem : null;
  const named = (v: { message: string; subject?: string }) => {
    const label = field?.(v.subject);
    if (!label) return v.message;
    // a schema refusal already starts with the request's field name: the label says it in words
    const own = v.subject ? `${v.subject}: ` : '';
    return `${label}: ${own && v.message.startsWith(own) ? v.message.slice(own.length) : v.message}`;
  };
  const violations = p?.violations ?? [];
  const only = violations.length === 1 ? violations[0] : undefined;
  // one violation that says what the detail says, and names no field: said once
  const repeated = !!only && only.message === p?.detail && !field?.(only.subject);
  return (
    <div className="problem" role="alert">
      <strong>{p?.title ?? t('error')}</strong>
      <p>{p?.detail ?? t('networkError')}</p>
      {violations.length > 0 && !repeated ? (
        <ul>
          {violations.map((v) => (
            <li key={`${v.rule}:${v.subject ?? ''}`} data-rule={v.rule}>
              {named(v)}
            </li>
          ))}
        </ul>
      ) : null}
      {unlistedViolations(p) > 0 ? (
        <p>{t('moreViolations', { count: unlistedViolations(p), total: p?.violationsTotal })}</p>
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
