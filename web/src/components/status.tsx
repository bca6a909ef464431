import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Answer, ApiError, type Call, get, type PathOf } from '../api';
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
 * GETs `path` of the description with `init`'s parameters, typed by it: again when a parameter changes,
 * and when the language does unless `relang` is false (a read the access log records, like a person's
 * file, is not repeated for a language switch); null init: nothing to load.
 */
export function useGet<P extends PathOf<'get'>>(path: P, init: Call<P, 'get'> | null, relang = true) {
  const { i18n } = useTranslation();
  const [state, setState] = useState<{ data?: Answer<P>; error?: unknown; loading: boolean }>({
    loading: !!init,
  });
  const [tick, setTick] = useState(0);
  // the parameters by value: a caller builds a new init object on every render
  const params = init ? JSON.stringify(init.params ?? {}) : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: params stands for init; tick and the language reload on purpose
  useEffect(() => {
    if (!init) return;
    const ctl = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    // the parameters are the hook's (typed by its signature); the signal is this load's
    get(path, ...([{ ...init, signal: ctl.signal }] as never)).then(
      (data) => setState({ data, loading: false }),
      (error) => {
        if (!ctl.signal.aborted) setState({ error, loading: false });
      },
    );
    return () => ctl.abort();
  }, [path, params, tick, relang ? i18n.language : null]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}
