import { describe, expect, it } from 'vitest';
import { checkCorrection, correctedLegalBasis, valuesBefore } from '../../src/domain/custody/correction.js';
import { beforeStay, notHeld } from '../../src/domain/custody/in-custody.js';
import { checkIncidentPeople } from '../../src/domain/custody/incident.js';
import { checkMove, checkTransfer } from '../../src/domain/custody/movement.js';
import { RuleError } from '../../src/domain/violation.js';

/** The refusal `f` throws: its status and violations. */
const refusal = (f: () => void) => {
  try {
    f();
  } catch (err) {
    if (err instanceof RuleError) return { status: err.status, violations: err.violations };
    throw err;
  }
  throw new Error('not refused');
};

describe('a person in custody', () => {
  it('is 404 when not on file, 409 not-in-custody when released', () => {
    expect(notHeld('p-1', false)).toMatchObject({
      status: 404,
      violations: [{ rule: 'unknown-person', params: { person: 'p-1' } }],
    });
    expect(notHeld('p-1', true)).toMatchObject({
      status: 409,
      violations: [{ rule: 'not-in-custody', subject: 'personId', params: { person: 'p-1' } }],
    });
  });

  it('has events dated only after their current stay began', () => {
    const stay = { since: new Date('2026-03-01T10:00:00Z') };
    expect(beforeStay(stay, new Date('2026-03-01T10:00:01Z'), 'releasedAt')).toEqual([]);
    expect(beforeStay(stay, new Date('2026-03-01T10:00:00Z'), 'releasedAt')).toEqual([
      {
        rule: 'time-before-admission',
        subject: 'releasedAt',
        params: { at: '2026-03-01T10:00:00.000Z', admittedAt: '2026-03-01T10:00:00.000Z' },
      },
    ]);
  });
});

describe('moves and transfers', () => {
  it('moves only to another cell', () => {
    expect(() => checkMove('p-1', 'A-1', 'A-2')).not.toThrow();
    expect(refusal(() => checkMove('p-1', 'A-1', 'A-1'))).toEqual({
      status: 409,
      violations: [{ rule: 'already-in-cell', subject: 'toCell', params: { person: 'p-1', cell: 'A-1' } }],
    });
  });

  it('transfers people on file, held elsewhere, each once; or lists every problem', () => {
    const held = new Map([
      ['p-1', { facility: 'ALFA' }],
      ['p-2', { facility: 'BRAVO' }],
    ]);
    const known = new Set(['p-1', 'p-2', 'p-3']);
    expect(() => checkTransfer(['p-1'], 'BRAVO', known, held)).not.toThrow();
    expect(refusal(() => checkTransfer(['p-1', 'p-9', 'p-3', 'p-2', 'p-1'], 'BRAVO', known, held))).toEqual({
      status: 409,
      violations: [
        { rule: 'unknown-person', subject: 'personIds[1]', params: { person: 'p-9' } },
        { rule: 'not-in-custody', subject: 'personIds[2]', params: { person: 'p-3' } },
        {
          rule: 'already-in-facility',
          subject: 'personIds[3]',
          params: { person: 'p-2', facility: 'BRAVO' },
        },
        { rule: 'duplicate-in-batch', subject: 'personIds[4]', params: { person: 'p-1' } },
      ],
    });
  });
});

describe('incidents', () => {
  it('names only people held in the facility', () => {
    const held = new Map([
      ['p-1', { facility: 'ALFA' }],
      ['p-2', { facility: 'BRAVO' }],
    ]);
    expect(() => checkIncidentPeople(['p-1'], 'ALFA', held)).not.toThrow();
    expect(() => checkIncidentPeople([], 'ALFA', held)).not.toThrow();
    expect(refusal(() => checkIncidentPeople(['p-1', 'p-2', 'p-3'], 'ALFA', held))).toEqual({
      status: 409,
      violations: [
        { rule: 'not-in-facility', subject: 'people[1]', params: { person: 'p-2', facility: 'ALFA' } },
        { rule: 'not-in-facility', subject: 'people[2]', params: { person: 'p-3', facility: 'ALFA' } },
      ],
    });
  });
});

describe('corrections', () => {
  const admission = { seq: 7, kind: 'custody.admitted', personId: 'p-1' };

  it('corrects an admission’s person and legal basis', () => {
    expect(() =>
      checkCorrection(admission, {
        person: { givenNames: 'Juan Pedro', sex: 'M' },
        legalBasis: { kind: 'sentence', issuedAt: '2026-01-02' },
      }),
    ).not.toThrow();
  });

  it('corrects nothing but an admission', () => {
    for (const target of [
      { seq: 8, kind: 'custody.moved', personId: 'p-1' },
      { seq: 9, kind: 'custody.admitted', personId: null },
    ])
      expect(refusal(() => checkCorrection(target, { person: { givenNames: 'X' } }))).toEqual({
        status: 409,
        violations: [{ rule: 'not-correctable', subject: 'corrects', params: { seq: target.seq } }],
      });
  });

  it('refuses no change, and each unreadable value, as input errors', () => {
    expect(refusal(() => checkCorrection(admission, {}))).toEqual({
      status: 400,
      violations: [
        {
          rule: 'invalid-field',
          subject: 'changes',
          params: { field: 'changes', problem: 'no change given' },
        },
      ],
    });
    const r = refusal(() =>
      checkCorrection(admission, {
        person: { sex: 'X' as 'F' },
        legalBasis: { kind: 'warrant' as 'arrest', issuedAt: 'yesterday', expiresAt: '2026-13-45' },
      }),
    );
    expect(r.status).toBe(400);
    expect(r.violations.map((v) => v.subject)).toEqual([
      'changes.person.sex',
      'changes.legalBasis.kind',
      'changes.legalBasis.issuedAt',
      'changes.legalBasis.expiresAt',
    ]);
  });

  it('records a corrected legal basis with UTC instants, and the values before', () => {
    const before = {
      kind: 'arrest',
      reference: 'R-1',
      issuedAt: '2026-01-01T00:00:00.000Z',
      expiresAt: null,
    };
    expect(correctedLegalBasis(before, { reference: 'R-2', issuedAt: '2026-01-02T09:00:00-03:00' })).toEqual({
      ...before,
      reference: 'R-2',
      issuedAt: '2026-01-02T12:00:00.000Z',
    });
    expect(valuesBefore(before, { reference: 'R-2', expiresAt: '2027-01-01' })).toEqual({
      reference: 'R-1',
      expiresAt: null,
    });
  });
});
