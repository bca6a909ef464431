import { describe, expect, it } from 'vitest';
import { type AdmissionInput, checkAdmission, checkLegalBasis } from '../../src/domain/custody/admission.js';
import { messages, pickLang, t } from '../../src/domain/messages.js';
import { parseInstant } from '../../src/domain/time.js';

const now = new Date('2026-03-10T15:00:00Z');
const input = (extra: Partial<AdmissionInput> = {}): AdmissionInput => ({
  person: {
    givenNames: ' María José ',
    familyNames: 'Núñez Rojas',
    dateOfBirth: '1994-02-03',
    sex: 'F',
    nationalId: '12345678-5',
  },
  legalBasis: {
    kind: 'arrest',
    reference: 'PART-1',
    issuedBy: 'Carabineros',
    issuedAt: '2026-03-10T08:00:00-03:00',
  },
  status: 'detained',
  ...extra,
});

describe('admission checks', () => {
  it('accepts a complete admission and records normalised values', () => {
    const r = checkAdmission(input(), now, 'America/Santiago', '');
    expect(r.violations).toEqual([]);
    expect(r.admission).toMatchObject({
      person: { givenNames: 'María José', sex: 'female', nationalId: '12345678-5' },
      legalBasis: { kind: 'arrest', issuedAt: '2026-03-10T11:00:00.000Z', expiresAt: null },
      admittedAt: now,
    });
  });

  it('refuses without a legal basis, whether absent or null', () => {
    for (const legalBasis of [undefined, null]) {
      const r = checkAdmission(input({ legalBasis }), now, 'UTC', 'admissions[3]');
      expect(r.admission).toBeNull();
      expect(r.violations).toEqual([{ rule: 'legal-basis-required', subject: 'admissions[3].legalBasis' }]);
    }
  });

  it('refuses an expired basis and one issued after the admission', () => {
    const expired = checkLegalBasis(
      {
        kind: 'detention-order',
        reference: 'X',
        issuedBy: 'J',
        issuedAt: '2026-01-01',
        expiresAt: '2026-03-01',
      },
      now,
      'America/Santiago',
      'legalBasis',
    );
    expect(expired.violations.map((v) => v.rule)).toEqual(['legal-basis-expired']);
    const early = checkAdmission(input({ admittedAt: '2026-03-10T07:00:00-03:00' }), now, 'UTC', '');
    expect(early.violations.map((v) => v.rule)).toEqual(['legal-basis-not-yet-issued']);
  });

  it('refuses an admission in the future and a birth after the admission', () => {
    expect(
      checkAdmission(input({ admittedAt: '2026-03-11T00:00:00Z' }), now, 'UTC', '').violations.map(
        (v) => v.rule,
      ),
    ).toEqual(['future-time']);
    const r = checkAdmission(
      input({ person: { ...input().person, dateOfBirth: '2026-04-01' } }),
      now,
      'UTC',
      '',
    );
    expect(r.violations.map((v) => v.subject)).toEqual(['person.dateOfBirth']);
  });

  it('reads a bare date as the start of that day in the facility time zone, across Chile’s DST changes', () => {
    // summer time (-03) ends at 24:00 on Sat 4 April 2026; winter time (-04) ends at 24:00 on Sat 5 September
    expect(parseInstant('2026-04-04', 'America/Santiago')!.toISOString()).toBe('2026-04-04T03:00:00.000Z');
    expect(parseInstant('2026-04-05', 'America/Santiago')!.toISOString()).toBe('2026-04-05T04:00:00.000Z');
    // 6 September has no midnight: the day starts at 01:00 -03
    expect(parseInstant('2026-09-06', 'America/Santiago')!.toISOString()).toBe('2026-09-06T04:00:00.000Z');
    expect(parseInstant('2026-09-07', 'America/Santiago')!.toISOString()).toBe('2026-09-07T03:00:00.000Z');
    expect(parseInstant('2026-02-01T03:00:00-06:00')!.toISOString()).toBe('2026-02-01T09:00:00.000Z');
    expect(parseInstant('yesterday')).toBeNull();
    expect(parseInstant('2026-02-30')).toBeNull();
  });
});

describe('messages', () => {
  it('exist in Spanish and English for every key', () => {
    for (const [key, m] of Object.entries(messages)) {
      expect(m.es.length, key).toBeGreaterThan(0);
      expect(m.en.length, key).toBeGreaterThan(0);
      const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();
      expect(params(m.es), key).toEqual(params(m.en));
    }
  });

  it('are chosen from Accept-Language and filled in', () => {
    expect(pickLang('es-CL,es;q=0.9,en;q=0.8')).toBe('es');
    expect(pickLang('en-GB,es;q=0.5')).toBe('en');
    expect(pickLang('fr-FR, es;q=0.3')).toBe('es');
    expect(pickLang('de')).toBe('en');
    expect(pickLang(undefined)).toBe('en');
    expect(t('not-in-custody', 'es', { person: 'p1' })).toBe('La persona p1 no está bajo custodia.');
  });
});
