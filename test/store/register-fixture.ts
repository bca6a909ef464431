import { CHILEAN_REGIME } from '../../src/demo/load.js';
import type { AdmissionInput } from '../../src/domain/custody/admission.js';
import { admit, release } from '../../src/store/custody.js';
import type { Db } from '../../src/store/db.js';
import { createFacility, type FacilityInput } from '../../src/store/facilities.js';
import { createGroup } from '../../src/store/groups.js';
import { move, transfer } from '../../src/store/movement.js';
import { correct } from '../../src/store/people.js';
import { setRegime } from '../../src/store/safeguards/regime.js';

/**
 * A realistic register: two facilities, a group, a regime, 40 admissions in batches, a move, a
 * release, a correction, a transfer. Names with accents and ñ, numbers with decimals in payloads.
 * Shared by the tests of the stored register (tamper.test.ts, legacy-events.test.ts).
 */

const T0 = new Date('2026-03-02T09:00:00Z');

function facility(code: string, cells: number): FacilityInput {
  return {
    code,
    name: `Centro de Detención Preventiva ${code}`,
    timezone: 'America/Santiago',
    jurisdiction: 'CL',
    units: ['A', 'B'].map((b) => ({
      code: `${code}-${b}`,
      kind: 'block' as const,
      children: [1, 2].map((l) => ({
        code: `${code}-${b}${l}`,
        kind: 'landing' as const,
        children: Array.from({ length: cells }, (_, c) => ({
          code: `${code}-${b}${l}-${c + 1}`,
          kind: 'cell' as const,
          capacity: { design: 2, operational: 3 },
          areaM2: 8.5,
        })),
      })),
    })),
  };
}

const GIVEN = ['José Miguel', 'Juan Pablo', 'Tomás', 'Ñuble', 'Andrés Felipe', 'Matías'];
const FAMILY = ['Núñez Pérez', 'Soto Muñoz', 'González Rojas', 'Araya Díaz', 'Peña Ibáñez'];

function admissions(from: number, count: number): AdmissionInput[] {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    const admitted = new Date(T0.getTime() - (i + 1) * 86_400_000 - i * 1_234);
    return {
      person: {
        givenNames: GIVEN[i % GIVEN.length]!,
        familyNames: `${FAMILY[i % FAMILY.length]!} ${i}`,
        dateOfBirth: `19${70 + (i % 25)}-0${1 + (i % 9)}-1${i % 10}`,
        sex: 'male',
        nationalId: `${12_000_000 + i * 7919}-${i % 10}`,
      },
      legalBasis: {
        kind: 'pretrial-detention-order',
        reference: `RIT-${1000 + i}-2026`,
        issuedBy: 'Juzgado de Garantía de Santiago',
        issuedAt: new Date(admitted.getTime() - 3_600_000).toISOString(),
        ...(i % 4 === 0 ? { expiresAt: '2027-01-31T12:00:00-03:00' } : {}),
      },
      status: 'pretrial',
      admittedAt: admitted.toISOString(),
      ...(i % 5 === 0 ? { groups: ['LOS-NANDUES'] } : {}),
      ...(i % 7 === 0 ? { injuries: 'Hematoma en el antebrazo izquierdo' } : {}),
      ...(i % 6 === 0 ? { securityLevel: 'medium' as const } : {}),
    };
  });
}

export async function fillRegister(db: Db) {
  await createFacility(db, facility('NORTE', 5), 'admin', new Date('2019-06-01T12:00:00Z'));
  await createFacility(db, facility('SUR', 2), 'admin', new Date('2021-01-04T15:30:00.250Z'));
  await createGroup(
    db,
    { code: 'LOS-NANDUES', name: 'Los Ñandúes', rivals: ['OTROS'], scope: 'landing' },
    'records',
    new Date('2024-05-05T05:05:05.005Z'),
  );
  await setRegime(db, 'NORTE', null, CHILEAN_REGIME, 'governor');
  const placed = [
    ...(await admit(db, 'NORTE', admissions(0, 15), 'records')),
    ...(await admit(db, 'NORTE', admissions(15, 15), 'records')),
    ...(await admit(db, 'NORTE', admissions(30, 10), 'officer')),
  ];
  const mover = placed[3]!;
  const to = ['NORTE-A1-1', 'NORTE-B2-5'].find((c) => c !== mover.cell)!;
  await move(
    db,
    { personId: mover.personId, toCell: to, reason: 'Traslado interno por convivencia' },
    'officer',
  );
  await release(
    db,
    {
      personId: placed[7]!.personId,
      reason: 'Orden de libertad',
      legalBasis: {
        kind: 'release-order',
        reference: 'LIB-7',
        issuedBy: 'Juzgado de Garantía',
        issuedAt: '2026-03-01T10:00:00-03:00',
      },
    },
    'records',
  );
  const admitted = await db
    .selectFrom('custody_event')
    .select('seq')
    .where('kind', '=', 'custody.admitted')
    .where('person_id', '=', placed[11]!.personId)
    .executeTakeFirstOrThrow();
  await correct(
    db,
    {
      corrects: admitted.seq,
      reason: 'Error de transcripción del nombre',
      changes: { person: { givenNames: 'José Ignacio' } },
    },
    'records',
  );
  await transfer(
    db,
    { personIds: [placed[20]!.personId, placed[21]!.personId], toFacility: 'SUR', reason: 'Descongestión' },
    'records',
  );
}
