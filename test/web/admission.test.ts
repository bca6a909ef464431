import { describe, expect, it } from 'vitest';
import {
  buildAdmission,
  EMPTY_FORM,
  fieldOf,
  sexOf,
  splitGroups,
  toServerTime,
} from '../../web/src/pages/admit/admission.js';

const ZONE = 'America/Santiago';
const filled = {
  ...EMPTY_FORM,
  givenNames: '  Matías Ignacio ',
  familyNames: 'Fuentealba Carrasco',
  dateOfBirth: '1994-03-08',
  sex: 'male',
  lbKind: 'pretrial-detention-order',
  lbReference: ' RIT 4821-2026 ',
  lbIssuedBy: 'Juzgado de Garantía de Puente Alto',
  lbIssuedAt: '2026-11-20T10:30',
  status: 'pretrial',
};

describe('the admission form as a request body', () => {
  it('trims names, reads times in the facility’s zone, and leaves out what is blank', () => {
    expect(buildAdmission(filled, ZONE, true)).toEqual({
      person: {
        givenNames: 'Matías Ignacio',
        familyNames: 'Fuentealba Carrasco',
        dateOfBirth: '1994-03-08',
        sex: 'male',
      },
      legalBasis: {
        kind: 'pretrial-detention-order',
        reference: 'RIT 4821-2026',
        issuedBy: 'Juzgado de Garantía de Puente Alto',
        issuedAt: '2026-11-20T10:30:00-03:00',
      },
      status: 'pretrial',
    });
  });

  it('sends the cell, groups, level, id and expiry when given; the preview leaves the cell to the allocator', () => {
    const form = {
      ...filled,
      nationalId: ' 12.345.678-9 ',
      lbExpiresAt: '2026-07-01T09:00',
      securityLevel: 'high',
      groups: 'ms13, barrio18;;',
      cell: ' B-12 ',
    };
    const body = buildAdmission(form, ZONE, true);
    expect(body).toMatchObject({
      person: { nationalId: '12.345.678-9' },
      legalBasis: { expiresAt: '2026-07-01T09:00:00-04:00' },
      securityLevel: 'high',
      groups: ['ms13', 'barrio18'],
      cell: 'B-12',
    });
    expect(buildAdmission(form, ZONE, false)).not.toHaveProperty('cell');
  });

  it('sends no legal basis when every one of its fields is blank (the server refuses it in words)', () => {
    const none = { ...filled, lbKind: '', lbReference: ' ', lbIssuedBy: '', lbIssuedAt: '' };
    expect(buildAdmission(none, ZONE, true)).not.toHaveProperty('legalBasis');
    // one field given: a legal basis, its blanks for the server to name
    expect(buildAdmission({ ...none, lbReference: 'X-1' }, ZONE, true).legalBasis).toEqual({
      kind: '',
      reference: 'X-1',
      issuedBy: '',
      issuedAt: '',
    });
  });

  it('finds the field a violation names', () => {
    expect(fieldOf('person.dateOfBirth')).toBe('dateOfBirth');
    expect(fieldOf('legalBasis')).toBe('lbKind');
    expect(fieldOf('legalBasis.issuedAt')).toBe('lbIssuedAt');
    expect(fieldOf('groups[2]')).toBe('groups');
    expect(fieldOf('admittedAt')).toBeNull();
    expect(fieldOf(undefined)).toBeNull();
  });
});

describe('values typed in a form or a file', () => {
  it('reads a legal basis time as a date, an RFC 3339 time, or a local time of the zone', () => {
    expect(toServerTime('2026-01-20', ZONE)).toBe('2026-01-20');
    expect(toServerTime('2026-01-20T10:00:00Z', ZONE)).toBe('2026-01-20T10:00:00Z');
    expect(toServerTime('2026-01-20T10:00-05:00', ZONE)).toBe('2026-01-20T10:00-05:00');
    expect(toServerTime(' 2026-01-20 10:00 ', ZONE)).toBe('2026-01-20T10:00:00-03:00');
    expect(toServerTime('20/01/2026', ZONE)).toBeNull();
  });

  it('knows F and M, in any case; splits groups on commas, semicolons, bars and spaces', () => {
    expect(['F', 'f', 'Female', 'M', ' male '].map(sexOf)).toEqual([
      'female',
      'female',
      'female',
      'male',
      'male',
    ]);
    expect(sexOf('X')).toBe('X');
    expect(splitGroups(' a, b;c|d  e ')).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(splitGroups('  ')).toEqual([]);
  });
});
