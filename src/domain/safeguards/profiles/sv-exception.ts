import type { Profile } from '../profile.js';

/**
 * El Salvador under the state of exception since 27 March 2022, as reported: administrative
 * detention up to 15 days before a judge (Constitution art. 29, suspended guarantees) and pretrial
 * detention up to 24 months in grouped prosecutions. It adds rules; the floor still applies.
 */
export const svException: Profile = {
  id: 'sv-exception',
  name: {
    es: 'El Salvador, régimen de excepción (según lo informado)',
    en: 'El Salvador, state of exception (as reported)',
  },
  jurisdiction: 'SV',
  sources: [
    'Constitución de la República, art. 29; Decreto Legislativo 333 (2022), prorrogado mensualmente',
    'Reformas procesales de 2022 (según lo informado)',
  ],
  deadlines: {
    'detention-hearing': {
      within: { days: 15 },
      rule: 'sv-const-29',
      ref: 'Constitución, art. 29 bajo régimen de excepción: hasta 15 días de detención administrativa',
      severity: 'critical',
    },
    'pretrial-review': {
      within: { months: 24 },
      rule: 'sv-pretrial-24m',
      ref: 'Reformas de 2022: detención provisional hasta 24 meses (procesos colectivos), según lo informado',
      severity: 'serious',
    },
  },
};
