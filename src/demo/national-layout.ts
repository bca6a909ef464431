import { fakerES_MX as faker } from '@faker-js/faker';
import type { UnitInput } from '../domain/facility/units.js';
import type { FacilityInput } from '../store/facilities.js';

/** A synthetic national prison system: one maximum-security mega-prison, some large ones, many small. */
export interface NationalFacility {
  input: FacilityInput;
  sex: 'male' | 'female';
  /** share of the national population it is built for */
  share: number;
}

export const NATIONAL_TIMEZONE = 'America/Santiago';
const CELLS_PER_BLOCK = 40;

/**
 * `places`: the design places of the whole system. Blocks alternate between the untried (detained and
 * pretrial) and the sentenced, as Mandela Rule 11 asks; one facility in twelve holds women.
 */
export function nationalFacilities(count: number, places: number, rnd: () => number): NationalFacility[] {
  faker.seed(Math.floor(rnd() * 2 ** 31));
  const weights = Array.from({ length: count }, (_, i) => (i === 0 ? 12 : i < 10 ? 3.5 : 0.5 + rnd()));
  const sum = weights.reduce((s, w) => s + w, 0);
  const cities = new Set<string>();
  return weights.map((w, i) => {
    const share = w / sum;
    const mega = i === 0 && count > 1;
    const sex = count > 1 && i % 12 === 1 ? 'female' : 'male';
    const code = `CP-${String(i + 1).padStart(3, '0')}`;
    let city = faker.location.city();
    for (let k = 0; cities.has(city) && k < 20; k++) city = faker.location.city();
    cities.add(city);
    const name = mega
      ? 'Centro Nacional de Máxima Seguridad (sintético)'
      : `${sex === 'female' ? 'Centro Penitenciario Femenino' : 'Centro Penitenciario'} de ${city} (sintético)`;
    const target = Math.max(8, Math.round(places * share));
    const units: UnitInput[] = [];
    let made = 0;
    for (let b = 1; made < target; b++) {
      const sentenced = b % 2 === 0;
      const cells: UnitInput[] = [];
      for (let c = 1; c <= CELLS_PER_BLOCK && made < target; c++) {
        const design = mega ? 80 : 2 + Math.floor(rnd() * 7);
        made += design;
        cells.push({
          code: `M${b}-C${String(c).padStart(3, '0')}`,
          kind: 'cell',
          capacity: { design, operational: Math.ceil(design * 1.4) },
          areaM2: mega ? 100 : Math.round(design * 4.5 + rnd() * 3),
          attributes: design <= 2 ? ['double'] : ['dormitory'],
        });
      }
      units.push({
        code: `M${b}`,
        kind: 'block',
        accepts: { sexes: [sex], statuses: [sentenced ? 'sentenced' : 'untried'] },
        children: cells,
      });
    }
    // a facility of one block still takes both: make the second
    if (units.length === 1) {
      const first = units[0]!;
      units.push({
        code: 'M2',
        kind: 'block',
        accepts: { sexes: [sex], statuses: ['sentenced'] },
        children: (first.children ?? []).map((c) => ({ ...c, code: c.code.replace(/^M1-/, 'M2-') })),
      });
    }
    return {
      input: { code, name, timezone: NATIONAL_TIMEZONE, jurisdiction: 'CL', units },
      sex,
      share,
    };
  });
}
