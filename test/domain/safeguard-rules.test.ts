import { describe, expect, it } from 'vitest';
import {
  admissionDuties,
  checkDoneAt,
  checkDutyOpen,
  DEATH_DUTIES,
  type DutyState,
  deathDuties,
  fulfillable,
  nextDuty,
  transferDuty,
} from '../../src/domain/safeguards/duties.js';
import { examinationEffects, isMedicalDuty, mayFulfil } from '../../src/domain/safeguards/medical.js';
import { checkRegimeUnit } from '../../src/domain/safeguards/regime.js';
import { checkEnd, checkNotSegregated, checkOngoing } from '../../src/domain/safeguards/segregation.js';
import { RuleError } from '../../src/domain/violation.js';

const refusal = (f: () => void) => {
  try {
    f();
  } catch (err) {
    if (err instanceof RuleError) return { status: err.status, violations: err.violations };
    throw err;
  }
  throw new Error('not refused');
};

const at = (s: string) => new Date(s);
const who = { personId: 'p-1', custodyId: 'c-1', facility: 'ALFA', seq: 10 };

describe('duties an event opens', () => {
  const admission = {
    ...who,
    admittedAt: at('2026-03-02T10:00:00Z'),
    legalBasis: { kind: 'arrest', issuedAt: '2026-03-01T22:00:00.000Z' },
    injuries: null,
  };

  it('opens the examination, the family’s notification and the information on rights at every admission, from the admission', () => {
    expect(admissionDuties({ ...admission, status: 'sentenced' })).toEqual([
      { ...who, kind: 'medical-exam', since: admission.admittedAt },
      { ...who, kind: 'family-notification', since: admission.admittedAt },
      { ...who, kind: 'rights-information', since: admission.admittedAt },
    ]);
  });

  it('opens judicial control from the arrest, not the gate; and the injury report when injuries are seen', () => {
    const detained = admissionDuties({ ...admission, status: 'detained', injuries: 'hematoma' });
    expect(detained.map((d) => [d.kind, d.since.toISOString()])).toEqual([
      ['medical-exam', '2026-03-02T10:00:00.000Z'],
      ['family-notification', '2026-03-02T10:00:00.000Z'],
      ['detention-hearing', '2026-03-01T22:00:00.000Z'],
      ['injury-report', '2026-03-02T10:00:00.000Z'],
      ['rights-information', '2026-03-02T10:00:00.000Z'],
    ]);
    expect(admissionDuties({ ...admission, status: 'pretrial' }).map((d) => d.kind)).toContain(
      'pretrial-review',
    );
  });

  it('opens the family’s notification at a transfer, and both death notifications at a death', () => {
    const since = at('2026-03-05T00:00:00Z');
    expect(transferDuty({ ...who, since })).toEqual({ ...who, since, kind: 'family-notification' });
    expect(deathDuties({ ...who, since })).toEqual([
      { ...who, since, kind: 'death-next-of-kin' },
      { ...who, since, kind: 'death-authority' },
    ]);
    expect(DEATH_DUTIES).toEqual(['death-next-of-kin', 'death-authority']);
  });
});

describe('a duty done', () => {
  const duty = (extra: Partial<DutyState> = {}): DutyState => ({
    id: 'd-1',
    kind: 'family-notification',
    personId: 'p-1',
    custodyId: 'c-1',
    facility: 'ALFA',
    since: at('2026-03-02T10:00:00Z'),
    closed: false,
    ...extra,
  });

  it('is done once, and not before its clock started', () => {
    expect(() => checkDutyOpen(duty())).not.toThrow();
    expect(refusal(() => checkDutyOpen(duty({ closed: true })))).toEqual({
      status: 409,
      violations: [{ rule: 'duty-closed', subject: 'id', params: { id: 'd-1' } }],
    });
    expect(() => checkDoneAt(duty(), at('2026-03-02T10:00:00Z'))).not.toThrow();
    expect(refusal(() => checkDoneAt(duty(), at('2026-03-02T09:59:59Z')))).toEqual({
      status: 409,
      violations: [
        {
          rule: 'time-before-start',
          subject: 'doneAt',
          params: { at: '2026-03-02T09:59:59.000Z', since: '2026-03-02T10:00:00.000Z' },
        },
      ],
    });
  });

  it('is kept by a bulk import only when open, after its start and not in the future', () => {
    const now = at('2026-03-10T00:00:00Z');
    expect(fulfillable(duty(), at('2026-03-03T00:00:00Z'), now)).toBe(true);
    expect(fulfillable(duty({ closed: true }), at('2026-03-03T00:00:00Z'), now)).toBe(false);
    expect(fulfillable(duty(), at('2026-03-01T00:00:00Z'), now)).toBe(false);
    expect(fulfillable(duty(), at('2026-03-11T00:00:00Z'), now)).toBe(false);
  });

  it('opens the next review of a pretrial detention, counted from this one; nothing else', () => {
    const review = duty({ kind: 'pretrial-review' });
    const done = at('2026-05-01T12:00:00Z');
    expect(nextDuty(review, done, 42)).toEqual({ ...who, kind: 'pretrial-review', since: done, seq: 42 });
    expect(nextDuty(duty(), done, 42)).toBeNull();
  });
});

describe('medical duties', () => {
  it('are fulfilled by health-care staff only, and the others by custody staff', () => {
    expect(isMedicalDuty('medical-exam')).toBe(true);
    expect(isMedicalDuty('injury-report')).toBe(true);
    expect(isMedicalDuty('family-notification')).toBe(false);
    expect(mayFulfil('medical-exam', ['medical'])).toBe(true);
    expect(mayFulfil('medical-exam', ['governor', 'records'])).toBe(false);
    expect(mayFulfil('family-notification', ['medical'])).toBe(false);
    expect(mayFulfil('family-notification', ['medical', 'officer'])).toBe(true);
  });

  it('an examination fulfils the open one, and opens an injury report unless one is open', () => {
    const exam = { id: 'd-exam', kind: 'medical-exam' };
    const report = { id: 'd-rep', kind: 'injury-report' };
    expect(examinationEffects([exam], null)).toEqual({ fulfils: 'd-exam', opensInjuryReport: false });
    expect(examinationEffects([exam], 'bruises')).toEqual({ fulfils: 'd-exam', opensInjuryReport: true });
    expect(examinationEffects([report], 'bruises')).toEqual({ fulfils: null, opensInjuryReport: false });
    expect(examinationEffects([], null)).toEqual({ fulfils: null, opensInjuryReport: false });
  });
});

describe('segregation', () => {
  it('one at a time, reviewed and ended while it lasts, ended after it started', () => {
    expect(() => checkNotSegregated('p-1', undefined)).not.toThrow();
    expect(refusal(() => checkNotSegregated('p-1', 's-1'))).toEqual({
      status: 409,
      violations: [{ rule: 'already-segregated', subject: 'personId', params: { person: 'p-1', id: 's-1' } }],
    });
    expect(() => checkOngoing('s-1', null)).not.toThrow();
    expect(refusal(() => checkOngoing('s-1', at('2026-03-01T00:00:00Z')))).toEqual({
      status: 409,
      violations: [{ rule: 'segregation-ended', subject: 'id', params: { id: 's-1' } }],
    });
    const started = at('2026-03-01T00:00:00Z');
    expect(() => checkEnd(started, at('2026-03-01T00:00:01Z'))).not.toThrow();
    expect(refusal(() => checkEnd(started, started))).toMatchObject({
      status: 409,
      violations: [{ rule: 'time-before-start', subject: 'endedAt' }],
    });
  });
});

describe('regimes', () => {
  it('are set for a block, not a landing or a cell', () => {
    expect(() => checkRegimeUnit('block')).not.toThrow();
    for (const kind of ['landing', 'cell'])
      expect(refusal(() => checkRegimeUnit(kind))).toEqual({
        status: 400,
        violations: [
          {
            rule: 'invalid-field',
            subject: 'unit',
            params: { field: 'unit', problem: 'a regime is set for a facility or a block' },
          },
        ],
      });
  });
});
