import { describe, expect, it } from 'vitest';
import type { AdmissionInput, CheckedAdmission } from '../../src/domain/custody/admission.js';
import {
  type AdmissionHistory,
  checkHistory,
  namedIn,
  type PastCustody,
} from '../../src/domain/custody/admission-history.js';
import { unknownGroups } from '../../src/domain/housing/groups.js';

const subject = (i: number) => `admissions[${i}]`;
const input = (extra: Partial<AdmissionInput> & { nationalId?: string; dateOfBirth?: string } = {}) => {
  const { nationalId, dateOfBirth, ...rest } = extra;
  return {
    person: {
      givenNames: 'Ana',
      familyNames: 'Pérez',
      dateOfBirth: dateOfBirth ?? '1990-01-01',
      sex: 'female',
      ...(nationalId === undefined ? {} : { nationalId }),
    },
    status: 'detained',
    ...rest,
  } as AdmissionInput;
};
const checked = (admittedAt: string) => ({ admittedAt: new Date(admittedAt) }) as CheckedAdmission;
const ana = { id: 'p-ana', nationalId: '111-1', dateOfBirth: '1990-01-01' };
const released = (personId: string, at: string): PastCustody => ({
  personId,
  facility: 'ALFA',
  releasedAt: new Date(at),
});
const history = (h: Partial<AdmissionHistory> = {}): AdmissionHistory => ({
  known: [ana],
  custodies: [],
  ...h,
});

describe('admissions against history', () => {
  it('names what to look up: person ids and trimmed national ids, once each', () => {
    expect(
      namedIn([
        input({ personId: 'p-1' }),
        input({ nationalId: ' 222-2 ' }),
        input({ personId: 'p-1' }),
        input({ nationalId: '' }),
      ]),
    ).toEqual({ personIds: ['p-1'], nationalIds: ['222-2'] });
  });

  it('admits someone new, and someone on file again by id or by national id after their release', () => {
    const r = checkHistory(
      [input({ nationalId: '999-9' }), input({ personId: 'p-ana' }), input({ nationalId: ' 111-1 ' })],
      [checked('2026-03-01'), checked('2026-03-01'), undefined],
      history({ custodies: [released('p-ana', '2026-02-01')] }),
      subject,
    );
    expect(r).toEqual({
      personIds: [null, 'p-ana', 'p-ana'],
      violations: [{ rule: 'duplicate-in-batch', subject: 'admissions[2]', params: { person: 'p-ana' } }],
    });
    const alone = checkHistory(
      [input({ nationalId: '111-1' })],
      [checked('2026-03-01')],
      history({ custodies: [released('p-ana', '2026-02-01')] }),
      subject,
    );
    expect(alone).toEqual({ personIds: ['p-ana'], violations: [] });
  });

  it('refuses a person id not on file as an input error on that field', () => {
    const r = checkHistory([input({ personId: 'p-nobody' })], [checked('2026-03-01')], history(), subject);
    expect(r.personIds).toEqual([null]);
    expect(r.violations).toEqual([
      {
        rule: 'invalid-field',
        subject: 'admissions[0].personId',
        params: { field: 'admissions[0].personId', problem: 'unknown person p-nobody' },
      },
    ]);
  });

  it('refuses a national id on file with another date of birth, and merges nothing', () => {
    const r = checkHistory(
      [input({ nationalId: '111-1', dateOfBirth: '1991-05-05' })],
      [checked('2026-03-01')],
      history(),
      (i) => (i === 0 ? '' : subject(i)),
    );
    expect(r).toEqual({
      personIds: [null],
      violations: [
        { rule: 'national-id-conflict', subject: 'person.nationalId', params: { nationalId: '111-1' } },
      ],
    });
  });

  it('refuses a new national id twice in one batch, and a person twice by id', () => {
    const r = checkHistory(
      [
        input({ nationalId: '555-5' }),
        input({ nationalId: '555-5' }),
        input({ personId: 'p-ana' }),
        input({ personId: 'p-ana' }),
      ],
      [],
      history(),
      subject,
    );
    expect(r.violations).toEqual([
      { rule: 'duplicate-in-batch', subject: 'admissions[1]', params: { person: '555-5' } },
      { rule: 'duplicate-in-batch', subject: 'admissions[3]', params: { person: 'p-ana' } },
    ]);
  });

  it('refuses someone held now, naming the admission and where they are held', () => {
    const r = checkHistory(
      [input({ nationalId: '999-9' }), input({ personId: 'p-ana' })],
      [checked('2026-03-01'), checked('2026-03-01')],
      history({
        custodies: [
          released('p-ana', '2025-01-01'),
          { personId: 'p-ana', facility: 'BRAVO', releasedAt: null },
        ],
      }),
      subject,
    );
    expect(r.violations).toEqual([
      {
        rule: 'already-in-custody',
        subject: 'admissions[1]',
        params: { person: 'p-ana', facility: 'BRAVO' },
      },
    ]);
  });

  it('refuses a re-admission dated before the last of the releases', () => {
    const r = checkHistory(
      [input({ personId: 'p-ana' })],
      [checked('2026-01-15')],
      history({ custodies: [released('p-ana', '2026-02-01'), released('p-ana', '2025-06-01')] }),
      subject,
    );
    expect(r.violations).toEqual([
      {
        rule: 'overlapping-custody',
        subject: 'admissions[0].admittedAt',
        params: { at: '2026-01-15T00:00:00.000Z', releasedAt: '2026-02-01T00:00:00.000Z' },
      },
    ]);
    // at the moment of the release itself, or after, the custodies do not overlap
    const at = checkHistory(
      [input({ personId: 'p-ana' })],
      [checked('2026-02-01')],
      history({ custodies: [released('p-ana', '2026-02-01')] }),
      subject,
    );
    expect(at.violations).toEqual([]);
  });

  it('ignores the custodies of people on file the batch does not admit again', () => {
    const r = checkHistory(
      [input({ nationalId: '111-1', dateOfBirth: '1991-05-05' })],
      [checked('2026-03-01')],
      history({ custodies: [{ personId: 'p-ana', facility: 'ALFA', releasedAt: null }] }),
      subject,
    );
    expect(r.violations.map((v) => v.rule)).toEqual(['national-id-conflict']);
  });
});

describe('groups an admission names', () => {
  it('refuses each group not on record, naming its place in the list', () => {
    const r = unknownGroups(
      [{ groups: ['MS13', 'XX'] }, undefined, { groups: ['B18'] }],
      new Set(['MS13', 'B18']),
      subject,
    );
    expect(r).toEqual([
      { rule: 'unknown-group', subject: 'admissions[0].groups[1]', params: { group: 'XX' } },
    ]);
    expect(unknownGroups([{ groups: [] }, { groups: ['B18'] }], new Set(['B18']), subject)).toEqual([]);
  });
});
