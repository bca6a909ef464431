import { describe, expect, it } from 'vitest';
import { checkRestrictions } from '../../src/domain/daily-life/visits.js';
import { checkAppeal, checkDecision } from '../../src/domain/discipline/appeal.js';
import {
  type ChargeState,
  chargeStatus,
  checkCharge,
  checkNotice,
  inCatalogue,
} from '../../src/domain/discipline/charge.js';
import { disciplineCounts } from '../../src/domain/discipline/compliance.js';
import { conductRecord } from '../../src/domain/discipline/conduct.js';
import { checkHearing } from '../../src/domain/discipline/hearing.js';
import { disciplineMessages } from '../../src/domain/discipline/messages.js';
import {
  checkSanctions,
  disciplineRules,
  isolationLimit,
  sanctionCatalogue,
  sanctionInputProblems,
} from '../../src/domain/discipline/sanctions.js';
import { messages, t } from '../../src/domain/messages.js';
import { nextDuty } from '../../src/domain/safeguards/duties.js';
import { MEDICAL_DUTIES } from '../../src/domain/safeguards/medical.js';
import type { Profile } from '../../src/domain/safeguards/profile.js';
import { FLOOR } from '../../src/domain/safeguards/profiles/index.js';
import type { RuleError } from '../../src/domain/violation.js';

/** A national profile of the tests' own: its figures are invented, the rules are what is tested. */
const land: Profile = {
  id: 'xx',
  name: { es: 'Tierra', en: 'Land' },
  jurisdiction: 'XX',
  sources: ['test'],
  deadlines: {},
  discipline: {
    offences: [
      { code: 'xx-1-a', severity: 'grave', name: { es: 'Agresión', en: 'Assault' } },
      { code: 'xx-2-b', severity: 'minor', name: { es: 'Desaseo', en: 'Untidiness' } },
    ],
    catalogue: { rule: 'xx-cat', ref: 'Ley XX, art. 1', severity: 'serious' },
    sanctions: {
      warning: { rule: 'xx-san', ref: 'Ley XX, art. 2', severity: 'serious' },
      'visit-restriction': { rule: 'xx-san', ref: 'Ley XX, art. 2', severity: 'serious', maxDays: 30 },
      isolation: {
        rule: 'xx-iso',
        ref: 'Ley XX, art. 3',
        severity: 'critical',
        maxDays: 10,
        severities: ['grave'],
      },
      'family-contact-ban': { rule: 'xx-san', ref: 'a law that allows it', severity: 'serious' },
    },
    isolation: { rule: 'xx-iso', ref: 'Ley XX, art. 3', severity: 'critical', maxDays: 10 },
    conductRecord: { ref: 'Ley XX, art. 4' },
  },
};
const floor = disciplineRules(FLOOR, undefined);
const national = disciplineRules(FLOOR, land);
const rules = (vs: { rule: string }[]) => vs.map((v) => v.rule);
const at = (s: string) => new Date(s);

const state = (over: Partial<ChargeState> = {}): ChargeState & { appealDecidedAt: Date | null } => ({
  chargeId: 'c1',
  chargedAt: at('2026-03-01T10:00Z'),
  noticeAt: at('2026-03-01T12:00Z'),
  heardAt: null,
  outcome: null,
  appealAt: null,
  appealOutcome: null,
  appealDecidedAt: null,
  ...over,
});

describe('the rules of discipline', () => {
  it('merges the floor with a national profile: the lower isolation maximum first, its catalogue', () => {
    expect(floor).toMatchObject({ profile: null, offences: null, sanctions: null, conductRecord: null });
    expect(isolationLimit(floor)).toMatchObject({ maxDays: 15, rule: 'mandela-44' });
    expect(national.isolation.map((l) => l.rule)).toEqual(['xx-iso', 'mandela-44']);
    expect(isolationLimit(national)).toMatchObject({ maxDays: 10, rule: 'xx-iso' });
    // a prohibited kind never enters the catalogue, whatever a profile says
    expect(Object.keys(sanctionCatalogue(national))).toEqual(['warning', 'visit-restriction', 'isolation']);
    expect(Object.keys(sanctionCatalogue(floor))).toEqual([
      'warning',
      'loss-of-privileges',
      'visit-restriction',
      'isolation',
    ]);
    expect(sanctionCatalogue(floor).isolation).toMatchObject({ maxDays: 15 });
    // a profile allowing more than the floor is held to the floor
    const loose = disciplineRules(FLOOR, {
      ...land,
      discipline: { sanctions: { isolation: { rule: 'yy', ref: 'y', severity: 'critical', maxDays: 30 } } },
    });
    expect(sanctionCatalogue(loose).isolation).toMatchObject({ maxDays: 15, rule: 'yy' });
  });

  it('refuses prohibited, collective and indefinite sanctions (mandela-43) and isolation beyond each maximum', () => {
    const v = checkSanctions(
      [
        { kind: 'family-contact-ban', days: 3 },
        { kind: 'reduction-of-food' },
        { kind: 'isolation' },
        { kind: 'visit-restriction', people: ['p1', 'p2'] },
        { kind: 'isolation', days: 16 },
      ],
      'p1',
      'grave',
      floor,
    );
    expect(v.map((x) => [x.rule, x.subject, x.message])).toEqual([
      ['mandela-43', 'sanctions[0].kind', 'mandela-43.family-contact-ban'],
      ['mandela-43', 'sanctions[1].kind', 'mandela-43.reduction-of-food'],
      ['mandela-43', 'sanctions[2].days', 'mandela-43.indefinite'],
      ['mandela-43', 'sanctions[3].people', 'mandela-43.collective'],
      ['mandela-43', 'sanctions[3].days', 'mandela-43.indefinite'],
      ['mandela-44', 'sanctions[4].days', 'discipline.isolation-too-long'],
    ]);
    expect(v[3]?.params).toMatchObject({ people: ['p2'], person: 'p1' });
    expect(checkSanctions([{ kind: 'isolation', days: 15, people: ['p1'] }], 'p1', 'minor', floor)).toEqual(
      [],
    );
    expect(
      checkSanctions([{ kind: 'loss-of-privileges' }, { kind: 'warning' }], 'p1', 'minor', floor),
    ).toEqual([]);
  });

  it('refuses under the national rules: its lower maximum, its grades, kinds outside its catalogue', () => {
    expect(rules(checkSanctions([{ kind: 'isolation', days: 11 }], 'p', 'grave', national))).toEqual([
      'xx-iso',
    ]);
    // beyond both: each rule once (the national maximum is its isolation's and its sanction's)
    expect(rules(checkSanctions([{ kind: 'isolation', days: 16 }], 'p', 'grave', national))).toEqual([
      'xx-iso',
      'mandela-44',
    ]);
    expect(checkSanctions([{ kind: 'isolation', days: 3 }], 'p', 'minor', national)).toMatchObject([
      {
        rule: 'xx-iso',
        subject: 'sanctions[0].kind',
        message: 'discipline.sanction-grade',
        params: { severity: { es: 'leve', en: 'minor' }, severities: { es: 'grave', en: 'serious' } },
      },
    ]);
    // the grades in the reader's language, never the codes
    const [grade] = checkSanctions([{ kind: 'isolation', days: 3 }], 'p', 'less-grave', national);
    expect(t('discipline.sanction-grade', 'es', grade?.params)).toBe(
      'La sanción isolation no corresponde a una falta menos grave: solo a faltas grave (Ley XX, art. 3).',
    );
    expect(t('discipline.sanction-grade', 'en', grade?.params)).toContain(
      'a less serious offence: only serious',
    );
    expect(checkSanctions([{ kind: 'visit-restriction', days: 31 }], 'p', 'minor', national)).toMatchObject([
      {
        rule: 'xx-san',
        subject: 'sanctions[0].days',
        message: 'discipline.sanction-too-long',
        params: { max: 30 },
      },
    ]);
    expect(checkSanctions([{ kind: 'loss-of-privileges', days: 3 }], 'p', 'minor', national)).toMatchObject([
      {
        rule: 'mandela-37',
        subject: 'sanctions[0].kind',
        message: 'mandela-37.sanction',
        params: { profile: 'xx' },
      },
    ]);
    // a prohibited kind the profile lists is refused all the same
    expect(rules(checkSanctions([{ kind: 'family-contact-ban', days: 1 }], 'p', 'grave', national))).toEqual([
      'mandela-43',
    ]);
    expect(
      checkSanctions([{ kind: 'isolation', days: 10 }, { kind: 'warning' }], 'p', 'grave', national),
    ).toEqual([]);
  });

  it('names bad sanction input: a kind twice, days for a warning', () => {
    expect(sanctionInputProblems([{ kind: 'warning', days: 2 }, { kind: 'warning' }])).toMatchObject([
      { rule: 'invalid-field', subject: 'sanctions[0].days' },
      { rule: 'invalid-field', subject: 'sanctions[1].kind' },
    ]);
    expect(sanctionInputProblems([{ kind: 'warning' }, { kind: 'isolation', days: 2 }])).toEqual([]);
  });

  it('judges a charge: the act’s time, the same act twice, the catalogue’s grade', () => {
    const input = {
      personId: 'p',
      incidentReference: 'I-1',
      offence: { code: 'xx-1-a', severity: 'grave' as const },
      occurredAt: at('2026-03-01T09:00Z'),
    };
    const facts = { now: at('2026-03-01T10:00Z'), admittedAt: at('2026-02-01T00:00Z'), existing: null };
    expect(checkCharge(input, facts, national)).toEqual([]);
    expect(rules(checkCharge({ ...input, occurredAt: at('2026-03-01T11:00Z') }, facts, national))).toEqual([
      'future-time',
    ]);
    expect(rules(checkCharge({ ...input, occurredAt: at('2026-01-01T00:00Z') }, facts, national))).toEqual([
      'time-before-admission',
    ]);
    expect(checkCharge(input, { ...facts, existing: 'c0' }, national)).toMatchObject([
      { rule: 'mandela-39', message: 'mandela-39.charged', params: { chargeId: 'c0' } },
    ]);
    expect(
      checkCharge({ ...input, offence: { code: 'xx-1-a', severity: 'minor' } }, facts, national),
    ).toMatchObject([
      {
        rule: 'xx-cat',
        subject: 'offence.severity',
        params: { expected: { es: 'grave', en: 'serious' }, severity: { es: 'leve', en: 'minor' } },
      },
    ]);
    const [offence] = checkCharge(
      { ...input, offence: { code: 'xx-1-a', severity: 'less-grave' } },
      facts,
      national,
    );
    expect(t('discipline.offence-grade', 'es', offence?.params)).toBe(
      'La falta xx-1-a es grave según el catálogo, no menos grave (Ley XX, art. 1).',
    );
    expect(t('discipline.offence-grade', 'en', offence?.params)).toBe(
      'Offence xx-1-a is serious in the catalogue, not less serious (Ley XX, art. 1).',
    );
    // outside the catalogue: not refused, only said
    expect(checkCharge({ ...input, offence: { code: 'other', severity: 'minor' } }, facts, national)).toEqual(
      [],
    );
    expect(inCatalogue('other', national)).toBe(false);
    expect(inCatalogue('xx-2-b', national)).toBe(true);
    expect(inCatalogue('xx-2-b', floor)).toBeNull();
    // a list without the catalogue's rule is known to be incomplete: what it lacks is unknown, not outside
    const partial = disciplineRules(FLOOR, {
      ...land,
      discipline: { offences: land.discipline?.offences ?? [] },
    });
    expect(inCatalogue('xx-1-a', partial)).toBe(true);
    expect(inCatalogue('other', partial)).toBeNull();
    // its listed grades still hold, under the floor's rule
    expect(
      checkCharge({ ...input, offence: { code: 'xx-1-a', severity: 'minor' } }, facts, partial),
    ).toMatchObject([{ rule: 'mandela-37', subject: 'offence.severity' }]);
  });

  it('tells the status of a charge and refuses a second notice or one before the charge', () => {
    expect(chargeStatus(state({ noticeAt: null }))).toBe('awaiting-notice');
    expect(chargeStatus(state())).toBe('awaiting-hearing');
    expect(chargeStatus(state({ heardAt: at('2026-03-02T00:00Z'), outcome: 'proved' }))).toBe('proved');
    expect(chargeStatus(state({ heardAt: at('2026-03-02T00:00Z'), outcome: 'dismissed' }))).toBe('dismissed');
    expect(chargeStatus(state({ outcome: 'proved', appealOutcome: 'quashed' }))).toBe('quashed');
    expect(chargeStatus(state({ outcome: 'proved', appealOutcome: 'upheld' }))).toBe('proved');
    const refusal = (f: () => void) => {
      try {
        f();
      } catch (e) {
        return rules((e as RuleError).violations);
      }
      return [];
    };
    expect(refusal(() => checkNotice(state(), at('2026-03-01T13:00Z')))).toEqual(['notice-given']);
    expect(refusal(() => checkNotice(state({ noticeAt: null }), at('2026-03-01T09:00Z')))).toEqual([
      'time-before-start',
    ]);
    expect(refusal(() => checkNotice(state({ noticeAt: null }), at('2026-03-01T10:00Z')))).toEqual([]);
  });

  it('judges a hearing with every refusal at once', () => {
    const facts = { personId: 'p', severity: 'grave' as const, rules: national, segregated: null };
    const h = { heldAt: at('2026-03-02T10:00Z'), heard: true, outcome: 'proved' as const, sanctions: [] };
    expect(checkHearing(state(), h, facts)).toEqual([]);
    expect(
      checkHearing(
        state({ noticeAt: null, heardAt: at('2026-03-02T09:00Z') }),
        { ...h, heldAt: at('2026-02-28T00:00Z'), heard: false, sanctions: [{ kind: 'isolation', days: 12 }] },
        { ...facts, segregated: 's1' },
      ).map((v) => [v.rule, v.subject]),
    ).toEqual([
      ['mandela-39', 'chargeId'],
      ['time-before-start', 'heldAt'],
      ['mandela-41', 'heldAt'],
      ['mandela-41', 'heard'],
      ['xx-iso', 'sanctions[0].days'],
      ['already-segregated', 'sanctions'],
    ]);
    // a notice after the hearing is no notice before it
    expect(rules(checkHearing(state({ noticeAt: at('2026-03-03T00:00Z') }), h, facts))).toEqual([
      'mandela-41',
    ]);
    expect(
      rules(checkHearing(state(), { ...h, outcome: 'dismissed', sanctions: [{ kind: 'warning' }] }, facts)),
    ).toEqual(['sanction-without-proof']);
    // dismissed without hearing the person: lawful
    expect(checkHearing(state(), { ...h, outcome: 'dismissed', heard: false }, facts)).toEqual([]);
  });

  it('judges appeals and their decisions', () => {
    const proved = state({ heardAt: at('2026-03-02T10:00Z'), outcome: 'proved' });
    const refusal = (f: () => void) => {
      try {
        f();
      } catch (e) {
        return rules((e as RuleError).violations);
      }
      return [];
    };
    expect(refusal(() => checkAppeal(proved, at('2026-03-03T00:00Z')))).toEqual([]);
    expect(refusal(() => checkAppeal(state(), at('2026-03-03T00:00Z')))).toEqual(['charge-not-proved']);
    expect(refusal(() => checkAppeal({ ...proved, outcome: 'dismissed' }, at('2026-03-03T00:00Z')))).toEqual([
      'charge-not-proved',
    ]);
    expect(refusal(() => checkAppeal(proved, at('2026-03-01T00:00Z')))).toEqual(['time-before-start']);
    const appealed = { ...proved, appealAt: at('2026-03-03T00:00Z') };
    expect(refusal(() => checkAppeal(appealed, at('2026-03-04T00:00Z')))).toEqual(['appeal-lodged']);
    expect(refusal(() => checkDecision(proved, at('2026-03-04T00:00Z')))).toEqual(['appeal-not-lodged']);
    expect(refusal(() => checkDecision(appealed, at('2026-03-04T00:00Z')))).toEqual([]);
    expect(refusal(() => checkDecision(appealed, at('2026-03-02T23:00Z')))).toEqual(['time-before-start']);
    expect(
      refusal(() =>
        checkDecision({ ...appealed, appealDecidedAt: at('2026-03-04T00:00Z') }, at('2026-03-05T00:00Z')),
      ),
    ).toEqual(['appeal-decided']);
  });

  it('keeps proved, unquashed charges in the conduct record, with their sanctions in force', () => {
    const c = (chargeId: string, status: string, quashed: string | null = null) => ({
      chargeId,
      facility: 'F',
      status,
      offence: { code: 'xx-1-a', severity: 'grave' },
      hearing: status === 'awaiting-notice' ? null : { heldAt: '2026-03-02T10:00:00.000Z' },
      sanctions: [{ kind: 'isolation', days: 3, quashedAt: quashed }],
    });
    expect(
      conductRecord([
        c('a', 'proved'),
        c('b', 'dismissed'),
        c('c', 'quashed', 'x'),
        c('d', 'awaiting-notice'),
      ]),
    ).toEqual([
      {
        chargeId: 'a',
        facility: 'F',
        offence: { code: 'xx-1-a', severity: 'grave' },
        provedAt: '2026-03-02T10:00:00.000Z',
        sanctions: [{ kind: 'isolation', days: 3 }],
      },
    ]);
  });

  it('opens the next day’s health visit only while the person is segregated (Mandela Rule 46)', () => {
    const d = {
      id: 'd',
      kind: 'health-visit',
      personId: 'p',
      custodyId: 'c',
      facility: 'F',
      since: at('2026-03-01T00:00Z'),
      closed: false,
    };
    expect(nextDuty(d, at('2026-03-01T09:00Z'), 7, true)).toEqual({
      kind: 'health-visit',
      personId: 'p',
      custodyId: 'c',
      facility: 'F',
      since: at('2026-03-01T09:00Z'),
      seq: 7,
    });
    expect(nextDuty(d, at('2026-03-01T09:00Z'), 7, false)).toBeNull();
    expect(nextDuty(d, at('2026-03-01T09:00Z'), 7)).toBeNull();
    expect(nextDuty({ ...d, kind: 'medical-exam' }, at('2026-03-01T09:00Z'), 7, true)).toBeNull();
    expect(nextDuty({ ...d, kind: 'pretrial-review' }, at('2026-03-01T09:00Z'), 7)?.kind).toBe(
      'pretrial-review',
    );
    expect(MEDICAL_DUTIES).toContain('health-visit');
  });

  it('words every refusal in Spanish and English', () => {
    for (const [key, words] of Object.entries(disciplineMessages)) {
      expect(words.es.length, key).toBeGreaterThan(0);
      expect(words.en.length, key).toBeGreaterThan(0);
      expect(messages[key], key).toEqual(words);
    }
    for (const key of [
      'unknown-charge',
      'mandela-37.sanction',
      'mandela-39.charged',
      'mandela-39.heard',
      'mandela-41.notice',
      'mandela-41.heard',
      'mandela-43.family-contact-ban',
      'mandela-43.reduction-of-food',
      'mandela-43.collective',
      'mandela-43.indefinite',
      'discipline.isolation-too-long',
      'discipline.sanction-too-long',
      'discipline.sanction-grade',
      'discipline.offence-grade',
      'notice-given',
      'sanction-without-proof',
      'charge-not-proved',
      'appeal-lodged',
      'appeal-not-lodged',
      'appeal-decided',
      'future-time',
      'time-before-start',
      'time-before-admission',
      'already-segregated',
      'not-in-custody',
    ])
      expect(messages[key], key).toBeDefined();
  });

  it('a visit restriction refuses any family or intimate visit overlapping [from, until), never a legal one', () => {
    const r = {
      kinds: ['family', 'intimate'] as const,
      from: at('2026-03-01T00:00Z'),
      until: at('2026-03-11T00:00Z'),
      reference: 'charge c1',
    };
    const visit = (kind: 'family' | 'intimate' | 'legal', start: string, end: string) =>
      rules(checkRestrictions(kind, [r], at(start), at(end)));
    // starts before the restriction, ends inside it
    expect(visit('family', '2026-02-28T23:30Z', '2026-03-01T00:30Z')).toEqual(['visits-restricted']);
    expect(visit('intimate', '2026-02-28T23:00Z', '2026-03-01T01:00Z')).toEqual(['visits-restricted']);
    // inside; and starting inside, ending after
    expect(visit('family', '2026-03-05T10:00Z', '2026-03-05T11:00Z')).toEqual(['visits-restricted']);
    expect(visit('family', '2026-03-10T23:30Z', '2026-03-11T00:30Z')).toEqual(['visits-restricted']);
    // touching either end is not overlapping
    expect(visit('family', '2026-02-28T23:00Z', '2026-03-01T00:00Z')).toEqual([]);
    expect(visit('family', '2026-03-11T00:00Z', '2026-03-11T01:00Z')).toEqual([]);
    expect(visit('legal', '2026-02-28T23:30Z', '2026-03-01T00:30Z')).toEqual([]);
  });

  it('a charge whose custody ended is no longer counted as awaiting notice or hearing', () => {
    const w = {
      from: '2026-03-01',
      to: '2026-03-31',
      days: 31,
      start: at('2026-03-01T00:00Z'),
      end: at('2026-04-01T00:00Z'),
    };
    const c = (chargeId: string, noticeAt: Date | null, custodyOpen?: boolean) => ({
      chargeId,
      personId: 'p',
      offenceCode: 'x',
      severity: 'minor' as const,
      chargedAt: at('2026-03-02T10:00Z'),
      noticeAt,
      heardAt: null,
      heard: null,
      outcome: null,
      appealAt: null,
      appealDecidedAt: null,
      appealOutcome: null,
      ...(custodyOpen === undefined ? {} : { custodyOpen }),
    });
    const noticed = at('2026-03-02T11:00Z');
    const counts = disciplineCounts(
      {
        window: w,
        charges: [
          c('a', null),
          c('b', null, true),
          c('c', null, false),
          c('d', noticed, true),
          c('e', noticed, false),
        ],
        sanctions: [],
        complaints: [],
      },
      FLOOR,
      'UTC',
      at('2026-03-20T00:00Z'),
    ).charges;
    expect(counts).toMatchObject({ laid: 5, awaitingNotice: 2, awaitingHearing: 1 });
  });
});
