import { randomUUID } from 'node:crypto';
import {
  type AdmissionInput,
  type CheckedAdmission,
  checkAdmission,
  checkLegalBasis,
  isInputViolation,
  type LegalBasisInput,
} from '../domain/custody/admission.js';
import type { PlacementRequest } from '../domain/housing/model.js';
import { fieldPath, RuleError, type Violation } from '../domain/violation.js';
import { beforeStay, endStays, requireOpenCustody } from './custody-state.js';
import type { Db } from './db.js';
import { addOccupants, facilityRow, timeAt } from './facilities.js';
import { allocateInto, housingViolations, knownGroups } from './housing.js';
import { appendEvents, type NewEvent, type WriteOptions, withRegister } from './register.js';
import { admissionDuties, cancelDuties, openDuties } from './safeguards/duties.js';

export interface Placement {
  personId: string;
  custodyId: string;
  cell: string;
}

/**
 * Thrown at the very end of a dry run, inside the transaction, so that it rolls back: every check,
 * the allocator and every write ran as for real, and none of it stays. Carries what would have been
 * recorded. Private to this module: it never leaves `admit`.
 */
class DryRun extends Error {
  constructor(readonly placements: Placement[]) {
    super('dry run: rolled back');
    this.name = 'DryRun';
  }
}

const throwIfAny = (violations: Violation[]) => {
  if (!violations.length) return;
  throw new RuleError(violations.some(isInputViolation) ? 400 : 409, violations);
};

/**
 * Admits a batch of people into one facility: all or nothing. Every violation in the batch is
 * collected before refusing. `subject` names each item in violations (`admissions[3]`, or `` for a
 * single admission). `dryRun`: do everything, then roll the transaction back (nothing is recorded,
 * the register head lock is let go) and answer the placements it would have made; a refusal is
 * thrown exactly as for real.
 */
export async function admit(
  db: Db,
  facility: string,
  inputs: AdmissionInput[],
  actor: string,
  opts: { now?: Date; subject?: (i: number) => string; dryRun?: boolean } = {},
): Promise<Placement[]> {
  const now = opts.now ?? new Date();
  const subject = opts.subject ?? ((i: number) => `admissions[${i}]`);
  return withRegister(db, async (trx) => {
    const f = await facilityRow(trx, facility);
    const violations: Violation[] = [];
    const checked: CheckedAdmission[] = [];
    inputs.forEach((input, i) => {
      const r = checkAdmission(input, now, f.timezone, subject(i));
      violations.push(...r.violations);
      if (r.admission) checked[i] = r.admission;
    });

    // Who is already known: by person id, or by national id (one file follows a person).
    const givenIds = [...new Set(inputs.map((x) => x.personId).filter((x): x is string => !!x))];
    const nationalIds = [
      ...new Set(inputs.map((x) => x.person.nationalId?.trim()).filter((x): x is string => !!x)),
    ];
    const known = await trx
      .selectFrom('person')
      .select(['id', 'national_id', 'date_of_birth'])
      .where((eb) =>
        eb.or([
          eb('id', 'in', givenIds.length ? givenIds : ['']),
          eb('national_id', 'in', nationalIds.length ? nationalIds : ['']),
        ]),
      )
      .execute();
    const byId = new Map(known.map((p) => [p.id, p]));
    const byNationalId = new Map(known.filter((p) => p.national_id).map((p) => [p.national_id!, p]));
    const personIds: (string | null)[] = inputs.map((input, i) => {
      if (input.personId) {
        if (!byId.has(input.personId)) {
          violations.push({
            rule: 'invalid-field',
            subject: fieldPath(subject(i), 'personId'),
            params: { field: fieldPath(subject(i), 'personId'), problem: `unknown person ${input.personId}` },
          });
          return null;
        }
        return input.personId;
      }
      const nid = input.person.nationalId?.trim();
      const match = nid ? byNationalId.get(nid) : undefined;
      if (!match) return null;
      if (match.date_of_birth !== input.person.dateOfBirth) {
        violations.push({
          rule: 'national-id-conflict',
          subject: fieldPath(subject(i), 'person.nationalId'),
          params: { nationalId: nid },
        });
        return null;
      }
      return match.id;
    });
    const seen = new Set<string>();
    const newNationalIds = new Set<string>();
    personIds.forEach((id, i) => {
      const key = id ?? inputs[i]!.person.nationalId?.trim();
      if (!key) return;
      const batch = id ? seen : newNationalIds;
      if (batch.has(key))
        violations.push({ rule: 'duplicate-in-batch', subject: subject(i), params: { person: key } });
      batch.add(key);
    });
    const existing = [...seen];
    if (existing.length) {
      const history = await trx
        .selectFrom('custody')
        .select(['person_id', 'facility_code', 'released_at'])
        .where('person_id', 'in', existing)
        .execute();
      const lastRelease = new Map<string, Date>();
      for (const h of history) {
        if (h.released_at === null) {
          const i = personIds.indexOf(h.person_id);
          violations.push({
            rule: 'already-in-custody',
            subject: subject(i),
            params: { person: h.person_id, facility: h.facility_code },
          });
        } else if (!lastRelease.has(h.person_id) || lastRelease.get(h.person_id)! < h.released_at) {
          lastRelease.set(h.person_id, h.released_at);
        }
      }
      personIds.forEach((id, i) => {
        const released = id ? lastRelease.get(id) : undefined;
        const a = checked[i];
        if (released && a && a.admittedAt < released) {
          violations.push({
            rule: 'overlapping-custody',
            subject: fieldPath(subject(i), 'admittedAt'),
            params: { at: a.admittedAt.toISOString(), releasedAt: released.toISOString() },
          });
        }
      });
    }

    // Groups must be known: a misspelt gang name would silently escape the rivalry rules.
    const groupCodes = [...new Set(checked.flatMap((a) => a?.groups ?? []))];
    const knownGroup = await knownGroups(trx, groupCodes);
    checked.forEach((a, i) => {
      a?.groups.forEach((g, k) => {
        if (!knownGroup.has(g))
          violations.push({
            rule: 'unknown-group',
            subject: fieldPath(subject(i), `groups[${k}]`),
            params: { group: g },
          });
      });
    });

    // Housing: explicit cells are checked, the rest allocated, by the same rules.
    const keyOf = (i: number) => personIds[i] ?? `admission:${i}`;
    const items = checked.flatMap((a, i) => (a ? [{ a, i }] : []));
    const requests: PlacementRequest[] = items.map(({ a, i }) => ({
      id: keyOf(i),
      sex: a.person.sex,
      untried: a.status !== 'sentenced',
      young: a.young,
      securityLevel: a.securityLevel,
      groups: a.groups,
      needs: a.needs,
      ...(a.cell ? { cell: a.cell } : {}),
    }));
    const { housing, result } = await allocateInto(
      trx,
      facility,
      requests,
      personIds.filter((id): id is string => !!id),
    );
    if (!result.ok) {
      const itemOf = new Map(items.map(({ i }) => [keyOf(i), i]));
      const label = (id: string) => {
        const i = itemOf.get(id);
        if (i === undefined) return id;
        const p = inputs[i]!.person;
        return `${subject(i) ? `${subject(i)}: ` : ''}${p.givenNames} ${p.familyNames}`;
      };
      violations.push(
        ...housingViolations(
          result.violations,
          facility,
          (id, rule) => {
            const i = itemOf.get(id);
            if (i === undefined) return undefined;
            if (rule === 'unknown-cell') return fieldPath(subject(i), 'cell');
            // a single admission names the field at fault: its explicit cell
            return subject(i) || (inputs[i]!.cell ? 'cell' : '');
          },
          label,
        ),
      );
    }
    throwIfAny(violations);
    items.forEach(({ a }, k) => {
      a.cell = result.cells[k]!;
    });
    const placements: Placement[] = checked.map((a, i) => ({
      personId: personIds[i] ?? randomUUID(),
      custodyId: randomUUID(),
      cell: a.cell!,
    }));
    const events: NewEvent[] = checked.map((a, i) => ({
      kind: 'custody.admitted',
      effectiveAt: a.admittedAt,
      personId: placements[i]!.personId,
      facility,
      payload: {
        custodyId: placements[i]!.custodyId,
        newPerson: personIds[i] === null,
        person: a.person,
        legalBasis: a.legalBasis,
        status: a.status,
        securityLevel: a.securityLevel,
        groups: a.groups,
        needs: a.needs,
        injuries: a.injuries,
        cell: a.cell!,
      },
    }));
    const stored = await appendEvents(trx, actor, events, now);

    const fresh = checked.map((a, i) => ({ a, i })).filter(({ i }) => personIds[i] === null);
    for (let k = 0; k < fresh.length; k += 1000) {
      await trx
        .insertInto('person')
        .values(
          fresh.slice(k, k + 1000).map(({ a, i }) => ({
            id: placements[i]!.personId,
            given_names: a.person.givenNames,
            family_names: a.person.familyNames,
            date_of_birth: a.person.dateOfBirth,
            sex: a.person.sex,
            national_id: a.person.nationalId,
            created_seq: stored[i]!.seq,
          })),
        )
        .execute();
    }
    for (let k = 0; k < checked.length; k += 1000) {
      const idx = checked.slice(k, k + 1000).map((_, j) => k + j);
      await trx
        .insertInto('custody')
        .values(
          idx.map((i) => {
            const a = checked[i]!;
            return {
              id: placements[i]!.custodyId,
              person_id: placements[i]!.personId,
              facility_code: facility,
              status: a.status,
              security_level: a.securityLevel,
              groups: a.groups,
              legal_basis: JSON.stringify(a.legalBasis),
              admitted_at: a.admittedAt,
              admitted_seq: stored[i]!.seq,
              cell_id: housing.cellId.get(a.cell!)!,
              released_at: null,
              released_seq: null,
              release_reason: null,
              needs: a.needs,
              young: a.young,
              injuries: a.injuries,
            };
          }),
        )
        .execute();
      await trx
        .insertInto('stay')
        .values(
          idx.map((i) => ({
            person_id: placements[i]!.personId,
            custody_id: placements[i]!.custodyId,
            facility_code: facility,
            unit_id: housing.cellId.get(checked[i]!.cell!)!,
            during: `[${checked[i]!.admittedAt.toISOString()},)`,
            start_seq: stored[i]!.seq,
            end_seq: null,
          })),
        )
        .execute();
    }
    await openDuties(
      trx,
      checked.flatMap((a, i) =>
        admissionDuties({
          personId: placements[i]!.personId,
          custodyId: placements[i]!.custodyId,
          facility,
          seq: stored[i]!.seq,
          admittedAt: a.admittedAt,
          status: a.status,
          legalBasis: a.legalBasis,
          injuries: a.injuries,
        }),
      ),
    );
    const delta = new Map<number, number>();
    for (const a of checked) {
      const id = housing.cellId.get(a.cell!)!;
      delta.set(id, (delta.get(id) ?? 0) + 1);
    }
    await addOccupants(trx, delta);
    if (opts.dryRun) throw new DryRun(placements);
    return placements;
  }).catch((err: unknown) => {
    // the transaction has rolled back and its connection is released by now
    if (err instanceof DryRun) return err.placements;
    throw err;
  });
}

export interface ReleaseInput {
  personId: string;
  reason: string;
  legalBasis?: LegalBasisInput | null;
  releasedAt?: string;
}

/** Releases a person from custody, closing their stay; the roll before `releasedAt` still counts them. */
export async function release(db: Db, input: ReleaseInput, actor: string, opts: WriteOptions = {}) {
  const now = opts.now ?? new Date();
  return withRegister(db, async (trx) => {
    const c = await requireOpenCustody(trx, input.personId);
    opts.authorize?.(c.facility);
    const { at, facility: f } = await timeAt(trx, c.facility, input.releasedAt, now, 'releasedAt');
    const violations: Violation[] = [];
    const lb = checkLegalBasis(input.legalBasis, at, f.timezone, 'legalBasis');
    violations.push(...lb.violations);
    violations.push(...beforeStay(c, at, 'releasedAt'));
    throwIfAny(violations);
    const [ev] = await appendEvents(
      trx,
      actor,
      [
        {
          kind: 'custody.released',
          effectiveAt: at,
          personId: input.personId,
          facility: c.facility,
          payload: {
            custodyId: c.custodyId,
            reason: input.reason,
            legalBasis: lb.legalBasis,
            cell: c.cell,
          },
        },
      ],
      now,
    );
    await trx
      .updateTable('custody')
      .set({ released_at: at, released_seq: ev!.seq, release_reason: input.reason })
      .where('id', '=', c.custodyId)
      .execute();
    await endStays(trx, [{ custodyId: c.custodyId, seq: ev!.seq }], at);
    await cancelDuties(trx, [c.custodyId], at, ev!.seq);
    await addOccupants(trx, new Map([[c.cellId, -1]]));
    return {
      personId: input.personId,
      custodyId: c.custodyId,
      facility: c.facility,
      releasedAt: at.toISOString(),
      seq: ev!.seq,
    };
  });
}
