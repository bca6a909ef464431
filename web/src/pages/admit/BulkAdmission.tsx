import { type ChangeEvent, type ReactNode, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Answer, ApiError, type Body } from '../../api';
import { ProblemView } from '../../components/status';
import { formatDate, formatTime, percent } from '../../format';
import { newIdempotencyKey } from '../../idempotency';
import { href } from '../../router';
import { useSession } from '../../session';
import { nameOf } from './admission';
import { COLUMNS, type Msg, OPTIONAL_COLUMNS, REQUIRED, readAdmissions, refusedLines, TEMPLATE } from './csv';
import { RoleNotice } from './RoleNotice';
import { postWithProgress } from './upload';

const PREVIEW = 20;
/** Lines of a refusal shown with their line of the file (the first 100; the problem says how many more). */
const REFUSED_SHOWN = 200;

type Phase =
  | { kind: 'idle' }
  | { kind: 'uploading'; loaded: number; total: number }
  | { kind: 'processing' }
  | { kind: 'done'; admitted: number; placements: Answer<'/admissions/bulk', 'post'>['placements'] }
  | { kind: 'refused'; error: unknown };

/** Many admissions from a CSV file: read and previewed here, then sent all at once. */
export function BulkAdmission() {
  const {
    t,
    i18n: { language: lang },
  } = useTranslation('admit');
  const { facility } = useSession();
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const ids = { file: useId(), format: useId() };
  const zone = facility?.timezone ?? 'UTC';
  const parsed = useMemo(() => (file ? readAdmissions(file.text, zone) : null), [file, zone]);
  // one Idempotency-Key per file and facility: sending the same file again after a lost answer (a
  // network error, a failover) is answered with the first answer instead of admitting twice
  const uploadKey = useMemo(() => (file && facility ? newIdempotencyKey() : ''), [file, facility]);
  if (!facility) return null;
  const msg = (m: Msg) => t(m.key, { ...m.params });
  /** "the first 20 of 25 …", or "the 3 …" when all are shown */
  const caption = (some: string, all: string, count: number) =>
    count > PREVIEW ? t(some, { count, shown: PREVIEW }) : t(all, { count });
  const showTime = (v: string | undefined) =>
    !v ? '—' : v.length === 10 ? formatDate(v, lang) : formatTime(v, zone, lang);

  const choose = async (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    setPhase({ kind: 'idle' });
    setFile(f ? { name: f.name, text: await f.text() } : null);
  };

  const busy = phase.kind === 'uploading' || phase.kind === 'processing';
  const ready = !!parsed && !parsed.fileErrors.length && !parsed.failed.length && parsed.rows.length > 0;

  const admitAll = async () => {
    if (!parsed) return;
    setPhase({ kind: 'uploading', loaded: 0, total: 1 });
    try {
      // the file's values as they were read: the server checks them and names each line it refuses
      const body = { facility: facility.code, admissions: parsed.rows.map((r) => r.item) };
      const r = await postWithProgress(
        '/admissions/bulk',
        body as Body<'/admissions/bulk'>,
        (loaded, total) => setPhase({ kind: 'uploading', loaded, total }),
        () => setPhase({ kind: 'processing' }),
        uploadKey,
      );
      setPhase({ kind: 'done', admitted: r.admitted, placements: r.placements });
    } catch (error) {
      setPhase({ kind: 'refused', error });
    }
  };

  const refused =
    phase.kind === 'refused' && phase.error instanceof ApiError && parsed
      ? refusedLines(phase.error.problem.violations ?? [], parsed.rows)
      : [];

  return (
    <>
      <h1>{t('bulkTitle', { facility: facility.code })}</h1>
      <RoleNotice />
      <p>{t('csv.intro')}</p>

      <details className="admit-format">
        <summary>{t('csv.format')}</summary>
        <p>{t('csv.formatIntro')}</p>
        <pre className="admit-header">{COLUMNS.join(',')}</pre>
        <table>
          <caption className="visually-hidden">{t('csv.columns')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('csv.column')}</th>
              <th scope="col">{t('csv.requiredCol')}</th>
              <th scope="col">{t('csv.meaning')}</th>
            </tr>
          </thead>
          <tbody>
            {[...COLUMNS, ...OPTIONAL_COLUMNS].map((c) => (
              <tr key={c}>
                <th scope="row">
                  <code>{c}</code>
                </th>
                <td>{REQUIRED.includes(c) ? t('csv.yes') : t('csv.no')}</td>
                <td>{t(`csv.cols.${c}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          <a
            href={`data:text/csv;charset=utf-8,${encodeURIComponent(TEMPLATE)}`}
            download={t('csv.templateFile')}
          >
            {t('csv.template')}
          </a>
        </p>
      </details>

      <div className="row">
        <label>
          {t('csv.file')}
          <input
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => void choose(e)}
            aria-describedby={ids.file}
            disabled={busy}
            data-testid="csv-file"
          />
        </label>
      </div>
      <p id={ids.file} className="muted admit-hint">
        {t('csv.fileHint')}
      </p>

      {parsed?.fileErrors.length ? (
        <div className="problem" role="alert" data-testid="csv-file-problems">
          <strong>{t('csv.fileProblems')}</strong>
          <ul>
            {parsed.fileErrors.map((m) => (
              <li key={`${m.key}:${JSON.stringify(m.params ?? {})}`}>{msg(m)}</li>
            ))}
          </ul>
        </div>
      ) : null}

      {parsed && !parsed.fileErrors.length ? (
        <section aria-labelledby="csv-preview" data-testid="csv-preview">
          <h2 id="csv-preview">
            {t('csv.previewTitle')}: {file?.name}
          </h2>
          <p data-testid="csv-count">
            {t('csv.read', { count: parsed.rows.length })}{' '}
            {parsed.failed.length ? (
              <strong className="admit-danger">{t('csv.failed', { count: parsed.failed.length })}</strong>
            ) : null}
          </p>
          <div className="row">
            <button
              type="button"
              onClick={() => void admitAll()}
              disabled={!ready || busy || phase.kind === 'done'}
            >
              {t('csv.submit')}
            </button>
          </div>
          <div role="status" data-testid="csv-status" className="admit-progress">
            {phase.kind === 'uploading' ? (
              <Progress
                label={t('csv.uploadLabel')}
                value={phase.loaded}
                max={phase.total}
                text={t('csv.uploading', {
                  percent: percent(phase.total ? phase.loaded / phase.total : 0, lang),
                })}
              />
            ) : null}
            {phase.kind === 'processing' ? (
              <Progress label={t('csv.processingLabel')} text={t('csv.processing')} />
            ) : null}
            {phase.kind === 'done' ? (
              <p className="ok" data-testid="csv-result">
                {t('csv.done', { count: phase.admitted })}
              </p>
            ) : null}
          </div>

          {phase.kind === 'done' && phase.placements.length ? (
            <section aria-labelledby="csv-placements">
              <h3 id="csv-placements">{t('csv.placements')}</h3>
              <table data-testid="csv-placements">
                <caption>
                  {caption('csv.placementsCaption', 'csv.placementsAll', phase.placements.length)}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('csv.line')}</th>
                    <th scope="col">{t('csv.name')}</th>
                    <th scope="col">{t('cell')}</th>
                  </tr>
                </thead>
                <tbody>
                  {phase.placements.slice(0, PREVIEW).map((p, i) => {
                    const row = parsed?.rows[i];
                    return (
                      <tr key={p.custodyId}>
                        <td>{row?.line ?? '—'}</td>
                        <th scope="row">
                          <a href={href('people', p.personId)}>{row ? nameOf(row.item) : p.personId}</a>
                        </th>
                        <td>{p.cell}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </section>
          ) : null}

          {phase.kind === 'refused' ? (
            <div data-testid="csv-problem">
              <ProblemView error={phase.error} />
              {refused.some((v) => v.line !== null) ? (
                <table>
                  <caption>{t('csv.refusedRows')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('csv.line')}</th>
                      <th scope="col">{t('csv.name')}</th>
                      <th scope="col">{t('csv.problem')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {refused.slice(0, REFUSED_SHOWN).map((v) => (
                      <tr key={`${v.rule}:${v.subject ?? ''}:${v.message}`}>
                        <th scope="row">{v.line ?? t('csv.whole')}</th>
                        <td>{v.name || '—'}</td>
                        <td>{v.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
              {refused.length > REFUSED_SHOWN ? (
                <p>{t('csv.moreProblems', { count: refused.length - REFUSED_SHOWN })}</p>
              ) : null}
            </div>
          ) : null}
          {parsed.rows.length ? (
            <div className="admit-scroll">
              <table>
                <caption>{caption('csv.previewCaption', 'csv.previewAll', parsed.rows.length)}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('csv.line')}</th>
                    <th scope="col">{t('givenNames')}</th>
                    <th scope="col">{t('familyNames')}</th>
                    <th scope="col">{t('dateOfBirth')}</th>
                    <th scope="col">{t('sex')}</th>
                    <th scope="col">{t('nationalId')}</th>
                    <th scope="col">{t('csv.legalBasis')}</th>
                    <th scope="col">{t('issuedAt')}</th>
                    <th scope="col">{t('status')}</th>
                    <th scope="col">{t('securityLevel')}</th>
                    <th scope="col">{t('groups')}</th>
                  </tr>
                </thead>
                <tbody>
                  {parsed.rows.slice(0, PREVIEW).map(({ line, item: a }) => (
                    <tr key={line}>
                      <th scope="row">{line}</th>
                      <td>{a.person.givenNames}</td>
                      <td>{a.person.familyNames}</td>
                      <td>{a.person.dateOfBirth ? formatDate(a.person.dateOfBirth, lang) : '—'}</td>
                      <td>
                        {a.person.sex ? t(`sexes.${a.person.sex}`, { defaultValue: a.person.sex }) : '—'}
                      </td>
                      <td>{a.person.nationalId ?? '—'}</td>
                      <td>
                        {a.legalBasis
                          ? `${t(`legalBasisKinds.${a.legalBasis.kind}`, { defaultValue: a.legalBasis.kind })} ${a.legalBasis.reference}`
                          : t('csv.none')}
                      </td>
                      <td>{showTime(a.legalBasis?.issuedAt)}</td>
                      <td>{a.status ? t(`statuses.${a.status}`, { defaultValue: a.status }) : '—'}</td>
                      <td>
                        {a.securityLevel
                          ? t(`securityLevels.${a.securityLevel}`, { defaultValue: a.securityLevel })
                          : '—'}
                      </td>
                      <td>{a.groups?.join(', ') ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {parsed.failed.length ? (
            <>
              <h3>{t('csv.failedTitle')}</h3>
              <table data-testid="csv-failed">
                <caption className="visually-hidden">{t('csv.failedTitle')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('csv.line')}</th>
                    <th scope="col">{t('csv.problem')}</th>
                  </tr>
                </thead>
                <tbody>
                  {parsed.failed.map((f) => (
                    <tr key={f.line}>
                      <th scope="row">{f.line}</th>
                      <td>{f.problems.map(msg).join(' ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className="admit-danger">{t('csv.fixFirst')}</p>
            </>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

function Progress({
  label,
  value,
  max,
  text,
}: {
  label: string;
  value?: number;
  max?: number;
  text: ReactNode;
}) {
  return (
    <div className="admit-bar">
      {value === undefined ? (
        <progress aria-label={label} />
      ) : (
        <progress aria-label={label} value={value} max={max} />
      )}
      <span>{text}</span>
    </div>
  );
}
