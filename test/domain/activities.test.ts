import { describe, expect, it } from 'vitest';
import {
  type AllocationFacts,
  activityFieldErrors,
  activityShare,
  allocationRefusals,
  attendanceDateRefusals,
  attendanceFieldErrors,
  notAllocatedRefusals,
  rivalGroups,
  waitlistRefusals,
} from '../../src/domain/daily-life/activities.js';
import { activityMessages } from '../../src/domain/daily-life/activities-messages.js';
import { t } from '../../src/domain/messages.js';

const person = (personId: string, groups: string[] = []) => ({
  personId,
  label: `Persona ${personId}`,
  groups,
});

const facts = (extra: Partial<AllocationFacts> = {}): AllocationFacts => ({
  facility: 'ALFA',
  activity: { code: 'CARP', name: 'Carpintería', places: 3 },
  person: person('p1', ['MS-13']),
  heldIn: 'ALFA',
  allocated: false,
  others: [],
  pairs: [],
  rivalries: [],
  ...extra,
});

describe('activity fields', () => {
  it('accepts a well-formed activity', () => {
    expect(
      activityFieldErrors({ facility: 'ALFA', code: 'CARP.1_a-b', name: 'Taller', kind: 'work', places: 1 }),
    ).toEqual([]);
  });

  it('names each bad field: code, name, places, kind', () => {
    const vs = activityFieldErrors({
      facility: 'ALFA',
      code: 'no spaces allowed',
      name: ' ',
      kind: 'leisure' as never,
      places: 10_001,
    });
    expect(vs.map((v) => [v.rule, v.subject])).toEqual([
      ['invalid-field', 'code'],
      ['invalid-field', 'name'],
      ['invalid-field', 'places'],
      ['invalid-field', 'kind'],
    ]);
    expect(
      activityFieldErrors({ facility: 'A', code: 'x'.repeat(41), name: 'n', kind: 'work', places: 0 }).map(
        (v) => v.subject,
      ),
    ).toEqual(['code', 'places']);
  });
});

describe('allocation (Mandela Rules 4, 96, 104; non-association as in housing)', () => {
  it('allows a person held here with a free place and nobody to be kept apart from', () => {
    expect(allocationRefusals(facts({ others: [person('p2', ['MS-13'])] }))).toEqual([]);
  });

  it('refuses someone held in another facility, and nothing else', () => {
    expect(allocationRefusals(facts({ heldIn: 'BRAVO', allocated: true }))).toEqual([
      {
        rule: 'not-in-facility',
        subject: 'personId',
        params: { person: 'Persona p1', personId: 'p1', facility: 'ALFA' },
      },
    ]);
  });

  it('refuses a second allocation to the same activity', () => {
    expect(allocationRefusals(facts({ allocated: true })).map((v) => v.rule)).toEqual(['already-allocated']);
  });

  it('refuses when open allocations take every place', () => {
    const vs = allocationRefusals(
      facts({ activity: { code: 'CARP', name: 'Carpintería', places: 1 }, others: [person('p2')] }),
    );
    expect(vs).toEqual([
      {
        rule: 'activity-full',
        subject: 'activity',
        params: { activity: 'CARP', name: 'Carpintería', places: 1 },
      },
    ]);
  });

  it('collects every person to be kept apart: individual non-associations of any scope, rival groups of facility scope', () => {
    const vs = allocationRefusals(
      facts({
        activity: { code: 'CARP', name: 'Carpintería', places: 3 },
        others: [person('p2'), person('p3', ['BARRIO-18']), person('p4', ['MARA-X'])],
        pairs: [{ a: 'p2', b: 'p1', scope: 'cell' }],
        rivalries: [
          { a: 'BARRIO-18', b: 'MS-13', scope: 'facility' },
          { a: 'MARA-X', b: 'MS-13', scope: 'block' },
        ],
      }),
    );
    // full (3 allocated, 3 places) and two people to be kept apart; the block-scope rival is not one
    expect(vs.map((v) => [v.rule, v.subject, v.params?.other, v.params?.kind])).toEqual([
      ['activity-full', 'activity', undefined, undefined],
      ['non-association', 'personId', 'Persona p2', 'individual'],
      ['non-association', 'personId', 'Persona p3', 'rival-group'],
    ]);
    expect(vs[2]?.params).toMatchObject({ group: 'MS-13', rival: 'BARRIO-18', scope: 'facility' });
    expect(vs[1]?.message).toBe('non-association.activity.individual');
    expect(vs[2]?.message).toBe('non-association.activity.rival');
  });

  it('finds rival groups in either direction, only at facility scope', () => {
    const rivalries = [{ a: 'A', b: 'B', scope: 'facility' }];
    expect(rivalGroups(['B'], ['A'], rivalries)).toEqual({ group: 'B', rival: 'A' });
    expect(rivalGroups(['A'], ['C'], rivalries)).toBeNull();
    expect(rivalGroups(['A'], ['B'], [{ a: 'A', b: 'B', scope: 'landing' }])).toBeNull();
  });
});

describe('waiting list', () => {
  const w = {
    facility: 'ALFA',
    activity: 'CARP',
    person: person('p1'),
    heldIn: 'ALFA',
    allocated: false,
    waiting: false,
  };
  it('refuses the allocated, those already waiting and those held elsewhere', () => {
    expect(waitlistRefusals(w)).toEqual([]);
    expect(waitlistRefusals({ ...w, allocated: true }).map((v) => v.rule)).toEqual(['already-allocated']);
    expect(waitlistRefusals({ ...w, waiting: true }).map((v) => v.rule)).toEqual(['already-waiting']);
    expect(waitlistRefusals({ ...w, heldIn: 'BRAVO' }).map((v) => v.rule)).toEqual(['not-in-facility']);
  });
});

describe('attendance', () => {
  const a = {
    date: '2026-03-02',
    minutes: 90,
    present: ['p1', 'p2'],
    absent: [{ personId: 'p3', reason: 'en audiencia' }],
  };

  it('names bad minutes and people named twice or both present and absent', () => {
    expect(attendanceFieldErrors(a)).toEqual([]);
    expect(attendanceFieldErrors({ ...a, minutes: -1 }).map((v) => v.subject)).toEqual(['minutes']);
    expect(attendanceFieldErrors({ ...a, minutes: 1441 }).map((v) => v.subject)).toEqual(['minutes']);
    expect(
      attendanceFieldErrors({ ...a, present: ['p1', 'p1'], absent: [{ personId: 'p1', reason: 'x' }] }).map(
        (v) => v.subject,
      ),
    ).toEqual(['present[1]', 'absent[0].personId']);
  });

  it('refuses a day that has not begun in the facility', () => {
    expect(attendanceDateRefusals('2026-03-02', '2026-03-02')).toEqual([]);
    expect(attendanceDateRefusals('2026-03-03', '2026-03-02')).toEqual([
      { rule: 'date-in-future', subject: 'date', params: { date: '2026-03-03', today: '2026-03-02' } },
    ]);
  });

  it('names everyone not allocated that day by where they are in the record', () => {
    const vs = notAllocatedRefusals(a, 'CARP', new Set(['p1']), (id) => `Persona ${id}`);
    expect(vs.map((v) => [v.rule, v.subject, v.params?.person])).toEqual([
      ['not-allocated', 'present[1]', 'Persona p2'],
      ['not-allocated', 'absent[0].personId', 'Persona p3'],
    ]);
  });
});

describe('share and messages', () => {
  it('is the share of people held who have an activity', () => {
    expect(activityShare(0, 0)).toBe(0);
    expect(activityShare(3, 1)).toBe(0.3333);
    expect(activityShare(4, 4)).toBe(1);
  });

  it('has Spanish and English words for every rule, filled from its params', () => {
    for (const [key, m] of Object.entries(activityMessages)) {
      expect(m.es.length, key).toBeGreaterThan(0);
      expect(m.en.length, key).toBeGreaterThan(0);
    }
    for (const v of allocationRefusals(
      facts({
        activity: { code: 'CARP', name: 'Carpintería', places: 1 },
        others: [person('p2')],
        pairs: [{ a: 'p1', b: 'p2', scope: 'block' }],
      }),
    ))
      for (const lang of ['es', 'en'] as const)
        expect(t(v.message ?? v.rule, lang, v.params)).not.toMatch(/\{\w+\}/);
    expect(t('activity-full', 'es', { name: 'Carpintería', activity: 'CARP', places: 1 })).toBe(
      'La actividad Carpintería (CARP) está completa: sus 1 plazas están ocupadas.',
    );
  });
});
