import { describe, expect, it } from 'vitest';
import dailyLife from '../../web/src/locales/daily-life-timeline.js';
import people from '../../web/src/locales/people.js';
import {
  moveBody,
  moved,
  moveTargets,
  transferBody,
  transferred,
} from '../../web/src/pages/people/actions.js';
import type { TimelineEntry } from '../../web/src/pages/people/event-parts.js';
import { eventParts } from '../../web/src/pages/people/event-parts.js';

const ME = 'p-1';
const event = (
  kind: string,
  payload: Record<string, unknown>,
  extra: Partial<TimelineEntry> = {},
): TimelineEntry => ({
  seq: 7,
  kind,
  effectiveAt: '2026-01-01T10:00:00-03:00',
  recordedAt: '2026-01-01T10:00:00-03:00',
  actor: 'records',
  facility: 'CDP-SUR',
  corrects: null,
  correctedBy: [],
  hash: 'h',
  payload,
  ...extra,
});

describe('what a timeline event says (eventParts)', () => {
  it('a move and a transfer, in the current field names and in the legacy ones', () => {
    const moveNow = eventParts(
      event('custody.moved', { fromCell: 'A-1', toCell: 'A-2', reason: 'Obras' }),
      ME,
    );
    const moveThen = eventParts(event('custody.moved', { from: 'A-1', to: 'A-2', reason: 'Obras' }), ME);
    expect(moveNow).toEqual([
      { key: 'details.moved', params: { from: 'A-1', to: 'A-2' } },
      { key: 'details.reason', params: { reason: 'Obras' } },
    ]);
    expect(moveThen).toEqual(moveNow);
    const transfer = { fromCell: 'A-1', toCell: 'B-3', reason: 'Cupo' };
    const now = eventParts(
      event('custody.transferred', { ...transfer, fromFacility: 'X', toFacility: 'Y' }),
      ME,
    );
    expect(now[0]).toEqual({
      key: 'details.transferred',
      params: { from: 'X', fromCell: 'A-1', to: 'Y', toCell: 'B-3' },
    });
    expect(eventParts(event('custody.transferred', { ...transfer, from: 'X', to: 'Y' }), ME)).toEqual(now);
  });

  it('an admission with its status and legal basis as labels, shown as written when they have no message', () => {
    const parts = eventParts(
      event('custody.admitted', {
        cell: 'B-12',
        status: 'pretrial',
        legalBasis: { kind: 'sentence', reference: 'RIT 1-2026' },
      }),
      ME,
    );
    expect(parts).toEqual([
      {
        key: 'details.admitted',
        params: { cell: 'B-12', status: { key: 'status.pretrial', fallback: 'pretrial' } },
      },
      {
        key: 'details.basis',
        params: { kind: { key: 'legalBasisKind.sentence', fallback: 'sentence' }, reference: 'RIT 1-2026' },
      },
    ]);
  });

  it('withheld medical detail, corrections, and the other person of a non-association', () => {
    expect(
      eventParts(
        event('custody.admitted', { cell: 'B-1', status: 'detained', restricted: ['injuries'] }),
        ME,
      ).at(-1),
    ).toEqual({ key: 'details.restricted' });
    expect(
      eventParts(event('record.corrected', { reason: 'Typo' }, { corrects: 3, correctedBy: [9] }), ME),
    ).toEqual([
      { key: 'details.corrected', params: { seq: 3 } },
      { key: 'details.reason', params: { reason: 'Typo' } },
      { key: 'record.correctedBy', params: { seqs: '9' } },
    ]);
    const na = { personA: ME, personB: 'p-2', scope: 'cell', reason: 'threat', details: 'Amenazas' };
    expect(eventParts(event('non-association.opened', na), ME)).toEqual([
      {
        key: 'details.nonAssociation',
        params: {
          other: 'p-2',
          scope: { key: 'scope.cell', fallback: 'cell' },
          reason: { key: 'naReason.threat', fallback: 'threat' },
        },
      },
      { text: 'Amenazas' },
    ]);
    expect(eventParts(event('non-association.opened', na), 'p-2')[0]).toMatchObject({
      params: { other: ME },
    });
  });

  it('an incident, a death, a duty, and a kind it does not know (nothing to say)', () => {
    expect(eventParts(event('incident.recorded', { kind: 'fight', description: 'Riña' }), ME)).toEqual([
      { label: { key: 'incidentKind.fight', fallback: 'fight' } },
      { text: 'Riña' },
    ]);
    expect(eventParts(event('custody.died', { cell: 'C-1', circumstances: 'Natural' }), ME)).toEqual([
      { key: 'details.died', params: { cell: 'C-1' } },
      { text: 'Natural' },
    ]);
    // the medical cause, for those who read it back; withheld, only named as medical detail restricted
    const died = { cell: 'C-1', circumstances: 'En el patio' };
    expect(eventParts(event('custody.died', { ...died, medicalCause: 'Asfixia' }), ME)).toEqual([
      { key: 'details.died', params: { cell: 'C-1' } },
      { text: 'En el patio' },
      { key: 'details.medicalCause', params: { cause: 'Asfixia' } },
    ]);
    expect(eventParts(event('custody.died', { ...died, restricted: ['medicalCause'] }), ME)).toEqual([
      { key: 'details.died', params: { cell: 'C-1' } },
      { text: 'En el patio' },
      { key: 'details.restricted' },
    ]);
    expect(eventParts(event('duty.fulfilled', { kind: 'admission-exam', note: 'Ok' }), ME)).toEqual([
      { label: { key: 'dutyKind.admission-exam', fallback: 'admission-exam' } },
      { key: 'details.note', params: { note: 'Ok' } },
    ]);
    expect(eventParts(event('custody.released', {}), ME)).toEqual([
      { key: 'details.released', params: { cell: '—' } },
    ]);
    expect(eventParts(event('something.new', { x: 1 }), ME)).toEqual([]);
  });
});

describe('what a sentence event says (eventParts)', () => {
  const imposed = {
    sentenceId: 's-1',
    custodyId: 'c-1',
    caseReference: 'RIT-100-2025',
    court: 'TOP de Santiago',
    imposedAt: '2026-01-15',
    length: { years: 5, months: 3 },
    offenceCategory: 'general',
    relation: null,
    statusBefore: 'pretrial',
  };

  it('a sentence imposed: the case, the court, the date, its length in words and its category', () => {
    expect(eventParts(event('sentence.imposed', imposed), ME)).toEqual([
      {
        key: 'details.sentenced',
        params: {
          case: 'RIT-100-2025',
          court: 'TOP de Santiago',
          imposedAt: '2026-01-15',
          length: { length: { years: 5, months: 3 } },
          category: { key: 'sentences:category.general', fallback: 'general' },
        },
      },
    ]);
    const after = { ...imposed, length: { life: 'simple' }, relation: { kind: 'consecutive', to: 's-0' } };
    expect(eventParts(event('sentence.imposed', after), ME)).toEqual([
      {
        key: 'details.sentenced',
        params: expect.objectContaining({ length: { length: { life: 'simple' } } }),
      },
      { label: { key: 'sentenceRelation.consecutive', fallback: 'consecutive' } },
    ]);
  });

  it('a credit and a reduction, with their dates and references', () => {
    const credit = {
      sentenceId: 's-1',
      from: '2025-02-20',
      to: '2025-03-05',
      kind: 'detention',
      reference: 'Parte 55',
    };
    expect(eventParts(event('sentence.credited', credit), ME)).toEqual([
      {
        key: 'details.credited',
        params: {
          kind: { key: 'sentences:creditKind.detention', fallback: 'detention' },
          from: '2025-02-20',
          to: '2025-03-05',
          reference: 'Parte 55',
        },
      },
    ]);
    const reduction = { sentenceId: 's-1', days: 60, grantedAt: '2026-03-01', reference: 'Decreto 19.856' };
    expect(eventParts(event('sentence.reduced', reduction), ME)).toEqual([
      {
        key: 'details.reduced',
        params: { count: 60, grantedAt: '2026-03-01', reference: 'Decreto 19.856' },
      },
    ]);
  });

  it('a correction: each field changed, before and after, then the reason', () => {
    const correction = {
      sentenceId: 's-1',
      reason: 'Error de digitación',
      changes: {
        imposedAt: '2026-01-10',
        length: { years: 4 },
        offenceCategory: 'dl321-art3',
        relation: null,
      },
      before: {
        imposedAt: '2026-01-15',
        length: { years: 5 },
        offenceCategory: 'general',
        relation: { kind: 'concurrent', to: 's-0' },
      },
    };
    expect(eventParts(event('sentence.corrected', correction), ME)).toEqual([
      {
        key: 'details.sentenceChange',
        params: {
          field: { key: 'sentenceField.imposedAt', fallback: 'imposedAt' },
          before: '2026-01-15',
          after: '2026-01-10',
        },
      },
      {
        key: 'details.sentenceChange',
        params: {
          field: { key: 'sentenceField.length', fallback: 'length' },
          before: { length: { years: 5 } },
          after: { length: { years: 4 } },
        },
      },
      {
        key: 'details.sentenceChange',
        params: {
          field: { key: 'sentenceField.offenceCategory', fallback: 'offenceCategory' },
          before: { key: 'sentences:category.general', fallback: 'general' },
          after: { key: 'sentences:category.dl321-art3', fallback: 'dl321-art3' },
        },
      },
      {
        key: 'details.sentenceChange',
        params: {
          field: { key: 'sentenceField.relation', fallback: 'relation' },
          before: { key: 'sentenceRelation.concurrent', fallback: 'concurrent' },
          after: '—',
        },
      },
      { key: 'details.reason', params: { reason: 'Error de digitación' } },
    ]);
  });

  it('every part names a message both languages have', () => {
    const es = people.es as unknown as Record<string, Record<string, unknown>>;
    const en = people.en as unknown as Record<string, Record<string, unknown>>;
    for (const k of ['imposed', 'credited', 'reduced', 'corrected'])
      for (const l of [es, en]) expect((l.kinds!.sentence as Record<string, string>)[k]).toBeTruthy();
    for (const k of ['sentenced', 'credited', 'reduced_one', 'reduced_other', 'sentenceChange'])
      for (const l of [es, en]) expect(l.details![k]).toBeTruthy();
  });
});

describe('what a daily-life event says (eventParts)', () => {
  it('a visitor enrolled, a visit booked and its outcome with the reason', () => {
    expect(
      eventParts(event('visitor.enrolled', { visitorId: 'v-1', relationship: 'Madre', kind: 'family' }), ME),
    ).toEqual([
      {
        key: 'dailyDetails.visitorEnrolled',
        params: {
          visitor: 'v-1',
          relationship: 'Madre',
          kind: { key: 'visitorKind.family', fallback: 'family' },
        },
      },
    ]);
    const booked = {
      visitId: 'vi-1',
      custodyId: 'c-1',
      kind: 'legal',
      visitorIds: ['v-1', 'v-2'],
      startsAt: '2026-12-07T13:00:00.000Z',
      endsAt: '2026-12-07T14:00:00.000Z',
      sessionId: null,
    };
    expect(eventParts(event('visit.booked', booked), ME)).toEqual([
      {
        key: 'dailyDetails.visitBooked',
        params: {
          kind: { key: 'visitKind.legal', fallback: 'legal' },
          from: '2026-12-07T13:00Z',
          to: '2026-12-07T14:00Z',
          count: 2,
        },
      },
    ]);
    expect(
      eventParts(
        event('visit.outcome-recorded', { visitId: 'vi-1', outcome: 'refused', reason: 'Ebriedad' }),
        ME,
      ),
    ).toEqual([
      { label: { key: 'visitOutcome.refused', fallback: 'refused' } },
      { key: 'details.reason', params: { reason: 'Ebriedad' } },
    ]);
  });

  it('open air given to a unit, and the person it was not given to', () => {
    const record = {
      recordId: 'r-1',
      unit: 'CL-A',
      date: '2026-12-06',
      minutes: 90,
      exceptions: [{ personId: ME, reason: 'En tribunal' }],
    };
    expect(eventParts(event('open-air.recorded', record), ME)).toEqual([
      { key: 'dailyDetails.unitTime', params: { unit: 'CL-A', date: '2026-12-06', minutes: '90' } },
      { key: 'dailyDetails.notGiven', params: { reason: 'En tribunal' } },
    ]);
    expect(eventParts(event('time-out-of-cell.recorded', { ...record, exceptions: [] }), ME)).toEqual([
      { key: 'dailyDetails.unitTime', params: { unit: 'CL-A', date: '2026-12-06', minutes: '90' } },
    ]);
  });

  it('an activity: allocated, ended with the reason, waiting, attendance', () => {
    expect(
      eventParts(
        event('activity.allocated', { allocationId: 'a-1', activity: 'TALLER', custodyId: 'c' }),
        ME,
      ),
    ).toEqual([{ key: 'dailyDetails.activity', params: { activity: 'TALLER' } }]);
    expect(
      eventParts(
        event('activity.allocation-ended', { allocationId: 'a-1', activity: 'TALLER', reason: 'Egreso' }),
        ME,
      ),
    ).toEqual([
      { key: 'dailyDetails.activity', params: { activity: 'TALLER' } },
      { key: 'details.reason', params: { reason: 'Egreso' } },
    ]);
    expect(
      eventParts(event('activity.waitlisted', { entryId: 'w', activity: 'ESCUELA', custodyId: 'c' }), ME),
    ).toEqual([{ key: 'dailyDetails.waitlisted', params: { activity: 'ESCUELA' } }]);
    const attendance = {
      activity: 'ESCUELA',
      date: '2026-12-05',
      minutes: 120,
      present: ['p-2'],
      absent: [{ personId: ME, reason: 'Enfermo' }],
    };
    expect(eventParts(event('activity.attendance-recorded', attendance), ME)).toEqual([
      {
        key: 'dailyDetails.absent',
        params: { activity: 'ESCUELA', date: '2026-12-05', minutes: '120', reason: 'Enfermo' },
      },
    ]);
    expect(eventParts(event('activity.attendance-recorded', attendance), 'p-2')[0]).toMatchObject({
      key: 'dailyDetails.attended',
    });
  });

  it('every kind and part has its words in both languages', () => {
    const kinds = [
      'visitor.registered',
      'visitor.enrolled',
      'visitor.banned',
      'visitor.ban-lifted',
      'visit-session.created',
      'visit.booked',
      'visit.outcome-recorded',
      'open-air.recorded',
      'time-out-of-cell.recorded',
      'activity.created',
      'activity.allocated',
      'activity.allocation-ended',
      'activity.waitlisted',
      'activity.attendance-recorded',
    ];
    for (const l of [dailyLife.es, dailyLife.en]) {
      for (const k of kinds) {
        const [a, b] = k.split('.') as [string, string];
        expect((l.kinds as Record<string, Record<string, string>>)[a]?.[b], k).toBeTruthy();
      }
      for (const k of [
        'visitorEnrolled',
        'visitBooked_one',
        'visitBooked_other',
        'unitTime',
        'notGiven',
        'absent',
      ])
        expect((l.dailyDetails as Record<string, string>)[k], k).toBeTruthy();
    }
    // merged beside the people namespace's own: no key of theirs hidden
    for (const k of Object.keys(dailyLife.es).filter((k) => k !== 'kinds'))
      expect(Object.keys(people.es), k).not.toContain(k);
    for (const k of Object.keys(dailyLife.es.kinds)) expect(Object.keys(people.es.kinds), k).not.toContain(k);
  });
});

describe('the move and transfer forms', () => {
  it('send trimmed values; a transfer of one person', () => {
    expect(moveBody('p-1', ' A-2 ', ' Obras ')).toEqual({ personId: 'p-1', toCell: 'A-2', reason: 'Obras' });
    expect(transferBody('p-1', 'CECOT', ' Cupo ')).toEqual({
      personIds: ['p-1'],
      toFacility: 'CECOT',
      reason: 'Cupo',
    });
  });

  it('say where the person went, from the answer', () => {
    expect(moved({ cell: 'A-2', from: 'A-1' }, { cell: 'A-9' })).toEqual({ from: 'A-1', cell: 'A-2' });
    expect(moved({ cell: 'A-2' }, { cell: 'A-9' })).toEqual({ from: 'A-9', cell: 'A-2' });
    expect(moved({ cell: 'A-2' }, { cell: null })).toEqual({ from: '—', cell: 'A-2' });
    const r = {
      placements: [
        { personId: 'p-0', cell: 'X-1' },
        { personId: 'p-1', cell: 'X-2' },
      ],
    };
    expect(transferred(r, 'p-1', 'CECOT')).toEqual({ facility: 'CECOT', cell: 'X-2' });
    expect(transferred({ placements: [] }, 'p-1', 'CECOT')).toEqual({ facility: 'CECOT', cell: '—' });
  });

  it('offer the facility’s other cells', () => {
    const units = [
      { code: 'A', kind: 'block' },
      { code: 'A-1', kind: 'cell' },
      { code: 'A-2', kind: 'cell' },
    ];
    expect(moveTargets(units, 'A-1').map((u) => u.code)).toEqual(['A-2']);
  });
});
