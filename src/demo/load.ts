import { fakerES_MX } from '@faker-js/faker';
import type { AdmissionInput } from '../domain/custody/admission.js';
import type { Regime } from '../domain/safeguards/compliance.js';
import { dateIn } from '../domain/time.js';
import { admit, release } from '../store/custody.js';
import type { Store } from '../store/db.js';
import { createFacility } from '../store/facilities.js';
import { recordDeath } from '../store/safeguards/deaths.js';
import { fulfilMany } from '../store/safeguards/duties.js';
import { setRegime } from '../store/safeguards/regime.js';
import { startSegregation } from '../store/safeguards/segregation.js';
import { creditSentence, recordSentence, reduceSentence } from '../store/sentences.js';
import { ALL_FACILITIES, BOOTSTRAP_ROLES, createUser, type Role, userExists } from '../store/users.js';
import { recordDailyLife } from './daily-life.js';
import { recordDiscipline, withNationalities } from './discipline.js';
import { cecot, chileanRemandCentre, seeded } from './facilities.js';
import { demoAdmissions } from './people.js';
import { chileanSentences, relationTo } from './sentences.js';

export const DEMO_PASSWORD = 'custodia-demo';

/** CECOT's regime as reported: no visits, no open air (at most 30 minutes in an indoor corridor), lights on day and night. */
export const CECOT_REPORTED_REGIME: Regime = {
  visits: { allowed: false },
  openAirMinutesPerDay: 0,
  lights: 'constant',
  programmes: [],
  legalAdviserAccess: false,
  restraintsDuringMovement: true,
};

export const CHILEAN_REGIME: Regime = {
  visits: { allowed: true, perMonth: 8 },
  openAirMinutesPerDay: 240,
  lights: 'normal',
  programmes: ['education', 'work', 'religious'],
  legalAdviserAccess: true,
  restraintsDuringMovement: false,
};
export const DEMO_USERS: { username: string; roles: Role[]; facilities: string[] }[] = [
  { username: 'admin', roles: BOOTSTRAP_ROLES, facilities: [ALL_FACILITIES] },
  { username: 'records', roles: ['records'], facilities: [ALL_FACILITIES] },
  { username: 'officer', roles: ['officer'], facilities: ['CECOT'] },
  { username: 'governor', roles: ['governor'], facilities: ['CECOT'] },
  { username: 'medical', roles: ['medical'], facilities: [ALL_FACILITIES] },
  { username: 'inspector', roles: ['inspector'], facilities: [ALL_FACILITIES] },
];

export interface DemoOptions {
  /** people in CECOT (the Chilean centre gets about 140 % of its design capacity) */
  people?: number;
  now?: Date;
  onProgress?: (done: number, total: number, what: string) => void;
}

const BATCH = 2000;

/** Who the demo's CECOT admits: El Salvador's reported mix, authorities and ages (also the load bench's). */
export const CECOT_INTAKE = {
  statusMix: [
    ['pretrial', 0.86],
    ['detained', 0.08],
    ['sentenced', 0.06],
  ],
  idFormat: 'dui',
  issuedBy: {
    detained: 'Policía Nacional Civil',
    pretrial: 'Juzgado Especializado de Instrucción',
    sentenced: 'Tribunal Especializado de Sentencia',
  },
  ageRange: [18, 55],
} satisfies Partial<Parameters<typeof demoAdmissions>[0]>;

/** Builds the demo: two facilities, synthetic people, a few releases and the demo users. */
export async function loadDemo(store: Store, opts: DemoOptions = {}) {
  const now = opts.now ?? new Date();
  const people = opts.people ?? 17_000;
  const actor = 'demo';
  const sv = cecot();
  const cl = chileanRemandCentre();
  await createFacility(store.db, sv, actor, new Date('2023-01-15T12:00:00Z'));
  await createFacility(store.db, cl, actor, new Date('2019-06-01T12:00:00Z'));

  const clCells = cl.units.flatMap((b) => b.children ?? []);
  const svAdmissions = demoAdmissions({
    ...CECOT_INTAKE,
    count: people,
    now,
    seed: 503,
    since: new Date('2023-02-24T12:00:00Z'),
  });
  const clDesign = new Map(clCells.map((c) => [c.code, c.capacity!]));
  const clPeople = Math.round([...clDesign.values()].reduce((s, c) => s + c.design, 0) * 1.4);
  const clAdmissions = demoAdmissions({
    count: clPeople,
    now,
    seed: 56,
    since: new Date(now.getTime() - 400 * 86_400_000),
    statusMix: [
      ['pretrial', 0.84],
      ['detained', 0.06],
      ['sentenced', 0.1],
    ],
    idFormat: 'rut',
    issuedBy: {
      detained: 'Carabineros de Chile',
      pretrial: 'Juzgado de Garantía',
      sentenced: 'Tribunal de Juicio Oral en lo Penal',
    },
    ageRange: [18, 60],
  });
  const total = svAdmissions.length + clAdmissions.length;
  let done = 0;
  const admitted: { personId: string; admittedAt: string; facility: string; input: AdmissionInput }[] = [];
  // a few people with a known nationality, and a few foreign nationals (src/demo/discipline.ts)
  for (const [facility, list] of [
    ['CECOT', withNationalities(svAdmissions, 'SV', ['GT', 'HN', 'NI', 'MX'], 9, 97)],
    ['CDP-SUR', withNationalities(clAdmissions, 'CL', ['PE', 'BO', 'VE', 'CO', 'HT'], 7, 23)],
  ] as const) {
    for (let i = 0; i < list.length; i += BATCH) {
      const batch = list.slice(i, i + BATCH);
      const placed = await admit(store.db, facility, batch, actor, { now });
      placed.forEach((p, k) => {
        admitted.push({
          personId: p.personId,
          admittedAt: batch[k]!.admittedAt!,
          facility,
          input: batch[k]!,
        });
      });
      done += batch.length;
      opts.onProgress?.(done, total, facility);
    }
  }

  // Some people have left already, so the register has history to show (in Chile, not the sentenced:
  // they leave on their release dates).
  const rnd = seeded(7);
  fakerES_MX.seed(7);
  const sentencedInChile = (a: (typeof admitted)[number]) =>
    a.facility === 'CDP-SUR' && a.input.status === 'sentenced';
  const leaving = admitted.filter(
    (a) => rnd() < (a.facility === 'CECOT' ? 0.004 : 0.08) && !sentencedInChile(a),
  );
  for (const a of leaving) {
    const since = new Date(a.admittedAt).getTime();
    const at = new Date(since + (now.getTime() - since) * (0.3 + 0.6 * rnd()));
    await release(
      store.db,
      {
        personId: a.personId,
        reason:
          a.facility === 'CECOT'
            ? 'Sobreseimiento definitivo'
            : 'Sustitución de la prisión preventiva por arresto domiciliario',
        releasedAt: new Date(Math.floor(at.getTime() / 1000) * 1000).toISOString(),
        legalBasis: {
          kind: 'release-order',
          reference: `LIB-${at.getUTCFullYear()}-${fakerES_MX.string.numeric(6)}`,
          issuedBy: a.facility === 'CECOT' ? 'Juzgado Especializado de Instrucción' : 'Juzgado de Garantía',
          issuedAt: new Date(at.getTime() - 3600_000).toISOString(),
        },
      },
      actor,
      { now },
    );
  }

  // Sentences in Chile: everyone admitted as sentenced, with the credits and reductions of their
  // judgments; a few released in the coming week, nobody past their release date. CECOT as reported:
  // no sentence on record (and the calculator reads Chilean law).
  const sentences = await recordChileanSentences(
    store,
    admitted.filter(sentencedInChile),
    cl.timezone,
    now,
    actor,
  );

  // The regimes: CECOT as reported; the Chilean centre with visits, open air and programmes.
  await setRegime(store.db, 'CECOT', null, CECOT_REPORTED_REGIME, actor, { now });
  await setRegime(store.db, 'CDP-SUR', null, CHILEAN_REGIME, actor, { now });

  // Daily life as given (src/demo/daily-life.ts): CECOT as reported (families turned away, no open
  // air, no activities); the Chilean centre's normal week of visits, open air and activities.
  const dailyLife = await recordDailyLife(
    store,
    { code: 'CECOT', timezone: sv.timezone },
    { code: 'CDP-SUR', timezone: cl.timezone },
    now,
    actor,
  );

  // Duties: in Chile, examinations, notices and hearings on time and pretrial detention reviewed every
  // ~5 months; in CECOT, as reported, none of them recorded.
  const DAY = 86_400_000;
  const H = 3_600_000;
  const within: Record<string, number> = {
    'medical-exam': 6 * H,
    'family-notification': 12 * H,
    'detention-hearing': 20 * H,
    'injury-report': 12 * H,
    'pretrial-review': 150 * DAY,
    'release-planning': 20 * DAY,
    'rights-information': 8 * H,
    'consular-notification': 10 * H,
  };
  for (let round = 0; round < 4; round++) {
    const open = await store.db
      .selectFrom('duty')
      .select(['id', 'kind', 'since'])
      .where('facility_code', '=', 'CDP-SUR')
      .where('done_at', 'is', null)
      .where('cancelled_at', 'is', null)
      .execute();
    const due = open
      .map((d) => ({
        id: d.id,
        doneAt: new Date(d.since.getTime() + (within[d.kind] ?? 6 * H)),
        note: 'Registro de demostración',
        // the written information on rights, in the language it was given in (Mandela Rules 54-55)
        ...(d.kind === 'rights-information' ? { language: 'es' } : {}),
      }))
      .filter((d) => d.doneAt <= now);
    if (!due.length) break;
    await fulfilMany(store.db, due, actor, now);
  }
  // Deaths in custody: two in CECOT never notified, one in Chile notified on time.
  const dead: { personId: string; facility: string }[] = [];
  for (const [facility, n] of [
    ['CECOT', 2],
    ['CDP-SUR', 1],
  ] as const) {
    const who = await store.db
      .selectFrom('custody')
      .select('person_id')
      .where('facility_code', '=', facility)
      .where('released_at', 'is', null)
      .orderBy('admitted_at')
      .limit(n)
      .execute();
    for (const [k, w] of who.entries()) {
      const diedAt = new Date(now.getTime() - (20 + 7 * k) * DAY);
      await recordDeath(
        store.db,
        {
          personId: w.person_id,
          diedAt: diedAt.toISOString(),
          circumstances:
            facility === 'CECOT'
              ? 'Fallecimiento en custodia; causa no informada'
              : 'Paro cardiorrespiratorio; traslado a hospital',
        },
        actor,
        { now },
      );
      dead.push({ personId: w.person_id, facility });
    }
  }
  const chileDeathDuties = await store.db
    .selectFrom('duty')
    .select(['id', 'since'])
    .where('facility_code', '=', 'CDP-SUR')
    .where('kind', 'in', ['death-next-of-kin', 'death-authority'])
    .execute();
  await fulfilMany(
    store.db,
    chileDeathDuties.map((d) => ({
      id: d.id,
      doneAt: new Date(d.since.getTime() + 3 * H),
      note: 'Aviso a familiares y al INDH',
    })),
    actor,
    now,
  );
  // One person in CECOT segregated for a month.
  const isolated = await store.db
    .selectFrom('custody')
    .select('person_id')
    .where('facility_code', '=', 'CECOT')
    .where('released_at', 'is', null)
    // held since before the segregation began
    .where('admitted_at', '<', new Date(now.getTime() - 31 * DAY))
    .orderBy('admitted_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (isolated) {
    await startSegregation(
      store.db,
      {
        personId: isolated.person_id,
        startedAt: new Date(now.getTime() - 30 * DAY).toISOString(),
        authority: 'Dirección General de Centros Penales',
        reason: 'Medida disciplinaria',
      },
      actor,
      { now },
    );
  }

  // Discipline with due process and complaints (src/demo/discipline.ts).
  const discipline = await recordDiscipline(store, now, actor);

  const users: string[] = [];
  for (const u of DEMO_USERS) {
    if (await userExists(store.db, u.username)) continue;
    await createUser(store.db, { ...u, password: DEMO_PASSWORD });
    users.push(u.username);
  }
  return {
    facilities: ['CECOT', 'CDP-SUR'],
    admitted: total,
    released: leaving.length,
    sentences,
    died: dead.length,
    dailyLife,
    discipline,
    users,
  };
}

/**
 * The sentences of the people admitted as sentenced to the Chilean centre (src/demo/sentences.ts),
 * each recorded as the records office would: the sentence, then its credits and reductions.
 * Returns how many sentences were recorded.
 */
async function recordChileanSentences(
  store: Store,
  people: { personId: string; admittedAt: string; input: AdmissionInput }[],
  timezone: string,
  now: Date,
  actor: string,
): Promise<number> {
  const plans = chileanSentences(
    people.map((p) => ({
      personId: p.personId,
      admittedOn: dateIn(new Date(p.admittedAt), timezone),
      reference: p.input.legalBasis?.reference ?? `SENT-${p.personId.slice(0, 8)}`,
      issuedOn: dateIn(new Date(p.input.legalBasis?.issuedAt ?? p.admittedAt), timezone),
    })),
    dateIn(now, timezone),
    seeded(321),
  );
  let n = 0;
  for (const plan of plans) {
    const ids = new Map<string, string>();
    for (const s of plan.sentences) {
      const r = await recordSentence(
        store.db,
        {
          personId: plan.personId,
          caseReference: s.caseReference,
          court: s.court,
          imposedAt: s.imposedAt,
          length: s.length,
          offenceCategory: s.offenceCategory,
          relation: relationTo(s.relation, ids),
        },
        actor,
        { now },
      );
      ids.set(s.id, r.sentenceId);
      n++;
    }
    for (const s of plan.sentences) {
      const id = ids.get(s.id)!;
      for (const c of s.credits) await creditSentence(store.db, id, c, actor, { now });
      for (const r of s.reductions) await reduceSentence(store.db, id, r, actor, { now });
    }
  }
  return n;
}
