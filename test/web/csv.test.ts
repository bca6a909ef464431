import { describe, expect, it } from 'vitest';
import { MAX_BATCH } from '../../src/api/schemas.js';
import {
  COLUMNS,
  MAX_ROWS,
  parseCsv,
  readAdmissions,
  refusedLines,
  TEMPLATE,
} from '../../web/src/pages/admit/csv.js';

const HEADER = COLUMNS.join(',');
const ZONE = 'America/Santiago';
const row = (over: Partial<Record<(typeof COLUMNS)[number], string>> = {}) =>
  COLUMNS.map(
    (c) =>
      over[c] ??
      {
        givenNames: 'Tomás',
        familyNames: 'Lagos Vidal',
        dateOfBirth: '1991-02-11',
        sex: 'male',
        nationalId: '',
        legalBasisKind: 'pretrial-detention-order',
        legalBasisReference: 'RIT 901-2026',
        legalBasisIssuedBy: 'Juzgado de Garantía',
        legalBasisIssuedAt: '2026-11-21 09:00',
        status: 'pretrial',
        securityLevel: 'medium',
        groups: '',
      }[c],
  ).join(',');

describe('parseCsv', () => {
  it('reads quotes, doubled quotes, separators and line breaks inside quotes, with each record’s line', () => {
    const { records, unterminatedAt } = parseCsv('a,b,c\n"x, y","say ""hi""","two\nlines"\n4,5,6\n');
    expect(unterminatedAt).toBeUndefined();
    expect(records).toEqual([
      { line: 1, cells: ['a', 'b', 'c'] },
      { line: 2, cells: ['x, y', 'say "hi"', 'two\nlines'] },
      { line: 4, cells: ['4', '5', '6'] },
    ]);
  });

  it('takes CRLF, LF and CR line ends in one file, a byte-order mark, and leaves blank lines out', () => {
    const { records } = parseCsv('\ufeffa,b\r\n1,2\n\n   \r3,"x\r\ny"\r\n\r\n5,6');
    expect(records).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', '2'] },
      { line: 5, cells: ['3', 'x\ny'] },
      { line: 8, cells: ['5', '6'] },
    ]);
  });

  it('uses ; when the header has more of them than commas (a spreadsheet in Spanish)', () => {
    expect(parseCsv('a;b;c\n1,5;2;"x;y"\n').records).toEqual([
      { line: 1, cells: ['a', 'b', 'c'] },
      { line: 2, cells: ['1,5', '2', 'x;y'] },
    ]);
  });

  it('names the line where quotes are opened and never closed', () => {
    const r = parseCsv('a,b\n1,2\n3,"open\n4,5\n');
    expect(r.unterminatedAt).toBe(3);
    expect(r.records[1]).toEqual({ line: 2, cells: ['1', '2'] });
  });
});

describe('readAdmissions', () => {
  it('reads the documented template', () => {
    const r = readAdmissions(TEMPLATE, ZONE);
    expect(r.fileErrors).toEqual([]);
    expect(r.failed).toEqual([]);
    expect(r.rows.map((x) => x.line)).toEqual([2, 3]);
    expect(r.rows[1]!.item.person).toEqual({
      givenNames: 'José Luis',
      familyNames: 'Gómez, hijo',
      dateOfBirth: '1985-11-02',
      sex: 'male',
      nationalId: '87654321-0',
    });
    // a local time is meant in the facility's zone (summer in Chile: -03:00); a date stays a date
    expect(r.rows[0]!.item.legalBasis!.issuedAt).toBe('2026-01-15T10:30:00-03:00');
    expect(r.rows[1]!.item.legalBasis!.issuedAt).toBe('2026-01-20');
  });

  it('makes the admission the server takes: F/M, groups, optional columns in any order and case', () => {
    const text = `STATUS,familyNames,givenNames,dateOfBirth,sex,legalBasisExpiresAt,Cell,groups\npretrial,Soto,Ana,1990-01-02,F,2026-07-01T08:00,A-1,ms13; barrio18\n`;
    const r = readAdmissions(text, ZONE);
    expect(r.fileErrors).toEqual([]);
    expect(r.rows).toEqual([
      {
        line: 2,
        item: {
          person: { givenNames: 'Ana', familyNames: 'Soto', dateOfBirth: '1990-01-02', sex: 'female' },
          // only an expiry: a legal basis, incomplete, for the server to refuse in words
          legalBasis: {
            kind: '',
            reference: '',
            issuedBy: '',
            issuedAt: '',
            expiresAt: '2026-07-01T08:00:00-04:00',
          },
          status: 'pretrial',
          groups: ['ms13', 'barrio18'],
          cell: 'A-1',
        },
      },
    ]);
  });

  it('reports problems with the header for the whole file', () => {
    expect(readAdmissions('givenNames,familyNames,colour,colour\n', ZONE).fileErrors).toEqual([
      { key: 'csv.unknownColumn', params: { column: 'colour' } },
      { key: 'csv.unknownColumn', params: { column: 'colour' } },
      { key: 'csv.missingColumn', params: { column: 'dateOfBirth' } },
      { key: 'csv.missingColumn', params: { column: 'sex' } },
      { key: 'csv.missingColumn', params: { column: 'status' } },
    ]);
    expect(readAdmissions(`${HEADER},SEX\n`, ZONE).fileErrors).toEqual([
      { key: 'csv.duplicateColumn', params: { column: 'sex' } },
    ]);
    expect(readAdmissions(`${HEADER}\n\n`, ZONE).fileErrors).toEqual([{ key: 'csv.empty' }]);
    expect(readAdmissions('  \n', ZONE).fileErrors).toEqual([{ key: 'csv.empty' }]);
    expect(readAdmissions(`${HEADER}\n${row()}\n"unclosed,${row().slice(6)}\n`, ZONE).fileErrors).toEqual([
      { key: 'csv.unterminated', params: { line: 3 } },
    ]);
  });

  it('refuses a file of more rows than the server takes at once, and reads one of exactly that many', () => {
    expect(MAX_ROWS).toBe(MAX_BATCH);
    const rows = (n: number) => [HEADER, ...Array.from({ length: n }, () => row())].join('\n');
    const over = readAdmissions(rows(MAX_ROWS + 1), ZONE);
    expect(over.fileErrors).toEqual([
      { key: 'csv.tooManyRows', params: { count: MAX_ROWS + 1, max: MAX_ROWS } },
    ]);
    expect(over.rows).toEqual([]);
    const full = readAdmissions(rows(MAX_ROWS), ZONE);
    expect(full.fileErrors).toEqual([]);
    expect(full.rows).toHaveLength(MAX_ROWS);
  });

  it('reports each bad row on its own line, and keeps the good ones', () => {
    const text = [
      HEADER,
      row(),
      row({ dateOfBirth: '11/02/1991' }),
      `"multi\nline",${row().split(',').slice(1).join(',')}`,
      row({ legalBasisIssuedAt: 'tomorrow', dateOfBirth: '1991' }),
      `${row()},extra`,
      row({ legalBasisIssuedAt: '2026-02-30 10:00' }),
      // a quote inside an unquoted-looking value: papaparse reads on to the next closing quote
      '"a"b,"c"',
    ].join('\n');
    const r = readAdmissions(text, ZONE);
    expect(r.fileErrors).toEqual([]);
    expect(r.rows.map((x) => x.line)).toEqual([2, 4]);
    expect(r.rows[1]!.item.person.givenNames).toBe('multi\nline');
    expect(r.failed).toEqual([
      { line: 3, problems: [{ key: 'csv.badDate', params: { value: '11/02/1991', column: 'dateOfBirth' } }] },
      {
        line: 6,
        problems: [
          { key: 'csv.badDate', params: { value: '1991', column: 'dateOfBirth' } },
          { key: 'csv.badTime', params: { value: 'tomorrow', column: 'legalBasisIssuedAt' } },
        ],
      },
      { line: 7, problems: [{ key: 'csv.fieldCount', params: { found: 13, expected: 12 } }] },
      {
        line: 8,
        problems: [
          { key: 'csv.badTime', params: { value: '2026-02-30 10:00', column: 'legalBasisIssuedAt' } },
        ],
      },
      {
        line: 9,
        problems: [{ key: 'csv.badQuotes' }, { key: 'csv.fieldCount', params: { found: 1, expected: 12 } }],
      },
    ]);
  });
});

describe('refusedLines', () => {
  it('puts each of the server’s violations on the line of the file its row came from', () => {
    const { rows } = readAdmissions(`${HEADER}\n${row()}\n\n${row({ familyNames: 'Rojas' })}\n`, ZONE);
    const lines = refusedLines(
      [
        { rule: 'cell-full', message: 'full', subject: 'admissions[1].cell' },
        { rule: 'batch', message: 'whole' },
        { rule: 'legal-basis-required', message: 'no basis', subject: 'admissions[0]' },
      ],
      rows,
    );
    expect(lines.map((l) => [l.line, l.name, l.rule])).toEqual([
      [null, '', 'batch'],
      [2, 'Tomás Lagos Vidal', 'legal-basis-required'],
      [4, 'Tomás Rojas', 'cell-full'],
    ]);
  });
});
