import type { Profile } from '../profile.js';

/** Chile: Código Procesal Penal (arts. 131 and 145). Other national rules await verified sources. */
export const cl: Profile = {
  id: 'cl',
  name: { es: 'Chile', en: 'Chile' },
  jurisdiction: 'CL',
  sources: ['Código Procesal Penal, arts. 131 and 145'],
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
