import type { UnitInput } from '../domain/facility/units.js';
import type { FacilityInput } from '../store/facilities.js';

/**
 * CECOT as reported (Tecoluca, El Salvador, opened 2023): 8 modules of 32 cells, about 100 m² and
 * 80 bunks each; the operational capacity is the government's claim (~40,000 places, 156 a cell).
 */
export function cecot(): FacilityInput {
  const units: UnitInput[] = [];
  for (let b = 1; b <= 8; b++) {
    const cells: UnitInput[] = [];
    for (let c = 1; c <= 32; c++) {
      cells.push({
        code: `M${b}-C${String(c).padStart(2, '0')}`,
        kind: 'cell',
        capacity: { design: 80, operational: 156 },
        areaM2: 100,
        attributes: ['dormitory'],
      });
    }
    units.push({ code: `M${b}`, kind: 'block', children: cells });
  }
  return {
    code: 'CECOT',
    name: 'Centro de Confinamiento del Terrorismo (según lo informado)',
    timezone: 'America/El_Salvador',
    jurisdiction: 'SV',
    units,
  };
}

/** A deterministic pseudo-random sequence (mulberry32) for demo layouts. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Chilean remand centre (synthetic): 4 blocks of 30 cells of 2 to 6 places, about 4.5 m² a place. */
export function chileanRemandCentre(seed = 56): FacilityInput {
  const rnd = seeded(seed);
  const units: UnitInput[] = [];
  for (const block of ['A', 'B', 'C', 'D']) {
    const cells: UnitInput[] = [];
    for (let c = 1; c <= 30; c++) {
      const design = 2 + Math.floor(rnd() * 5);
      cells.push({
        code: `${block}-${String(c).padStart(2, '0')}`,
        kind: 'cell',
        capacity: { design, operational: design + 2 },
        areaM2: Math.round(design * 4.5 + rnd() * 2),
        attributes: design <= 2 ? ['double'] : ['dormitory'],
      });
    }
    units.push({ code: `CL-${block}`, kind: 'block', children: cells });
  }
  return {
    code: 'CDP-SUR',
    name: 'Centro de Detención Preventiva Sur (demostración)',
    timezone: 'America/Santiago',
    jurisdiction: 'CL',
    units,
  };
}
