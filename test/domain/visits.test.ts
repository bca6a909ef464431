import { describe, expect, it } from 'vitest';
import {
  checkNonAssociation,
  chooseSession,
  keptApart,
  type SessionSlot,
} from '../../src/domain/daily-life/visit-sessions.js';
import {
  banCovers,
  checkBanDates,
  checkBans,
  checkDistinctVisitors,
  checkEnrolments,
  checkInterval,
  checkOutcome,
  checkOverlap,
  checkRegistration,
  checkRestrictions,
  checkVisitorCount,
  normalName,
  VISIT_KINDS,
  type VisitRestriction,
} from '../../src/domain/daily-life/visits.js';
import { visitMessages } from '../../src/domain/daily-life/visits-messages.js';
import { messages } from '../../src/domain/messages.js';

const at = (s: string) => new Date(s);
const rules = (vs: { rule: string }[]) => vs.map((v) => v.rule);

describe('visit rules', () => {
  it('a visit ends after it starts and lasts at most 24 hours', () => {
    expect(checkInterval(at('2026-01-01T10:00Z'), at('2026-01-01T11:00Z'))).toEqual([]);
    expect(checkInterval(at('2026-01-01T10:00Z'), at('2026-01-01T10:00Z'))).toMatchObject([
      { rule: 'visit-ends-before-start', subject: 'endsAt' },
    ]);
    expect(checkInterval(at('2026-01-01T10:00Z'), at('2026-01-01T09:00Z'))).toMatchObject([
      { rule: 'visit-ends-before-start', subject: 'endsAt' },
    ]);
    expect(checkInterval(at('2026-01-01T10:00Z'), at('2026-01-02T10:00Z'))).toEqual([]);
    expect(checkInterval(at('2026-01-01T10:00Z'), at('2026-01-02T10:01Z'))).toMatchObject([
      { rule: 'visit-too-long', subject: 'endsAt', params: { hours: 24 } },
    ]);
    expect(rules(checkInterval(at('2026-01-01T10:00Z'), at('2026-01-01T09:00Z'), 'visit-session'))).toEqual([
      'visit-session-ends-before-start',
    ]);
  });

  it('names each visitor given twice', () => {
    expect(checkDistinctVisitors(['a', 'b', 'a', 'a'])).toEqual([
      { rule: 'duplicate-visitor', subject: 'visitorIds[2]', params: { visitor: 'a' } },
      { rule: 'duplicate-visitor', subject: 'visitorIds[3]', params: { visitor: 'a' } },
    ]);
  });

  it('a ban ends on or after its first day', () => {
    expect(checkBanDates('2026-01-01', '2026-01-01')).toEqual([]);
    expect(checkBanDates('2026-01-02', '2026-01-01')).toMatchObject([
      { rule: 'ban-ends-before-start', subject: 'until' },
    ]);
  });

  it('one registry entry per document: the same names answer it, other names are refused', () => {
    const existing = { visitorId: 'v1', givenNames: 'María José', familyNames: 'Rojas Pérez' };
    expect(checkRegistration({ givenNames: 'x', familyNames: 'y', nationalId: '1' }, undefined)).toEqual({
      existing: false,
      violations: [],
    });
    expect(
      checkRegistration(
        { givenNames: ' maria  jose', familyNames: 'ROJAS PEREZ', nationalId: '1' },
        existing,
      ),
    ).toEqual({ existing: true, violations: [] });
    expect(
      checkRegistration({ givenNames: 'Ana', familyNames: 'Rojas Pérez', nationalId: '1' }, existing)
        .violations,
    ).toEqual([
      { rule: 'visitor-exists', subject: 'nationalId', params: { visitorId: 'v1', nationalId: '1' } },
    ]);
    expect(normalName('  Ñuñoa  ÁVILA ')).toBe('nunoa avila');
  });

  it('visitors must be enrolled, legal visits with legal advisers, others with family or other', () => {
    const enrolled = new Map([
      ['fam', 'family'],
      ['law', 'legal'],
      ['oth', 'other'],
    ] as const);
    expect(checkEnrolments('family', 'p', ['fam', 'oth'], enrolled)).toEqual([]);
    expect(checkEnrolments('intimate', 'p', ['fam'], enrolled)).toEqual([]);
    expect(checkEnrolments('legal', 'p', ['law'], enrolled)).toEqual([]);
    expect(checkEnrolments('family', 'p', ['fam', 'nobody', 'law'], enrolled)).toEqual([
      { rule: 'visitor-not-enrolled', subject: 'visitorIds[1]', params: { visitor: 'nobody', person: 'p' } },
      {
        rule: 'visitor-legal-only',
        subject: 'visitorIds[2]',
        params: { visitor: 'law', person: 'p', kind: 'family' },
      },
    ]);
    expect(rules(checkEnrolments('legal', 'p', ['law', 'fam'], enrolled))).toEqual(['visitor-not-legal']);
  });

  it('a ban stops its visitor in its facility (or everywhere) between its dates, unless lifted', () => {
    const ban = {
      banId: 'b',
      visitorId: 'v',
      facility: 'ALFA',
      from: '2026-03-01',
      until: '2026-03-31',
      lifted: false,
    };
    expect(banCovers(ban, 'ALFA', '2026-03-01')).toBe(true);
    expect(banCovers(ban, 'ALFA', '2026-03-31')).toBe(true);
    expect(banCovers(ban, 'ALFA', '2026-04-01')).toBe(false);
    expect(banCovers(ban, 'ALFA', '2026-02-28')).toBe(false);
    expect(banCovers(ban, 'BRAVO', '2026-03-10')).toBe(false);
    expect(banCovers({ ...ban, facility: null }, 'BRAVO', '2026-03-10')).toBe(true);
    expect(banCovers({ ...ban, lifted: true }, 'ALFA', '2026-03-10')).toBe(false);
    expect(checkBans(['w', 'v'], [ban], 'ALFA', '2026-03-10')).toEqual([
      {
        rule: 'visitor-banned',
        subject: 'visitorIds[1]',
        params: { visitor: 'v', until: '2026-03-31', facility: 'ALFA', banId: 'b' },
      },
    ]);
  });

  it('a sanction restricts the kinds it names while it runs; a legal visit never (Mandela rule 61)', () => {
    const r: VisitRestriction = {
      kinds: ['family', 'intimate', 'legal'],
      from: at('2026-03-01T00:00Z'),
      until: at('2026-03-15T00:00Z'),
      reference: 'Resolución 44',
    };
    expect(checkRestrictions('family', [r], at('2026-03-10T12:00Z'))).toEqual([
      {
        rule: 'visits-restricted',
        subject: 'kind',
        params: { kind: 'family', reference: 'Resolución 44', until: '2026-03-15T00:00:00.000Z' },
      },
    ]);
    expect(rules(checkRestrictions('intimate', [r], at('2026-03-01T00:00Z')))).toEqual(['visits-restricted']);
    // the legal kind is listed, the time is inside: still never restricted
    expect(checkRestrictions('legal', [r], at('2026-03-10T12:00Z'))).toEqual([]);
    expect(checkRestrictions('family', [r], at('2026-03-15T00:00Z'))).toEqual([]);
    expect(checkRestrictions('family', [r], at('2026-02-28T23:59Z'))).toEqual([]);
    expect(checkRestrictions('family', [{ ...r, kinds: ['intimate'] }], at('2026-03-10T12:00Z'))).toEqual([]);
    expect(rules(checkRestrictions('family', [{ ...r, until: null }], at('2030-01-01T00:00Z')))).toEqual([
      'visits-restricted',
    ]);
    expect(checkRestrictions('family', [], at('2026-03-10T12:00Z'))).toEqual([]);
    for (const kind of VISIT_KINDS)
      expect(checkRestrictions(kind, [{ ...r, kinds: VISIT_KINDS }], at('2026-03-10T12:00Z')).length).toBe(
        kind === 'legal' ? 0 : 1,
      );
  });

  it('no more visitors than the entitlement; none, no limit', () => {
    const e = {
      perWeek: 1,
      minMinutes: 120,
      maxVisitors: 5,
      rule: 'x',
      ref: 'Decreto 518',
      severity: 'serious' as const,
    };
    expect(checkVisitorCount(5, e)).toEqual([]);
    expect(checkVisitorCount(6, e)).toEqual([
      {
        rule: 'too-many-visitors',
        subject: 'visitorIds',
        params: { count: 6, max: 5, source: 'Decreto 518' },
      },
    ]);
    expect(checkVisitorCount(60, undefined)).toEqual([]);
  });

  it('one visit at a time; touching ends do not overlap', () => {
    const mine = [{ visitId: 'v', startsAt: at('2026-01-01T10:00Z'), endsAt: at('2026-01-01T11:00Z') }];
    expect(checkOverlap(at('2026-01-01T11:00Z'), at('2026-01-01T12:00Z'), mine)).toEqual([]);
    expect(checkOverlap(at('2026-01-01T09:00Z'), at('2026-01-01T10:00Z'), mine)).toEqual([]);
    expect(checkOverlap(at('2026-01-01T10:30Z'), at('2026-01-01T12:00Z'), mine)).toMatchObject([
      { rule: 'visit-overlap', subject: 'startsAt', params: { visit: 'v' } },
    ]);
  });

  it('an outcome once', () => {
    expect(checkOutcome('v', 'booked')).toEqual([]);
    for (const s of ['held', 'cancelled', 'no-show', 'refused'] as const)
      expect(checkOutcome('v', s)).toEqual([
        { rule: 'visit-outcome-recorded', subject: 'visitId', params: { visit: 'v', status: s } },
      ]);
  });
});

describe('visit sessions', () => {
  const slot = (
    id: string,
    from: string,
    to: string,
    capacity: number,
    taken: number,
    kinds = ['family'],
  ): SessionSlot => ({
    sessionId: id,
    startsAt: at(`2026-01-01T${from}Z`),
    endsAt: at(`2026-01-01T${to}Z`),
    capacity,
    kinds,
    taken,
  });
  const visit = (from: string, to: string) => [at(`2026-01-01T${from}Z`), at(`2026-01-01T${to}Z`)] as const;

  it('books into the earliest session of its kind that holds it with a place free', () => {
    const sessions = [
      slot('late', '09:00', '13:00', 5, 0),
      slot('early', '08:00', '12:00', 5, 5),
      slot('legal', '08:00', '12:00', 5, 0, ['legal']),
    ];
    expect(chooseSession('family', ...visit('10:00', '11:00'), sessions)).toEqual({
      sessionId: 'late',
      violations: [],
    });
    expect(chooseSession('legal', ...visit('10:00', '11:00'), sessions)).toEqual({
      sessionId: 'legal',
      violations: [],
    });
  });

  it('full when every session holding it is full', () => {
    const r = chooseSession('family', ...visit('10:00', '11:00'), [slot('s', '09:00', '12:00', 2, 2)]);
    expect(r).toMatchObject({
      sessionId: null,
      violations: [
        { rule: 'visit-session-full', subject: 'startsAt', params: { session: 's', capacity: 2 } },
      ],
    });
  });

  it('outside the sessions of its kind that day is refused; with none of its kind, it is free', () => {
    const sessions = [slot('s', '09:00', '12:00', 2, 0)];
    expect(rules(chooseSession('family', ...visit('11:30', '12:30'), sessions).violations)).toEqual([
      'outside-visit-session',
    ]);
    expect(chooseSession('intimate', ...visit('11:30', '12:30'), sessions)).toEqual({
      sessionId: null,
      violations: [],
    });
    expect(chooseSession('family', ...visit('15:00', '16:00'), [])).toEqual({
      sessionId: null,
      violations: [],
    });
  });

  it('a legal visit is never refused for sessions (Mandela rule 61): it is seen without delay', () => {
    const sessions = [slot('s', '09:00', '12:00', 1, 1, ['legal', 'family'])];
    expect(chooseSession('legal', ...visit('10:00', '11:00'), sessions)).toEqual({
      sessionId: null,
      violations: [],
    });
    expect(chooseSession('legal', ...visit('15:00', '16:00'), sessions)).toEqual({
      sessionId: null,
      violations: [],
    });
  });

  it('keeps apart individual non-associations of any scope and rival groups of facility scope', () => {
    const a = { personId: 'a', groups: ['G1'] };
    const b = { personId: 'b', groups: ['G2'] };
    expect(keptApart(a, b, [{ a: 'b', b: 'a', scope: 'cell' }], [])).toMatchObject({
      pair: { scope: 'cell' },
    });
    expect(keptApart(a, b, [], [{ a: 'G2', b: 'G1', scope: 'facility' }])).toEqual({ groups: ['G1', 'G2'] });
    expect(keptApart(a, b, [], [{ a: 'G1', b: 'G2', scope: 'block' }])).toBeNull();
    expect(keptApart(a, a, [{ a: 'a', b: 'a', scope: 'cell' }], [])).toBeNull();
    const others = [
      { personId: 'b', visitId: 'v1', groups: ['G2'] },
      { personId: 'b', visitId: 'v2', groups: ['G2'] },
      { personId: 'c', visitId: 'v3', groups: [] },
    ];
    const pairs = [{ a: 'a', b: 'b', scope: 'landing' as const }];
    expect(checkNonAssociation('family', a, others, pairs, [], '10:00')).toMatchObject([
      {
        rule: 'non-association',
        subject: 'personId',
        message: 'visit.non-association',
        params: { person: 'a', other: 'b', visit: 'v1', kind: 'individual', when: '10:00' },
      },
    ]);
    expect(
      checkNonAssociation('intimate', a, others, [], [{ a: 'G1', b: 'G2', scope: 'facility' }], '10:00'),
    ).toMatchObject([
      {
        message: 'visit.non-association.rival-group',
        params: { other: 'b', kind: 'rival-group', group: 'G1', rival: 'G2' },
      },
    ]);
    // legal visits are held apart and in confidence
    expect(checkNonAssociation('legal', a, others, pairs, [], '10:00')).toEqual([]);
  });
});

describe('visit messages', () => {
  it('every rule id has words in Spanish and English, merged into the catalogue', () => {
    for (const [key, words] of Object.entries(visitMessages)) {
      expect(words.es.length, key).toBeGreaterThan(0);
      expect(words.en.length, key).toBeGreaterThan(0);
      expect(messages[key], key).toEqual(words);
    }
    for (const rule of [
      'visit-ends-before-start',
      'visit-too-long',
      'duplicate-visitor',
      'visitor-exists',
      'visitor-not-enrolled',
      'visitor-not-legal',
      'visitor-legal-only',
      'visitor-banned',
      'visits-restricted',
      'too-many-visitors',
      'visit-overlap',
      'visit-session-full',
      'outside-visit-session',
      'visit-outcome-recorded',
      'unknown-visitor',
      'non-association',
      'visit.non-association',
      'visit.non-association.rival-group',
      'not-in-custody',
    ])
      expect(messages[rule], rule).toBeDefined();
  });
});
