/**
 * Admissions read from a CSV file (papaparse reads the CSV): each row checked where it can be without
 * the server, and every problem kept with its line of the file. Pure, so it is tested without a browser.
 */
import Papa from 'papaparse';
import { type AdmissionItem, sexOf, splitGroups, toServerTime } from './admission.js';

export const COLUMNS = [
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
export const OPTIONAL_COLUMNS = ['legalBasisExpiresAt', 'cell'] as const;
export type Column = (typeof COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];
/** Columns the format table marks as required. */
export const REQUIRED: readonly Column[] = [
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

export const TEMPLATE = `${COLUMNS.join(',')}
Ana María,Pérez López,1990-04-12,female,12345678-9,pretrial-detention-order,PP-2026-000123,Juzgado de Garantía,2026-01-15 10:30,pretrial,medium,
"José Luis","Gómez, hijo",1985-11-02,male,87654321-0,arrest,DET-2026-000456,Policía Nacional Civil,2026-01-20,detained,low,
`;

/** A message to show, kept as a key (of the admit namespace) so it follows the chosen language. */
export interface Msg {
  key: string;
  params?: Record<string, string | number>;
}

/** A record of the file: its cells, and the line of the file it starts on. */
export interface CsvRecord {
  line: number;
  cells: string[];
  /** a quoted value does not end where its quotes do (`"a"b`) */
  badQuotes?: boolean;
}

/**
 * The records of a CSV text (RFC 4180: quotes, doubled quotes, line breaks inside quotes; CRLF, LF or
 * CR line ends), with the line each starts on. The separator is `,`, or `;` when the first line has
 * more of those. Blank lines are left out. `unterminatedAt`: the line of a record whose quotes are
 * never closed (it runs to the end of the file).
 */
export function parseCsv(input: string): { records: CsvRecord[]; unterminatedAt?: number } {
  const text = (input.charCodeAt(0) === 0xfeff ? input.slice(1) : input).replace(/\r\n?/g, '\n');
  const first = text.split('\n', 1)[0] ?? '';
  const delimiter = (first.match(/;/g)?.length ?? 0) > (first.match(/,/g)?.length ?? 0) ? ';' : ',';
  const records: CsvRecord[] = [];
  let unterminatedAt: number | undefined;
  let start = 0;
  let line = 1;
  Papa.parse<string[]>(text, {
    delimiter,
    newline: '\n',
    quoteChar: '"',
    escapeChar: '"',
    // each record with where it ends: the next one starts there
    step: (r) => {
      const codes = new Set(r.errors.map((e) => e.code));
      if (codes.has('MissingQuotes')) unterminatedAt ??= line;
      if (r.data.some((c) => c.trim()))
        records.push({ line, cells: r.data, ...(codes.has('InvalidQuotes') ? { badQuotes: true } : {}) });
      const end = r.meta.cursor;
      for (let i = start; i < end && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
      start = end;
    },
  });
  return unterminatedAt === undefined ? { records } : { records, unterminatedAt };
}

export interface ReadRow {
  line: number;
  item: AdmissionItem;
}

/** What a file gave: problems with the whole file, the rows read, and the rows that could not be. */
export interface ParsedFile {
  fileErrors: Msg[];
  rows: ReadRow[];
  failed: { line: number; problems: Msg[] }[];
}

/** Rows of one file: the most `POST /admissions/bulk` takes at once (MAX_BATCH in src/api/schemas.ts). */
export const MAX_ROWS = 5000;

/**
 * The admissions of a CSV file, its times read on the wall clock of `timeZone`. Problems the server
 * would also find (an unknown status, a missing legal basis) are left to it: it names each.
 */
export function readAdmissions(text: string, timeZone: string): ParsedFile {
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
  if (data.length > MAX_ROWS) {
    // the server takes a batch of at most this many, all or nothing: larger files are split by the user
    out.fileErrors.push({ key: 'csv.tooManyRows', params: { count: data.length, max: MAX_ROWS } });
    return out;
  }
  for (const r of data) {
    const read = readRow(r, header.cells.length, index, timeZone);
    if ('problems' in read) out.failed.push({ line: r.line, problems: read.problems });
    else out.rows.push({ line: r.line, item: read.item });
  }
  return out;
}

function readRow(
  r: CsvRecord,
  expected: number,
  index: Map<Column, number>,
  timeZone: string,
): { item: AdmissionItem } | { problems: Msg[] } {
  const problems: Msg[] = [];
  if (r.badQuotes) problems.push({ key: 'csv.badQuotes' });
  if (r.cells.length !== expected)
    problems.push({ key: 'csv.fieldCount', params: { found: r.cells.length, expected } });
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
  if (problems.length) return { problems };
  const lb = ['legalBasisKind', 'legalBasisReference', 'legalBasisIssuedBy', 'legalBasisIssuedAt'] as const;
  const groups = splitGroups(get('groups'));
  return {
    item: {
      person: {
        givenNames: get('givenNames'),
        familyNames: get('familyNames'),
        dateOfBirth: dob,
        sex: sexOf(get('sex')),
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
  };
}

/** A violation of a bulk admission's refusal, with the line of the file its row came from. */
export interface RefusedLine {
  rule: string;
  message: string;
  subject?: string;
  /** null: about the whole batch */
  line: number | null;
  name: string;
}

/** Each violation about `admissions[i]` belongs to a line of the file: in the file's order, the batch's first. */
export function refusedLines(
  violations: readonly { rule: string; message: string; subject?: string }[],
  rows: readonly ReadRow[],
): RefusedLine[] {
  return violations
    .map((v) => {
      const i = /^admissions\[(\d+)\]/.exec(v.subject ?? '')?.[1];
      const row = i === undefined ? undefined : rows[Number(i)];
      const name = row ? `${row.item.person.givenNames} ${row.item.person.familyNames}` : '';
      return { ...v, line: row?.line ?? null, name };
    })
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}
