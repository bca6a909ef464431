import { describe, expect, it } from 'vitest';
import activitiesLocale from '../../web/src/locales/activities.js';
import timeline from '../../web/src/locales/daily-life-timeline.js';
import openAirLocale from '../../web/src/locales/open-air.js';
import visitsLocale from '../../web/src/locales/visits.js';
import {
  activityBody,
  fieldOf as activityField,
  EMPTY_ACTIVITY,
  members,
} from '../../web/src/pages/activities/activities.js';
import {
  blockDays,
  blockOf,
  exceptionsFor,
  type UnitTimeDay,
  unitTimeBody,
} from '../../web/src/pages/open-air/open-air.js';
import {
  EMPTY_BOOKING,
  fieldOf,
  fullName,
  outcomeBody,
  sessionBody,
  timeRange,
  visitBody,
  visitorBody,
} from '../../web/src/pages/visits/visits.js';

const SANTIAGO = 'America/Santiago';

describe('the booking form’s request', () => {
  it('reads start and end on the facility’s clock, as RFC 3339 instants with its offset', () => {
    // Chile in summer (UTC-3), and in winter (UTC-4)
    expect(
      visitBody(
        'p-1',
        ['v-1', 'v-2'],
        { kind: 'legal', startsAt: '2026-12-07T10:00', endsAt: '2026-12-07T11:30' },
        SANTIAGO,
      ),
    ).toEqual({
      personId: 'p-1',
      visitorIds: ['v-1', 'v-2'],
      kind: 'legal',
      startsAt: '2026-12-07T10:00:00-03:00',
      endsAt: '2026-12-07T11:30:00-03:00',
    });
    expect(visitBody('p-1', [], { ...EMPTY_BOOKING, startsAt: '2026-06-01T10:00' }, SANTIAGO).startsAt).toBe(
      '2026-06-01T10:00:00-04:00',
    );
  });

  it('sends a time that is none as typed, for the server to refuse naming the field', () => {
    const body = visitBody(
      'p-1',
      [],
      { kind: 'family', startsAt: '2026-02-30T10:00', endsAt: ' ' },
      SANTIAGO,
    );
    expect(body.startsAt).toBe('2026-02-30T10:00');
    expect(body.endsAt).toBe('');
  });

  it('a session: its times in the zone, its capacity as a number when it is one', () => {
    expect(
      sessionBody(
        { startsAt: '2026-12-07T15:00', endsAt: '2026-12-07T17:00', capacity: ' 12 ', kinds: ['family'] },
        SANTIAGO,
      ),
    ).toEqual({
      startsAt: '2026-12-07T15:00:00-03:00',
      endsAt: '2026-12-07T17:00:00-03:00',
      capacity: 12,
      kinds: ['family'],
    });
    expect(sessionBody({ startsAt: '', endsAt: '', capacity: 'doce', kinds: [] }, SANTIAGO).capacity).toBe(
      'doce',
    );
  });

  it('a visitor: trimmed, the date of birth only when given; an outcome’s reason only when given', () => {
    expect(
      visitorBody({ givenNames: ' Ana ', familyNames: ' Soto ', nationalId: ' 1-9 ', dateOfBirth: '' }),
    ).toEqual({
      givenNames: 'Ana',
      familyNames: 'Soto',
      nationalId: '1-9',
    });
    expect(
      visitorBody({ givenNames: 'A', familyNames: 'B', nationalId: 'C', dateOfBirth: '1980-01-02' }),
    ).toMatchObject({
      dateOfBirth: '1980-01-02',
    });
    expect(outcomeBody('held', '  ')).toEqual({ outcome: 'held' });
    expect(outcomeBody('refused', ' Ebriedad ')).toEqual({ outcome: 'refused', reason: 'Ebriedad' });
  });
});

describe('the field a refusal names', () => {
  it('a visitor’s place in the list, or their id, is the visitors; times and kind are themselves', () => {
    expect(fieldOf('booking', 'visitorIds[1]')).toBe('visitors');
    expect(fieldOf('booking', '/visitorIds/0')).toBe('visitors');
    expect(fieldOf('booking', 'v-9', ['v-9'])).toBe('visitors');
    expect(fieldOf('booking', 'endsAt')).toBe('endsAt');
    expect(fieldOf('booking', 'personId')).toBe('person');
    expect(fieldOf('booking', 'somethingElse')).toBeNull();
    expect(fieldOf('booking', undefined)).toBeNull();
    expect(fieldOf('visitor', 'nationalId')).toBe('nationalId');
    expect(fieldOf('enrol', 'relationship')).toBe('relationship');
    expect(fieldOf('session', 'capacity')).toBe('capacity');
  });

  it('every field named has its label in both languages', () => {
    for (const l of [visitsLocale.es, visitsLocale.en]) {
      for (const f of ['person', 'visitors', 'kind', 'startsAt', 'endsAt']) {
        const key = f === 'kind' ? 'kind' : f;
        expect((l.book as Record<string, string>)[key], f).toBeTruthy();
      }
      for (const f of ['givenNames', 'familyNames', 'nationalId', 'dateOfBirth'])
        expect((l.register as Record<string, string>)[f]).toBeTruthy();
      for (const f of ['visitor', 'relationship', 'kind'])
        expect((l.enrol as Record<string, string>)[f]).toBeTruthy();
      for (const f of ['startsAt', 'endsAt', 'capacity', 'kinds'])
        expect((l.sessions as Record<string, string>)[f]).toBeTruthy();
    }
  });
});

describe('a visit as listed', () => {
  it('its time on the facility’s clock, its people by name', () => {
    expect(timeRange('2026-12-07T13:00:00.000Z', '2026-12-07T14:30:00.000Z', SANTIAGO, 'es')).toBe(
      '10:00–11:30',
    );
    expect(
      timeRange('2026-12-07T13:00:00.000Z', '2026-12-07T14:30:00.000Z', 'America/El_Salvador', 'en'),
    ).toBe('07:00–08:30');
    expect(fullName({ names: 'Ana Soto' })).toBe('Ana Soto');
    expect(fullName({ givenNames: 'Ana', familyNames: 'Soto' })).toBe('Soto, Ana');
    expect(fullName({})).toBe('—');
  });
});

const UNITS = [
  { code: 'A', parent: null },
  { code: 'A-1', parent: 'A' },
  { code: 'A-1-01', parent: 'A-1' },
  { code: 'B', parent: null },
  { code: 'B-01', parent: 'B' },
];

describe('open air for a block', () => {
  it('the request: minutes as a number, exceptions trimmed and only when there are some', () => {
    expect(unitTimeBody('A', '2026-12-06', '90')).toEqual({ unit: 'A', date: '2026-12-06', minutes: 90 });
    expect(
      unitTimeBody('A', '2026-12-06', ' 60 ', [
        { personId: 'p-1', reason: ' En el hospital ', name: 'X', block: 'A' },
      ]),
    ).toEqual({
      unit: 'A',
      date: '2026-12-06',
      minutes: 60,
      exceptions: [{ personId: 'p-1', reason: 'En el hospital' }],
    });
    // negative minutes go as typed: the server refuses them naming the field
    expect(unitTimeBody('A', '2026-12-06', '-5').minutes).toBe(-5);
    expect(unitTimeBody('A', '2026-12-06', 'mucho').minutes).toBe('mucho');
  });

  it('a cell’s block, through its landing; the exceptions that belong to a block', () => {
    expect(blockOf('A-1-01', UNITS)).toBe('A');
    expect(blockOf('B-01', UNITS)).toBe('B');
    expect(blockOf('A', UNITS)).toBe('A');
    expect(blockOf('Z-9', UNITS)).toBeNull();
    expect(blockOf(null, UNITS)).toBeNull();
    const xs = [
      { personId: 'a', reason: 'r', block: 'A' },
      { personId: 'b', reason: 'r', block: 'B' },
      { personId: 'c', reason: 'r', block: null },
    ];
    expect(exceptionsFor('A', xs).map((x) => x.personId)).toEqual(['a', 'c']);
  });

  it('a day per block: its own totals, records below it, exceptions, and who is short when all are listed', () => {
    const day: UnitTimeDay = {
      facility: 'F',
      date: '2026-12-06',
      minMinutes: 60,
      units: [
        {
          unit: 'A',
          kind: 'block',
          openAirMinutes: 90,
          outOfCellMinutes: 0,
          records: [
            {
              recordId: 'r1',
              kind: 'open-air',
              minutes: 60,
              exceptions: [{ personId: 'p-1', reason: 'Tribunal' }],
            },
            { recordId: 'r2', kind: 'open-air', minutes: 30, exceptions: [] },
          ],
        },
        {
          unit: 'A-1-01',
          kind: 'cell',
          openAirMinutes: 0,
          outOfCellMinutes: 120,
          records: [{ recordId: 'r3', kind: 'out-of-cell', minutes: 120, exceptions: [] }],
        },
      ],
      short: {
        count: 2,
        people: [
          { personId: 'p-1', cell: 'A-1-01', minutes: 0 },
          { personId: 'p-2', cell: 'B-01', minutes: 0 },
        ],
      },
    };
    const days = blockDays(day, UNITS);
    expect(days.get('A')).toEqual({
      block: 'A',
      openAir: 90,
      outOfCell: null,
      below: 1,
      exceptions: [{ personId: 'p-1', reason: 'Tribunal', kind: 'open-air' }],
      short: 1,
      cut: false,
    });
    expect(days.get('B')).toMatchObject({ openAir: null, outOfCell: null, below: 0, short: 1 });
    // more short than listed: a block's count is a floor
    expect(blockDays({ ...day, short: { ...day.short, count: 500 } }, UNITS).get('B')).toMatchObject({
      short: 1,
      cut: true,
    });
    expect(blockDays(undefined, UNITS).get('A')).toMatchObject({ openAir: null, short: 0, cut: false });
  });

  it('every word in both languages', () => {
    const keys = (o: object, at = ''): string[] =>
      Object.entries(o).flatMap(([k, x]) => (typeof x === 'object' ? keys(x, `${at}${k}.`) : [`${at}${k}`]));
    const plain = (ks: string[]) => new Set(ks.map((k) => k.replace(/_(one|many|other)$/, '')));
    for (const l of [openAirLocale, visitsLocale, activitiesLocale, timeline])
      expect([...plain(keys(l.es))].sort()).toEqual([...plain(keys(l.en))].sort());
  });
});

describe('activities', () => {
  it('the request: trimmed, places as a number when it is one', () => {
    expect(
      activityBody('CDP-SUR', { code: ' TALLER-1 ', name: ' Carpintería ', kind: 'work', places: '12' }),
    ).toEqual({
      facility: 'CDP-SUR',
      code: 'TALLER-1',
      name: 'Carpintería',
      kind: 'work',
      places: 12,
    });
    expect(activityBody('F', { ...EMPTY_ACTIVITY, places: '-1' }).places).toBe(-1);
    expect(activityBody('F', { ...EMPTY_ACTIVITY, places: 'diez' }).places).toBe('diez');
  });

  it('the field a refusal names', () => {
    expect(activityField('places')).toBe('places');
    expect(activityField('/code')).toBe('code');
    expect(activityField('personId')).toBe('person');
    expect(activityField('other')).toBeNull();
  });

  it('allocations and the waiting list as rows', () => {
    const rows = members({
      facility: 'F',
      code: 'T',
      name: 'Taller',
      kind: 'work',
      places: 2,
      allocated: 1,
      waiting: 1,
      allocations: [
        {
          allocationId: 'al-1',
          personId: 'p-1',
          names: 'Ana Soto',
          cell: 'A-1',
          startedAt: '2026-12-01T12:00:00.000Z',
        },
      ],
      waitingList: [
        {
          entryId: 'w-1',
          position: 1,
          personId: 'p-2',
          names: 'Luis Vera',
          addedAt: '2026-12-02T12:00:00.000Z',
        },
      ],
      attendance: [],
    });
    expect(rows).toEqual({
      allocated: [
        { id: 'al-1', personId: 'p-1', name: 'Ana Soto', cell: 'A-1', since: '2026-12-01T12:00:00.000Z' },
      ],
      waiting: [
        { id: 'w-1', personId: 'p-2', name: 'Luis Vera', cell: null, since: '2026-12-02T12:00:00.000Z' },
      ],
    });
  });
});
