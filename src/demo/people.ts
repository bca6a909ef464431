import { fakerES_MX as faker } from '@faker-js/faker';
import type { AdmissionInput, Status } from '../domain/custody/admission.js';
import { seeded } from './facilities.js';

/**
 * Synthetic people only: names from faker's es_MX locale, ids made up and checked for uniqueness.
 * No cells: the allocator houses them, as it would real admissions.
 */
export interface DemoAdmissionOptions {
  count: number;
  now: Date;
  seed: number;
  /** earliest admission */
  since: Date;
  statusMix: [Status, number][];
  idFormat: 'dui' | 'rut';
  issuedBy: Record<Status, string>;
  ageRange: [number, number];
}

const DAY = 86_400_000;

export function rutCheckDigit(n: number): string {
  let sum = 0;
  let mul = 2;
  for (const d of String(n).split('').reverse()) {
    sum += Number(d) * mul;
    mul = mul === 7 ? 2 : mul + 1;
  }
  const r = 11 - (sum % 11);
  return r === 11 ? '0' : r === 10 ? 'K' : String(r);
}

export function demoAdmissions(o: DemoAdmissionOptions): AdmissionInput[] {
  faker.seed(o.seed);
  const rnd = seeded(o.seed);
  const ids = new Set<string>();
  const out: AdmissionInput[] = [];
  const span = o.now.getTime() - o.since.getTime();
  for (let k = 0; k < o.count; k++) {
    const r = rnd();
    let acc = 0;
    let status: Status = o.statusMix[0]![0];
    for (const [s, w] of o.statusMix) {
      acc += w;
      if (r < acc) {
        status = s;
        break;
      }
    }
    // the recently arrested came in the last two weeks; the others over the whole period
    const admittedMs =
      status === 'detained' ? o.now.getTime() - rnd() * 14 * DAY : o.since.getTime() + rnd() * span * 0.98;
    const admitted = new Date(Math.floor(admittedMs / 1000) * 1000);
    const age = o.ageRange[0] + rnd() * (o.ageRange[1] - o.ageRange[0]);
    const dob = new Date(admitted.getTime() - age * 365.25 * DAY).toISOString().slice(0, 10);
    let nationalId: string;
    do {
      const n = 1_000_000 + Math.floor(rnd() * 28_000_000);
      nationalId =
        o.idFormat === 'rut' ? `${n}-${rutCheckDigit(n)}` : `${String(n).padStart(8, '0')}-${n % 10}`;
    } while (ids.has(nationalId));
    ids.add(nationalId);
    const issued = new Date(admitted.getTime() - Math.floor(rnd() * 36) * 3600_000);
    const year = admitted.getUTCFullYear();
    const kind =
      status === 'detained' ? 'arrest' : status === 'pretrial' ? 'pretrial-detention-order' : 'sentence';
    out.push({
      person: {
        givenNames: `${faker.person.firstName('male')}${rnd() < 0.6 ? ` ${faker.person.firstName('male')}` : ''}`,
        familyNames: `${faker.person.lastName()} ${faker.person.lastName()}`,
        dateOfBirth: dob,
        sex: 'male',
        nationalId,
      },
      legalBasis: {
        kind,
        reference: `${kind === 'arrest' ? 'DET' : kind === 'sentence' ? 'SENT' : 'PP'}-${year}-${String(k + 1).padStart(6, '0')}`,
        issuedBy: o.issuedBy[status],
        issuedAt: issued.toISOString(),
      },
      status,
      securityLevel: rnd() < 0.7 ? 'maximum' : 'high',
      admittedAt: admitted.toISOString(),
    });
  }
  return out;
}
