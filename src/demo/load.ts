import { fakerES_MX } from '@faker-js/faker';
import { admit, release } from '../store/custody.js';
import type { Store } from '../store/db.js';
import { createFacility } from '../store/facilities.js';
import { ALL_FACILITIES, createUser, type Role, userExists } from '../store/users.js';
import { cecot, chileanRemandCentre, seeded } from './facilities.js';
import { demoAdmissions } from './people.js';

export const DEMO_PASSWORD = 'custodia-demo';
export const DEMO_USERS: { username: string; roles: Role[]; facilities: string[] }[] = [
  { username: 'admin', roles: ['admin'], facilities: [ALL_FACILITIES] },
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
    count: people,
    now,
    seed: 503,
    since: new Date('2023-02-24T12:00:00Z'),
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
  const admitted: { personId: string; admittedAt: string; facility: string }[] = [];
  for (const [facility, list] of [
    ['CECOT', svAdmissions],
    ['CDP-SUR', clAdmissions],
  ] as const) {
    for (let i = 0; i < list.length; i += BATCH) {
      const batch = list.slice(i, i + BATCH);
      const placed = await admit(store.db, facility, batch, actor, { now });
      placed.forEach((p, k) => {
        admitted.push({ personId: p.personId, admittedAt: batch[k]!.admittedAt!, facility });
      });
      done += batch.length;
      opts.onProgress?.(done, total, facility);
    }
  }

  // Some people have left already, so the register has history to show.
  const rnd = seeded(7);
  fakerES_MX.seed(7);
  const leaving = admitted.filter((a) => rnd() < (a.facility === 'CECOT' ? 0.004 : 0.08));
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

  const users: string[] = [];
  for (const u of DEMO_USERS) {
    if (await userExists(store.db, u.username)) continue;
    await createUser(store.db, { ...u, password: DEMO_PASSWORD });
    users.push(u.username);
  }
  return { facilities: ['CECOT', 'CDP-SUR'], admitted: total, released: leaving.length, users };
}
