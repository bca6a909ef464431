import { type ChangeEvent, type FormEvent, type ReactNode, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, csrfToken, type Problem } from '../api';
import { ProblemView, useApi } from '../components/status';
import { formatDate, formatTime, percent } from '../format';
import i18n from '../i18n';
import { href } from '../router';
import { useSession } from '../session';
import { zonedToRfc3339 } from '../zoned';
import type { PageProps } from '.';
import './admit.css';

const SEXES = ['female', 'male'] as const;
const STATUSES = ['detained', 'pretrial', 'sentenced'] as const;
const SECURITY_LEVELS = ['low', 'medium', 'high', 'maximum'] as const;
const LEGAL_BASIS_KINDS = ['arrest', 'detention-order', 'pretrial-detention-order', 'sentence'] as const;

interface Placement {
  personId: string;
  custodyId: string;
  cell: string;
}

/** One admission as POST /admissions takes it, without the facility. */
interface AdmissionItem {
  person: { givenNames: string; familyNames: string; dateOfBirth: string; sex: string; nationalId?: string };
  legalBasis?: { kind: string; reference: string; issuedBy: string; issuedAt: string; expiresAt?: string };
  status: string;
  securityLevel?: string;
  groups?: string[];
  cell?: string;
}

/** `#/admit`: one person; `#/admit/bulk`: many, from a CSV file. */
export function Admit({ route }: PageProps) {
  const { t } = useTranslation('admit');
  const bulk = route[1] === 'bulk';
  return (
    <div className="admit">
      <nav aria-label={t('modes')} className="admit-modes">
        <a href={href('admit')} aria-current={bulk ? undefined : 'page'}>
          {t('single')}
        </a>
        <a href={href('admit', 'bulk')} aria-current={bulk ? 'page' : undefined}>
          {t('bulk')}
        </a>
      </nav>
      {bulk ? <BulkAdmission /> : <SingleAdmission />}
    </div>
  );
}

// ---- times: a wall-clock time meant in the facility's time zone ----

/** A legal basis time as the server takes it: a date, an RFC 3339 time, or a local time made one. */
function toServerTime(value: string, timeZone: string): string | null {
  const v = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(v)) return v;
  return zonedToRfc3339(v, timeZone);
}

const SEX_ALIASES: Record<string, string> = { f: 'female', m: 'male', female: 'female', male: 'male' };

const splitGroups = (s: string) =>
  s
    .split(/[,;|\s]+/)
    .map((g) => g.trim())
    .filter(Boolean);

// ---- one admission ----

const EMPTY = {
  givenNames: '',
  familyNames: '',
  dateOfBirth: '',
  sex: '',
  nationalId: '',
  lbKind: '',
  lbReference: '',
  lbIssuedBy: '',
  lbIssuedAt: '',
  lbExpiresAt: '',
  status: '',
  securityLevel: '',
  groups: '',
  cell: '',
};
type Form = typeof EMPTY;
type Field = keyof Form;

/** The form field a violation's subject names (`person.dateOfBirth` → dateOfBirth). */
function fieldOf(subject: string | undefined): Field | null {
  if (!subject) return null;
  const s = subject.replace(/\[\d+\]$/, '');
  const map: Record<string, Field> = {
    'person.givenNames': 'givenNames',
    'person.familyNames': 'familyNames',
    'person.dateOfBirth': 'dateOfBirth',
    'person.sex': 'sex',
    'person.nationalId': 'nationalId',
    legalBasis: 'lbKind',
    'legalBasis.kind': 'lbKind',
    'legalBasis.reference': 'lbReference',
    'legalBasis.issuedBy': 'lbIssuedBy',
    'legalBasis.issuedAt': 'lbIssuedAt',
    'legalBasis.expiresAt': 'lbExpiresAt',
    status: 'status',
    securityLevel: 'securityLevel',
    groups: 'groups',
    cell: 'cell',
  };
  return map[s] ?? null;
}

function buildAdmission(f: Form, timeZone: string, withCell: boolean): AdmissionItem {
  const lbFields = [f.lbKind, f.lbReference, f.lbIssuedBy, f.lbIssuedAt, f.lbExpiresAt];
  const groups = splitGroups(f.groups);
  const time = (v: string) => zonedToRfc3339(v, timeZone) ?? v;
  return {
    person: {
      givenNames: f.givenNames.trim(),
      familyNames: f.familyNames.trim(),
      dateOfBirth: f.dateOfBirth,
      sex: f.sex,
      ...(f.nationalId.trim() ? { nationalId: f.nationalId.trim() } : {}),
    },
    // every legal basis field blank: no legal basis at all, which the server refuses
    ...(lbFields.some((v) => v.trim())
      ? {
          legalBasis: {
            kind: f.lbKind,
            reference: f.lbReference.trim(),
            issuedBy: f.lbIssuedBy.trim(),
            issuedAt: time(f.lbIssuedAt),
            ...(f.lbExpiresAt ? { expiresAt: time(f.lbExpiresAt) } : {}),
          },
        }
      : {}),
    status: f.status,
    ...(f.securityLevel ? { securityLevel: f.securityLevel } : {}),
    ...(groups.length ? { groups } : {}),
    ...(withCell && f.cell.trim() ? { cell: f.cell.trim() } : {}),
  };
}

function SingleAdmission() {
  const { t } = useTranslation('admit');
  const { facility } = useSession();
  const [form, setForm] = useState<Form>(EMPTY);
  const [busy, setBusy] = useState<'suggest' | 'admit' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [suggested, setSuggested] = useState<string | null>(null);
  const [admitted, setAdmitted] = useState<{ placement: Placement; name: string; facility: string } | null>(
    null,
  );
  const groups = useApi<{ groups: { code: string }[] }>('/groups');
  const cells = useApi<{ units: { code: string; kind: string; vacancies?: number }[] }>(
    facility ? `/facilities/${encodeURIComponent(facility.code)}/roll` : null,
  );
  const ids = { zone: useId(), lb: useId(), groups: useId(), cell: useId(), cells: useId(), intro: useId() };
  if (!facility) return null;
  const zone = facility.timezone;

  const invalid = new Set<Field>();
  if (error instanceof ApiError)
    for (const v of error.problem.violations ?? []) {
      const f = fieldOf(v.subject);
      if (f) invalid.add(f);
    }
  const bind = (k: Field) => ({
    name: k,
    value: form[k],
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
      setForm((f) => ({ ...f, [k]: e.target.value })),
    'aria-invalid': invalid.has(k) || undefined,
  });

  const suggest = async () => {
    setBusy('suggest');
    setError(null);
    setSuggested(null);
    setAdmitted(null);
    try {
      const r = await api<{ cell: string; facility: string }>('/admissions/preview', {
        method: 'POST',
        body: { facility: facility.code, ...buildAdmission(form, zone, false) },
      });
      setForm((f) => ({ ...f, cell: r.cell }));
      setSuggested(r.cell);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy('admit');
    setError(null);
    setSuggested(null);
    setAdmitted(null);
    try {
      const body = { facility: facility.code, ...buildAdmission(form, zone, true) };
      const placement = await api<Placement>('/admissions', { method: 'POST', body });
      setAdmitted({
        placement,
        name: `${body.person.givenNames} ${body.person.familyNames}`,
        facility: facility.code,
      });
      setForm(EMPTY);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  const req = <span aria-hidden="true"> *</span>;
  const known = groups.data?.groups.map((g) => g.code) ?? [];
  return (
    <>
      <h1>{t('title', { facility: facility.code })}</h1>
      <RoleNotice />
      <p id={ids.intro} className="muted">
        {t('intro')}
      </p>
      <form
        onSubmit={submit}
        noValidate
        className="admit-form"
        data-testid="admit-form"
        aria-describedby={ids.intro}
      >
        <fieldset>
          <legend>{t('person')}</legend>
          <label>
            <span>
              {t('givenNames')}
              {req}
            </span>
            <input {...bind('givenNames')} required autoComplete="off" />
          </label>
          <label>
            <span>
              {t('familyNames')}
              {req}
            </span>
            <input {...bind('familyNames')} required autoComplete="off" />
          </label>
          <label>
            <span>
              {t('dateOfBirth')}
              {req}
            </span>
            <input type="date" {...bind('dateOfBirth')} required />
          </label>
          <label>
            <span>
              {t('sex')}
              {req}
            </span>
            <select {...bind('sex')} required>
              <option value="">{t('choose')}</option>
              {SEXES.map((s) => (
                <option key={s} value={s}>
                  {t(`sexes.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('nationalId')}
            <input {...bind('nationalId')} autoComplete="off" />
          </label>
        </fieldset>

        <fieldset aria-describedby={ids.lb}>
          <legend>{t('legalBasis')}</legend>
          <p id={ids.lb} className="muted admit-hint admit-wide">
            {t('legalBasisHint')}
          </p>
          <label>
            {t('legalBasisKind')}
            <select {...bind('lbKind')}>
              <option value="">{t('noLegalBasis')}</option>
              {LEGAL_BASIS_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`legalBasisKinds.${k}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('reference')}
            <input {...bind('lbReference')} autoComplete="off" />
          </label>
          <label>
            {t('issuedBy')}
            <input {...bind('lbIssuedBy')} />
          </label>
          <label>
            {t('issuedAt')}
            <input type="datetime-local" {...bind('lbIssuedAt')} aria-describedby={ids.zone} />
          </label>
          <label>
            {t('expiresAt')}
            <input type="datetime-local" {...bind('lbExpiresAt')} aria-describedby={ids.zone} />
          </label>
          <p id={ids.zone} className="muted admit-hint admit-wide">
            {t('zoneHint', { zone })}
          </p>
        </fieldset>

        <fieldset>
          <legend>{t('custody')}</legend>
          <label>
            <span>
              {t('status')}
              {req}
            </span>
            <select {...bind('status')} required>
              <option value="">{t('choose')}</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`statuses.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('securityLevel')}
            <select {...bind('securityLevel')}>
              <option value="">{t('notClassified')}</option>
              {SECURITY_LEVELS.map((s) => (
                <option key={s} value={s}>
                  {t(`securityLevels.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('groups')}
            <input {...bind('groups')} aria-describedby={ids.groups} autoComplete="off" />
          </label>
          <label>
            {t('cell')}
            <input {...bind('cell')} list={ids.cells} aria-describedby={ids.cell} autoComplete="off" />
          </label>
          <datalist id={ids.cells}>
            {(cells.data?.units ?? [])
              .filter((u) => u.kind === 'cell')
              .map((u) => (
                <option key={u.code} value={u.code} />
              ))}
          </datalist>
          <p id={ids.groups} className="muted admit-hint admit-wide">
            {t('groupsHint', { groups: known.length ? known.join(', ') : t('noGroups') })}
          </p>
          <p id={ids.cell} className="muted admit-hint admit-wide">
            {t('cellHint')}
          </p>
        </fieldset>

        <div className="row">
          <button type="button" className="secondary" onClick={() => void suggest()} disabled={!!busy}>
            {busy === 'suggest' ? t('suggesting') : t('suggest')}
          </button>
          <button type="submit" disabled={!!busy}>
            {busy === 'admit' ? t('submitting') : t('submit')}
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setForm(EMPTY);
              setError(null);
              setSuggested(null);
            }}
            disabled={!!busy}
          >
            {t('clear')}
          </button>
        </div>
      </form>
      <div role="status" data-testid="admit-status">
        {suggested ? (
          <p className="ok" data-testid="admit-suggestion">
            {t('suggested', { cell: suggested })}
          </p>
        ) : null}
        {admitted ? (
          <div className="ok" data-testid="admit-result">
            <p>
              {t('admitted', {
                name: admitted.name,
                facility: admitted.facility,
                cell: admitted.placement.cell,
              })}
            </p>
            <p>
              <a href={href('people', admitted.placement.personId)} data-testid="admitted-person-link">
                {t('openRecord', { name: admitted.name })}
              </a>
            </p>
          </div>
        ) : null}
      </div>
      <div data-testid="admit-problem">
        <ProblemView error={error} />
      </div>
    </>
  );
}

// ---- many admissions from a CSV file ----

const COLUMNS = [
  'givenNames',
  'familyNames',
  'dateOfBirth',
  'sex',
  'nationalId',
  'legalBasisKind',
  'legalBasisReference',
  'legalBasisIssuedBy',
  'legalBasisIssuedAt',
  'status',
  'securityLevel',
  'groups',
] as const;
/** Columns a file may add to the documented header. */
const OPTIONAL_COLUMNS = ['legalBasisExpiresAt', 'cell'] as const;
type Column = (typeof COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];
const REQUIRED: readonly Column[] = [
  'givenNames',
  'familyNames',
  'dateOfBirth',
  'sex',
  'legalBasisKind',
  'legalBasisReference',
  'legalBasisIssuedBy',
  'legalBasisIssuedAt',
  'status',
];
/** Columns a file cannot do without (a missing legal basis is left for the server to refuse). */
const MUST_HAVE: readonly Column[] = ['givenNames', 'familyNames', 'dateOfBirth', 'sex', 'status'];

const TEMPLATE = `${COLUMNS.join(',')}
Ana María,Pérez López,1990-04-12,female,12345678-9,pretrial-detention-order,PP-2026-000123,Juzgado de Garantía,2026-01-15 10:30,pretrial,medium,
"José Luis","Gómez, hijo",1985-11-02,male,87654321-0,arrest,DET-2026-000456,Policía Nacional Civil,2026-01-20,detained,low,
`;

/** A message to show, kept as a key so it follows the chosen language. */
interface Msg {
  key: string;
  params?: Record<string, string | number>;
}

interface CsvRecord {
  line: number;
  cells: string[];
}

/** RFC 4180 CSV (quotes, doubled quotes, line breaks in quotes); `,` or, when the header has more, `;`. */
function parseCsv(input: string): { records: CsvRecord[]; unterminatedAt?: number } {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  const delim = (first.match(/;/g)?.length ?? 0) > (first.match(/,/g)?.length ?? 0) ? ';' : ',';
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let quoteLine = 1;
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"') {
      quoted = true;
      quoteLine = line;
    } else if (ch === delim) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell);
      records.push({ line: start, cells });
      cells = [];
      cell = '';
      line++;
      start = line;
    } else cell += ch;
  }
  if (quoted) return { records, unterminatedAt: quoteLine };
  if (cell || cells.length) {
    cells.push(cell);
    records.push({ line: start, cells });
  }
  return { records: records.filter((r) => r.cells.some((c) => c.trim())) };
}

interface ParsedFile {
  fileErrors: Msg[];
  rows: { line: number; item: AdmissionItem }[];
  failed: { line: number; problems: Msg[] }[];
}

function readAdmissions(text: string, timeZone: string): ParsedFile {
  const { records, unterminatedAt } = parseCsv(text);
  const out: ParsedFile = { fileErrors: [], rows: [], failed: [] };
  if (unterminatedAt !== undefined)
    out.fileErrors.push({ key: 'csv.unterminated', params: { line: unterminatedAt } });
  const [header, ...data] = records;
  if (!header) {
    out.fileErrors.push({ key: 'csv.empty' });
    return out;
  }
  const known = new Map<string, Column>([...COLUMNS, ...OPTIONAL_COLUMNS].map((c) => [c.toLowerCase(), c]));
  const index = new Map<Column, number>();
  header.cells.forEach((raw, i) => {
    const name = raw.trim();
    const col = known.get(name.toLowerCase());
    if (!col) out.fileErrors.push({ key: 'csv.unknownColumn', params: { column: name } });
    else if (index.has(col)) out.fileErrors.push({ key: 'csv.duplicateColumn', params: { column: col } });
    else index.set(col, i);
  });
  for (const c of MUST_HAVE)
    if (!index.has(c)) out.fileErrors.push({ key: 'csv.missingColumn', params: { column: c } });
  if (out.fileErrors.length) return out;
  if (!data.length) {
    out.fileErrors.push({ key: 'csv.empty' });
    return out;
  }
  for (const r of data) {
    const problems: Msg[] = [];
    if (r.cells.length !== header.cells.length)
      problems.push({
        key: 'csv.fieldCount',
        params: { found: r.cells.length, expected: header.cells.length },
      });
    const get = (c: Column) => {
      const i = index.get(c);
      return i === undefined ? '' : (r.cells[i] ?? '').trim();
    };
    const dob = get('dateOfBirth');
    if (dob && !/^\d{4}-\d{2}-\d{2}$/.test(dob))
      problems.push({ key: 'csv.badDate', params: { value: dob, column: 'dateOfBirth' } });
    const times: Partial<Record<'issuedAt' | 'expiresAt', string>> = {};
    for (const [col, key] of [
      ['legalBasisIssuedAt', 'issuedAt'],
      ['legalBasisExpiresAt', 'expiresAt'],
    ] as const) {
      const v = get(col);
      if (!v) continue;
      const at = toServerTime(v, timeZone);
      if (at) times[key] = at;
      else problems.push({ key: 'csv.badTime', params: { value: v, column: col } });
    }
    if (problems.length) {
      out.failed.push({ line: r.line, problems });
      continue;
    }
    const lb = ['legalBasisKind', 'legalBasisReference', 'legalBasisIssuedBy', 'legalBasisIssuedAt'] as const;
    const groups = splitGroups(get('groups'));
    out.rows.push({
      line: r.line,
      item: {
        person: {
          givenNames: get('givenNames'),
          familyNames: get('familyNames'),
          dateOfBirth: dob,
          sex: SEX_ALIASES[get('sex').toLowerCase()] ?? get('sex'),
          ...(get('nationalId') ? { nationalId: get('nationalId') } : {}),
        },
        ...(lb.some((c) => get(c)) || times.expiresAt
          ? {
              legalBasis: {
                kind: get('legalBasisKind'),
                reference: get('legalBasisReference'),
                issuedBy: get('legalBasisIssuedBy'),
                issuedAt: times.issuedAt ?? '',
                ...(times.expiresAt ? { expiresAt: times.expiresAt } : {}),
              },
            }
          : {}),
        status: get('status'),
        ...(get('securityLevel') ? { securityLevel: get('securityLevel') } : {}),
        ...(groups.length ? { groups } : {}),
        ...(get('cell') ? { cell: get('cell') } : {}),
      },
    });
  }
  return out;
}

/** POSTs JSON with the session's CSRF token, reporting the upload's progress (fetch cannot). */
function postWithProgress<T>(
  path: string,
  body: unknown,
  onProgress: (loaded: number, total: number) => void,
  onUploaded: () => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1${path}`);
    xhr.setRequestHeader('content-type', 'application/json');
    xhr.setRequestHeader('accept-language', i18n.language);
    // the token api.ts keeps for this session
    const csrf = csrfToken();
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded, e.total);
    };
    xhr.upload.onload = () => onUploaded();
    xhr.onload = () => {
      let answer: unknown = {};
      try {
        answer = JSON.parse(xhr.responseText || '{}');
      } catch {
        answer = {};
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(answer as T);
      else reject(new ApiError(xhr.status, answer as Problem));
    };
    xhr.onerror = () => reject(new Error(i18n.t('csv.networkError', { ns: 'admit' })));
    xhr.send(JSON.stringify(body));
  });
}

const PREVIEW = 20;
/** Lines of a refusal shown with their line of the file (the problem lists them all). */
const REFUSED_SHOWN = 200;

type Phase =
  | { kind: 'idle' }
  | { kind: 'uploading'; loaded: number; total: number }
  | { kind: 'processing' }
  | { kind: 'done'; admitted: number; placements: Placement[] }
  | { kind: 'refused'; error: unknown };

function BulkAdmission() {
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
      const r = await postWithProgress<{ admitted: number; placements: Placement[] }>(
        '/admissions/bulk',
        { facility: facility.code, admissions: parsed.rows.map((r) => r.item) },
        (loaded, total) => setPhase({ kind: 'uploading', loaded, total }),
        () => setPhase({ kind: 'processing' }),
      );
      setPhase({ kind: 'done', admitted: r.admitted, placements: r.placements });
    } catch (error) {
      setPhase({ kind: 'refused', error });
    }
  };

  // each violation about `admissions[i]` belongs to a line of the file
  const refusedLines =
    phase.kind === 'refused' && phase.error instanceof ApiError && parsed
      ? (phase.error.problem.violations ?? [])
          .map((v) => {
            const i = /^admissions\[(\d+)\]/.exec(v.subject ?? '')?.[1];
            const row = i === undefined ? undefined : parsed.rows[Number(i)];
            const name = row ? `${row.item.person.givenNames} ${row.item.person.familyNames}` : '';
            return { line: row?.line ?? null, name, ...v };
          })
          .sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
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
                          <a href={href('people', p.personId)}>
                            {row
                              ? `${row.item.person.givenNames} ${row.item.person.familyNames}`
                              : p.personId}
                          </a>
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
              {refusedLines.some((v) => v.line !== null) ? (
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
                    {refusedLines.slice(0, REFUSED_SHOWN).map((v) => (
                      <tr key={`${v.rule}:${v.subject ?? ''}:${v.message}`}>
                        <th scope="row">{v.line ?? t('csv.whole')}</th>
                        <td>{v.name || '—'}</td>
                        <td>{v.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
              {refusedLines.length > REFUSED_SHOWN ? (
                <p>{t('csv.moreProblems', { count: refusedLines.length - REFUSED_SHOWN })}</p>
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

/** Admissions are for records staff and governors: others are told before they fill anything in. */
function RoleNotice() {
  const { t } = useTranslation('admit');
  const { me } = useSession();
  if (me.roles.some((r) => r === 'records' || r === 'governor')) return null;
  return (
    <p className="admit-notice" data-testid="admit-role-notice">
      {t('notAllowed', { roles: me.roles.join(', ') })}
    </p>
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
