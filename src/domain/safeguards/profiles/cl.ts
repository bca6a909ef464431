import type { Profile } from '../profile.js';

/** Chile: Código Procesal Penal (arts. 131 and 145). Other national rules await verified sources. */
export const cl: Profile = {
  id: 'cl',
  name: { es: 'Chile', en: 'Chile' },
  jurisdiction: 'CL',
  sources: [
    'Código Procesal Penal, arts. 131 and 145',
    'Decreto Ley 321 (libertad condicional), Ley 19.856, Decreto 518 (docs/sentences.md)',
  ],
  sentences: {
    chainFraction: 'per-sentence',
    ref: 'Decreto Ley 321, arts. 2-3: the fraction of each sentence on its own length (the contested reading applies the strictest to the chain)',
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
