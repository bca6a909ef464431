import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Answer } from '../api';
import { Loading, ProblemView, useGet } from '../components/status';
import { formatTime, number } from '../format';
import { useSession } from '../session';
import type { PageProps } from '.';
import './Compliance.css';

const PROFILES = ['un-mandela', 'cl', 'sv-exception'] as const;
const PER_RULE = 25;

type Report = Answer<'/facilities/{code}/compliance'>;

/** Findings by rule with their references, a second profile side by side, printable. */
export function Compliance(_props: PageProps) {
  const { t, i18n } = useTranslation('compliance');
  const { facility } = useSession();
  const home = (j: string | undefined) =>
    j?.toUpperCase() === 'SV' ? 'sv-exception' : j?.toUpperCase() === 'CL' ? 'cl' : 'un-mandela';
  const [profile, setProfile] = useState<string>(home(facility?.jurisdiction));
  const [compare, setCompare] = useState<string>('');
  // another facility: its own country's profile, no comparison
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the facility changes
  useEffect(() => {
    setProfile(home(facility?.jurisdiction));
    setCompare('');
  }, [facility?.code]);
  // the printed report shows every finding listed, not only the open ones
  useEffect(() => {
    const open = () => {
      for (const d of document.querySelectorAll('.compliance details')) d.setAttribute('open', '');
    };
    window.addEventListener('beforeprint', open);
    return () => window.removeEventListener('beforeprint', open);
  }, []);
  const code = facility?.code ?? '';
  const query = { profile, compare: compare || undefined, limit: String(PER_RULE) };
  const { data, error, loading } = useGet(
    '/facilities/{code}/compliance',
    code ? { params: { path: { code }, query } } : null,
  );
  const lang = i18n.language;
  const sev = (s: string) => t(`severities.${s}`, { defaultValue: s });
  return (
    <section className="compliance">
      <h1>{t('title', { facility: facility?.name ?? code })}</h1>
      <div className="row no-print">
        <label>
          {t('profile')}
          <select
            value={profile}
            onChange={(e) => {
              setProfile(e.target.value);
              if (compare === e.target.value) setCompare('');
            }}
          >
            {PROFILES.map((p) => (
              <option key={p} value={p}>
                {t(`profiles.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('compare')}
          <select value={compare} onChange={(e) => setCompare(e.target.value)}>
            <option value="">{t('noComparison')}</option>
            {PROFILES.filter((p) => p !== profile).map((p) => (
              <option key={p} value={p}>
                {t(`profiles.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => window.print()}>
          {t('print')}
        </button>
        <a
          href={`/api/v1/facilities/${encodeURIComponent(code)}/compliance.html?profile=${profile}${compare ? `&compare=${compare}` : ''}&lang=${lang}`}
          target="_blank"
          rel="noreferrer"
        >
          {t('printable')}
        </a>
      </div>
      <ProblemView error={error} />
      {loading && !data ? <Loading /> : null}
      {data ? (
        <>
          <p className="muted">
            {t('checkedAt', { at: formatTime(data.checkedAt, facility?.timezone ?? 'UTC', lang) })}
          </p>
          <h2>{t('byRule')}</h2>
          {data.summary.length === 0 ? (
            <p className="ok">{t('none')}</p>
          ) : (
            <table data-testid="compliance-summary">
              <thead>
                <tr>
                  <th scope="col">{t('rule')}</th>
                  <th scope="col">{t('ref')}</th>
                  <th scope="col">{t('severity')}</th>
                  <th scope="col">{t('profile')}</th>
                  <th scope="col">{t('findings')}</th>
                  <th scope="col">{t('people')}</th>
                </tr>
              </thead>
              <tbody>
                {data.summary.map((s) => (
                  <tr key={s.rule} className={`sev-${s.severity}`}>
                    <th scope="row">{s.rule}</th>
                    <td>{s.ref}</td>
                    <td>{sev(s.severity)}</td>
                    <td>{t(`profiles.${s.profile}`, { defaultValue: s.profile })}</td>
                    <td>{number(s.findings, lang)}</td>
                    <td>{number(s.people, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {data.comparison ? <Comparison report={data} /> : null}
          <h2>{t('details')}</h2>
          {data.summary.map((s) => (
            <details key={s.rule}>
              <summary>
                {s.rule} — {s.ref} ({number(s.findings, lang)})
              </summary>
              <ul>
                {data.findings
                  .filter((f) => f.rule === s.rule)
                  .map((f, i) => (
                    // findings of one rule may share a subject
                    // biome-ignore lint/suspicious/noArrayIndexKey: stable within one answer
                    <li key={i}>{f.message}</li>
                  ))}
                {data.omitted?.[s.rule] ? (
                  <li className="muted">{t('omitted', { count: data.omitted[s.rule] })}</li>
                ) : null}
              </ul>
            </details>
          ))}
        </>
      ) : null}
    </section>
  );
}

function Comparison({ report }: { report: Report }) {
  const { t, i18n } = useTranslation('compliance');
  // a pair, as the description says (openapi-fetch's answer types turn its tuples into arrays)
  const [a, b] = report.comparison!.profiles as [string, string];
  const cell = (v: { findings: number; people: number } | null | undefined) =>
    v ? `${number(v.findings, i18n.language)} / ${number(v.people, i18n.language)}` : t('notChecked');
  return (
    <>
      <h2>{t('comparison')}</h2>
      <table data-testid="compliance-comparison">
        <thead>
          <tr>
            <th scope="col">{t('rule')}</th>
            <th scope="col">{t('ref')}</th>
            <th scope="col">
              {t(`profiles.${a}`)} ({t('findings')} / {t('people')})
            </th>
            <th scope="col">
              {t(`profiles.${b}`)} ({t('findings')} / {t('people')})
            </th>
          </tr>
        </thead>
        <tbody>
          {report.comparison!.rules.map((r) => (
            <tr key={r.rule}>
              <th scope="row">{r.rule}</th>
              <td>{r.ref}</td>
              <td>{cell(r[a])}</td>
              <td>{cell(r[b])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
