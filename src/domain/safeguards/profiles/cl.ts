import type { Profile } from '../profile.js';

/**
 * Chile: Código Procesal Penal (arts. 131 and 145); Decreto 518 (visits, docs/daily-life.md). Other
 * national rules await verified sources.
 */
export const cl: Profile = {
  id: 'cl',
  name: { es: 'Chile', en: 'Chile' },
  jurisdiction: 'CL',
  sources: [
    'Código Procesal Penal, arts. 131 and 145',
    'Decreto Ley 321 (libertad condicional), Ley 19.856, Decreto 518 (docs/sentences.md)',
    'Decreto 518, art. 49 (visitas ordinarias), as summarised by http://leasur.cl/acerca-de-las-visitas-en-el-regimen-penitenciario (docs/daily-life.md)',
  ],
  sentences: {
    chainFraction: 'per-sentence',
    ref: 'Decreto Ley 321, arts. 2-3: the fraction of each sentence on its own length (the contested reading applies the strictest to the chain)',
  },
  dailyLife: {
    // Source: Decreto 518 art. 49 as reported by a stored secondary text (Leasur); the article itself
    // was not read (docs/daily-life.md, "The law").
    visits: {
      perWeek: 1,
      minMinutes: 120,
      maxVisitors: 5,
      rule: 'cl-ds518-49',
      ref: 'Decreto 518, art. 49: visitas ordinarias una vez por semana, mínimo dos horas, hasta cinco personas a la vez (not verified against the text)',
      severity: 'serious',
    },
  },
  deadlines: {
    'detention-hearing': {
      within: { hours: 24 },
      rule: 'cl-cpp-131',
      ref: 'Código Procesal Penal, art. 131: ante el juez dentro de 24 horas',
      severity: 'critical',
    },
    'pretrial-review': {
      within: { months: 6 },
      rule: 'cl-cpp-145',
      ref: 'Código Procesal Penal, art. 145: revisión de la prisión preventiva cada 6 meses',
      severity: 'serious',
    },
  },
};
