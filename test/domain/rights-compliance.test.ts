import { describe, expect, it } from 'vitest';
import {
  type ChargeFact,
  type ComplaintFact,
  type DisciplineFacts,
  disciplineCounts,
  disciplineFindings,
  type SanctionFact,
} from '../../src/domain/discipline/compliance.js';
import { messages, t } from '../../src/domain/messages.js';
import { type ComplianceInput, check } from '../../src/domain/safeguards/compliance.js';
import { admissionDuties } from '../../src/domain/safeguards/duties.js';
import { DUTY_KINDS, type Profile } from '../../src/domain/safeguards/profile.js';
import { FLOOR } from '../../src/domain/safeguards/profiles/index.js';
import {
  checkLanguage,
  checkNoOwnRecord,
  foreignNational,
} from '../../src/domain/safeguards/rights-on-admission.js';
import { RuleError } from '../../src/domain/violation.js';

const TZ = 'America/Santiago';
const at = (s: string) => new Date(s);
const NOW = at('2026-06-30T15:00:00Z');
/** the window 2026-06-24 – 2026-06-30 in Santiago (UTC-4 in winter) */
const WINDOW: DisciplineFacts['window'] = {
  from: '2026-06-24',
  to: '2026-06-30',
  days: 7,
  start: at('2026-06-24T04:00:00Z'),
  end: at('2026-07-01T04:00:00Z'),
};

const charge = (over: Partial<ChargeFact> = {}): ChargeFact => ({
  chargeId: 'ch-1',
  personId: 'p-1',
  offenceCode: 'riña',
  severity: 'less-grave',
  chargedAt: at('2026-06-25T12:00:00Z'),
  noticeAt: at('2026-06-25T14:00:00Z'),
  heardAt: at('2026-06-26T12:00:00Z'),
  heard: true,
  outcome: 'proved',
  appealAt: null,
  appealDecidedAt: null,
  appealOutcome: null,
  ...over,
});
const sanction = (over: Partial<SanctionFact> = {}): SanctionFact => ({
  sanctionId: 's-1',
  chargeId: 'ch-1',
  personId: 'p-1',
  kind: 'warning',
  days: null,
  severity: 'less-grave',
  from: at('2026-06-26T12:00:00Z'),
  until: null,
  quashedAt: null,
  segregation: null,
  ...over,
});
const complaint = (over: Partial<ComplaintFact> = {}): ComplaintFact => ({
  complaintId: 'q-1',
  personId: 'p-1',
  addressee: 'governor',
  confidential: false,
  receivedAt: at('2026-05-01T12:00:00Z'),
  respondedAt: null,
  ...over,
});
const facts = (f: Partial<DisciplineFacts> = {}): DisciplineFacts => ({
  window: WINDOW,
  charges: [],
  sanctions: [],
  complaints: [],
  ...f,
});
const findings = (f: Partial<DisciplineFacts>, profile: Profile = FLOOR) =>
  disciplineFindings(facts(f), profile, 'ALFA', TZ, NOW).map((x) => [x.rule, x.message, x.subject]);

/** A national profile of this test: a catalogue of offences and sanctions, a 10-day isolation, a 10-day answer. */
const XX: Profile = {
  id: 'xx',
  name: { es: 'Prueba', en: 'Test' },
  sources: [],
  deadlines: {
    'complaint-response': { within: { days: 10 }, rule: 'xx-9', ref: 'art. 9', severity: 'serious' },
  },
  discipline: {
    offences: [
      { code: 'xx-1', severity: 'grave', name: { es: 'Fuga', en: 'Escape' } },
      { code: 'xx-2', severity: 'minor', name: { es: 'Ruido', en: 'Noise' } },
    ],
    catalogue: { rule: 'xx-cat', ref: 'art. 78', severity: 'serious' },
    sanctions: {
      warning: { rule: 'xx-81-a', ref: 'art. 81 a', severity: 'warning' },
      isolation: {
        rule: 'xx-81-b',
        ref: 'art. 81 b',
        severity: 'serious',
        maxDays: 10,
        severities: ['grave'],
      },
    },
    isolation: { rule: 'xx-iso', ref: 'art. 81 b', severity: 'critical', maxDays: 10 },
  },
};

describe('rights on admission: the rules', () => {
  it('opens the consular notice for a nationality known and other than the jurisdiction only', () => {
    expect(foreignNational('PE', 'CL')).toBe(true);
    expect(foreignNational('CL', 'CL')).toBe(false);
    expect(foreignNational('CL', 'cl')).toBe(false);
    expect(foreignNational(null, 'CL')).toBe(false);
    expect(foreignNational(undefined, 'CL')).toBe(false);
    expect(foreignNational('PE', undefined)).toBe(false);
    const a = {
      personId: 'p',
      custodyId: 'c',
      facility: 'ALFA',
      seq: 1,
      admittedAt: at('2026-03-02T10:00:00Z'),
      status: 'sentenced',
      legalBasis: { kind: 'sentence', issuedAt: '2026-03-01T10:00:00Z' },
      injuries: null,
      jurisdiction: 'CL',
    };
    const kinds = (nationality: string | null) => admissionDuties({ ...a, nationality }).map((d) => d.kind);
    expect(kinds('VE')).toEqual([
      'medical-exam',
      'family-notification',
      'rights-information',
      'consular-notification',
    ]);
    expect(kinds('CL')).toEqual(['medical-exam', 'family-notification', 'rights-information']);
    expect(kinds(null)).toEqual(['medical-exam', 'family-notification', 'rights-information']);
    const consular = admissionDuties({ ...a, nationality: 'VE' }).at(-1);
    expect(consular).toMatchObject({ since: a.admittedAt, seq: 1, personId: 'p', custodyId: 'c' });
  });

  const refusal = (f: () => void) => {
    try {
      f();
    } catch (err) {
      if (err instanceof RuleError) return { status: err.status, violations: err.violations };
      throw err;
    }
    return null;
  };

  it('asks the language of the information on rights only', () => {
    expect(refusal(() => checkLanguage('rights-information', undefined))).toMatchObject({
      status: 400,
      violations: [{ rule: 'invalid-field', subject: 'language' }],
    });
    expect(refusal(() => checkLanguage('rights-information', '  '))?.status).toBe(400);
    expect(refusal(() => checkLanguage('rights-information', 'es'))).toBeNull();
    expect(refusal(() => checkLanguage('consular-notification', undefined))).toBeNull();
    expect(refusal(() => checkLanguage('medical-exam', undefined))).toBeNull();
  });

  it('sends a charge’s notice and a complaint’s answer to their own routes (409 duty-own-record)', () => {
    for (const kind of ['discipline-notice', 'complaint-response'])
      expect(refusal(() => checkNoOwnRecord(kind))).toMatchObject({
        status: 409,
        violations: [{ rule: 'duty-own-record', subject: 'id', params: { kind } }],
      });
    for (const kind of ['rights-information', 'consular-notification', 'health-visit', 'medical-exam'])
      expect(refusal(() => checkNoOwnRecord(kind))).toBeNull();
  });
});

describe('the words of duties and findings', () => {
  it('names every duty kind, and its overdue and late findings, in both languages', () => {
    for (const kind of DUTY_KINDS)
      for (const key of [`duty.${kind}`, `finding.overdue.${kind}`, `finding.late.${kind}`]) {
        expect(messages[key], key).toBeDefined();
        expect(t(key, 'es', { person: 'P', due: 'D', done: 'H' })).not.toMatch(/^(duty|finding)\./);
      }
  });

  it('says each discipline and complaint finding in Spanish and English, every parameter filled', () => {
    const params = {
      person: 'P',
      charge: 'C',
      heardAt: 'H',
      days: 3,
      max: 2,
      until: 'U',
      kind: 'isolation',
      severity: { es: 'grave', en: 'serious' },
      expected: { es: 'leve', en: 'minor' },
      code: 'x',
      addressee: { es: 'la dirección', en: 'the governor' },
      due: 'D',
      done: 'E',
      overdue: 1,
      late: 0,
    };
    for (const key of Object.keys(messages).filter((k) =>
      /^finding\.(hearing|proved|isolation-|sanction|offence|complaint)/.test(k),
    ))
      for (const lang of ['es', 'en'] as const) expect(t(key, lang, params), key).not.toMatch(/[{}]/);
  });
});

describe('compliance on discipline', () => {
  it('finds a hearing held in the window without notice before it, and a charge proved unheard (mandela-41)', () => {
    expect(
      findings({
        charges: [
          charge({ chargeId: 'a', noticeAt: null }),
          charge({ chargeId: 'b', noticeAt: at('2026-06-26T13:00:00Z') }),
          charge({ chargeId: 'c', heard: false }),
          charge({ chargeId: 'd', heard: false, outcome: 'dismissed' }),
          charge({ chargeId: 'e' }),
        ],
      }),
    ).toEqual([
      ['mandela-41', 'finding.hearing-without-notice', 'p-1'],
      ['mandela-41', 'finding.hearing-without-notice', 'p-1'],
      ['mandela-41', 'finding.proved-unheard', 'p-1'],
    ]);
    // a hearing before the window is not judged in it; one not held yet is no finding
    expect(
      findings({
        charges: [
          charge({ noticeAt: null, heard: false, heardAt: at('2026-06-20T12:00:00Z') }),
          charge({ noticeAt: null, heardAt: null, heard: null, outcome: null }),
        ],
      }),
    ).toEqual([]);
    // due process is the floor's: a national profile does not repeat it
    expect(
      findings({ charges: [charge({ noticeAt: null, offenceCode: 'xx-2', severity: 'minor' })] }, XX),
    ).toEqual([]);
  });

  it('finds prohibited and indefinite sanctions (mandela-43) and isolation beyond the maximum (mandela-44, a profile’s own)', () => {
    const sanctions = [
      sanction({ sanctionId: 'a', kind: 'family-contact-ban', days: 5 }),
      sanction({ sanctionId: 'b', kind: 'reduction-of-food', days: 2 }),
      sanction({ sanctionId: 'c', kind: 'visit-restriction', days: null }),
      sanction({ sanctionId: 'd', kind: 'isolation', days: 16, until: at('2026-07-12T12:00:00Z') }),
      sanction({ sanctionId: 'e', kind: 'isolation', days: 15, until: at('2026-07-11T12:00:00Z') }),
      sanction({ sanctionId: 'f', kind: 'isolation', days: 20, from: at('2026-06-01T12:00:00Z') }),
    ];
    expect(findings({ sanctions })).toEqual([
      ['mandela-43', 'finding.sanction-prohibited', 'p-1'],
      ['mandela-43', 'finding.sanction-prohibited', 'p-1'],
      ['mandela-43', 'finding.sanction-indefinite', 'p-1'],
      ['mandela-44', 'finding.isolation-beyond-max', 'p-1'],
    ]);
    // the national profile: its lower maximum under its own rule; its catalogue of sanctions and grades
    expect(findings({ sanctions }, XX)).toEqual([
      ['xx-cat', 'finding.sanction-not-in-catalogue', 'p-1'],
      ['xx-iso', 'finding.isolation-beyond-max', 'p-1'],
      ['xx-81-b', 'finding.sanction-beyond-limit', 'p-1'],
      ['xx-81-b', 'finding.sanction-grade', 'p-1'],
      ['xx-iso', 'finding.isolation-beyond-max', 'p-1'],
      ['xx-81-b', 'finding.sanction-beyond-limit', 'p-1'],
      ['xx-81-b', 'finding.sanction-grade', 'p-1'],
    ]);
    const grave = sanction({ kind: 'isolation', days: 10, severity: 'grave' });
    expect(findings({ sanctions: [grave] }, XX)).toEqual([]);
  });

  it('finds an isolation still in force after its sanction ended, or was quashed, when the overrun reaches the window (mandela-39)', () => {
    const iso = (over: Partial<SanctionFact>) =>
      sanction({
        kind: 'isolation',
        days: 3,
        from: at('2026-06-20T12:00:00Z'),
        until: at('2026-06-23T12:00:00Z'),
        segregation: { id: 'g', endedAt: null },
        ...over,
      });
    const open = disciplineFindings(facts({ sanctions: [iso({})] }), FLOOR, 'ALFA', TZ, NOW);
    expect(open).toMatchObject([
      {
        rule: 'mandela-39',
        message: 'finding.isolation-past-until',
        subject: 'p-1',
        params: { person: 'p-1', until: '2026-06-23T12:00:00.000Z', days: 7, open: true },
        dueAt: '2026-06-23T12:00:00.000Z',
      },
    ]);
    // ended on time, or ended before the window: nothing
    expect(
      findings({ sanctions: [iso({ segregation: { id: 'g', endedAt: at('2026-06-23T12:00:00Z') } })] }),
    ).toEqual([]);
    expect(
      findings({
        sanctions: [
          iso({
            until: at('2026-06-10T12:00:00Z'),
            from: at('2026-06-07T12:00:00Z'),
            segregation: { id: 'g', endedAt: at('2026-06-15T12:00:00Z') },
          }),
        ],
      }),
    ).toEqual([]);
    // quashed on the 21st and still segregated: held past the quashing
    const quashed = disciplineFindings(
      facts({ sanctions: [iso({ quashedAt: at('2026-06-21T12:00:00Z') })] }),
      FLOOR,
      'ALFA',
      TZ,
      NOW,
    );
    expect(quashed[0]?.params).toMatchObject({ until: '2026-06-21T12:00:00.000Z', days: 9 });
    // a national profile does not repeat it
    expect(findings({ sanctions: [iso({})] }, XX)).toEqual([]);
  });

  it('finds charges for offences outside a profile’s catalogue, or graded otherwise, laid in the window', () => {
    const charges = [
      charge({ chargeId: 'a', offenceCode: 'xx-1', severity: 'grave' }),
      charge({ chargeId: 'b', offenceCode: 'xx-2', severity: 'grave' }),
      charge({ chargeId: 'c', offenceCode: 'otra' }),
      charge({ chargeId: 'd', offenceCode: 'otra', chargedAt: at('2026-06-01T12:00:00Z') }),
    ];
    expect(findings({ charges }, XX)).toEqual([
      ['xx-cat', 'finding.offence-grade', 'p-1'],
      ['xx-cat', 'finding.offence-not-in-catalogue', 'p-1'],
    ]);
    // the floor has no catalogue of offences
    expect(findings({ charges })).toEqual([]);
  });

  it('finds complaints unanswered past the deadline or answered late, each profile’s; confidential ones counted, never named', () => {
    const complaints = [
      complaint({ complaintId: 'a', receivedAt: at('2026-05-01T12:00:00Z') }),
      complaint({ complaintId: 'b', receivedAt: at('2026-06-25T12:00:00Z') }),
      complaint({
        complaintId: 'c',
        receivedAt: at('2026-05-01T12:00:00Z'),
        respondedAt: at('2026-06-25T12:00:00Z'),
      }),
      complaint({
        complaintId: 'd',
        receivedAt: at('2026-05-01T12:00:00Z'),
        respondedAt: at('2026-05-20T12:00:00Z'),
      }),
      complaint({ complaintId: 'e', personId: 'p-2', addressee: 'inspector', confidential: true }),
      complaint({
        complaintId: 'f',
        personId: 'p-3',
        addressee: 'inspector',
        confidential: true,
        receivedAt: at('2026-05-01T12:00:00Z'),
        respondedAt: at('2026-06-29T12:00:00Z'),
      }),
    ];
    const floor = disciplineFindings(facts({ complaints }), FLOOR, 'ALFA', TZ, NOW);
    expect(floor.map((f) => [f.rule, f.message, f.subject, f.people])).toEqual([
      ['mandela-57', 'finding.complaint-unanswered', 'p-1', 1],
      ['mandela-57', 'finding.complaint-late', 'p-1', 1],
      ['mandela-57', 'finding.complaints-confidential', 'ALFA', 2],
    ]);
    const secret = floor.at(-1)!;
    expect(secret.params).toEqual({ overdue: 1, late: 1 });
    expect(JSON.stringify(floor)).not.toMatch(/p-2|p-3/);
    expect(floor[0]).toMatchObject({ dueAt: '2026-05-31T12:00:00.000Z' });
    // a profile with a 10-day answer: the one received on the 25th is not late yet; the answer of 20 May is
    expect(findings({ complaints }, XX).map((f) => f[1])).toEqual([
      'finding.complaint-unanswered',
      'finding.complaint-late',
      'finding.complaints-confidential',
    ]);
  });

  it('judges a complaint on the complaint, not also on its duty', () => {
    const input: ComplianceInput = {
      facility: { code: 'ALFA', timezone: TZ },
      regime: null,
      blockRegimes: {},
      blocks: [],
      cells: [],
      duties: [
        {
          id: 'd',
          kind: 'complaint-response',
          personId: 'p-1',
          since: at('2026-05-01T12:00:00Z'),
          doneAt: null,
        },
        {
          id: 'n',
          kind: 'discipline-notice',
          personId: 'p-1',
          since: at('2026-06-25T12:00:00Z'),
          doneAt: null,
        },
      ],
      segregations: [],
      discipline: facts({ complaints: [complaint()] }),
      now: NOW,
    };
    const rules = check(input, FLOOR).map((f) => [f.rule, f.message]);
    expect(rules).toEqual([
      ['mandela-41', 'finding.overdue.discipline-notice'],
      ['mandela-57', 'finding.complaint-unanswered'],
    ]);
    // without the discipline records (an older caller), the duty still counts
    const { discipline: _, ...without } = input;
    expect(check(without, FLOOR).map((f) => f.message)).toContain('finding.overdue.complaint-response');
  });

  it('counts the window: charges, hearings, sanctions, appeals and complaints', () => {
    const d = facts({
      charges: [
        charge({ chargeId: 'a' }),
        charge({ chargeId: 'b', outcome: 'dismissed', noticeAt: null }),
        charge({ chargeId: 'c', heardAt: null, heard: null, outcome: null, noticeAt: null }),
        charge({
          chargeId: 'd',
          heardAt: null,
          heard: null,
          outcome: null,
          chargedAt: at('2026-05-01T12:00:00Z'),
        }),
        charge({
          chargeId: 'e',
          chargedAt: at('2026-06-01T12:00:00Z'),
          heardAt: at('2026-06-02T12:00:00Z'),
          appealAt: at('2026-06-10T12:00:00Z'),
          appealDecidedAt: at('2026-06-27T12:00:00Z'),
          appealOutcome: 'quashed',
        }),
      ],
      sanctions: [
        sanction({ kind: 'isolation', days: 16 }),
        sanction({ kind: 'visit-restriction', days: 10 }),
        sanction({
          kind: 'isolation',
          days: 3,
          from: at('2026-06-02T12:00:00Z'),
          until: at('2026-06-05T12:00:00Z'),
          quashedAt: at('2026-06-27T12:00:00Z'),
          segregation: { id: 'g', endedAt: at('2026-06-27T12:00:00Z') },
        }),
      ],
      complaints: [
        complaint(),
        complaint({ receivedAt: at('2026-06-25T12:00:00Z'), confidential: true, addressee: 'inspector' }),
        complaint({ receivedAt: at('2026-06-25T12:00:00Z'), respondedAt: at('2026-06-26T12:00:00Z') }),
      ],
    });
    expect(disciplineCounts(d, FLOOR, TZ, NOW)).toEqual({
      window: { from: '2026-06-24', to: '2026-06-30', days: 7 },
      charges: {
        laid: 3,
        awaitingNotice: 1,
        awaitingHearing: 1,
        heard: 2,
        proved: 1,
        dismissed: 1,
        heardWithoutNotice: 1,
        provedUnheard: 0,
      },
      sanctions: {
        imposed: 2,
        byKind: { isolation: 1, 'visit-restriction': 1 },
        isolationBeyondMax: 1,
        isolationMaxDays: 15,
        isolationPastEnd: 1,
        quashed: 1,
      },
      appeals: { lodged: 0, upheld: 0, quashed: 1 },
      complaints: { received: 2, confidential: 1, answered: 1, open: 2, overdue: 1, answeredLate: 0 },
    });
    expect(disciplineCounts(d, XX, TZ, NOW).sanctions.isolationMaxDays).toBe(10);
  });
});
