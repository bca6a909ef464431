import type { Profile } from '../profile.js';

/**
 * Chile: Código Procesal Penal (arts. 131 and 145); Decreto 518 (visits, docs/daily-life.md; discipline,
 * docs/discipline.md). Other national rules await verified sources.
 */
export const cl: Profile = {
  id: 'cl',
  name: { es: 'Chile', en: 'Chile' },
  jurisdiction: 'CL',
  sources: [
    'Código Procesal Penal, arts. 131 and 145',
    'Decreto Ley 321 (libertad condicional), Ley 19.856, Decreto 518 (docs/sentences.md)',
    'Decreto 518, art. 49 (visitas ordinarias), as summarised by http://leasur.cl/acerca-de-las-visitas-en-el-regimen-penitenciario (docs/daily-life.md)',
    'Decreto 518 (Reglamento de Establecimientos Penitenciarios), arts. 77-78 (faltas disciplinarias), as quoted by https://www.tododefensa.cl/impugnacion-sanciones (docs/discipline.md)',
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
  // Decreto 518, Título IV (docs/discipline.md, "The law"). Only what was read is here: art. 77 (three
  // grades) and art. 78 a)-d), four of the faltas graves, in the decree's words as quoted by a stored
  // page. No `catalogue` rule: the list is incomplete (art. 78 goes on past d, and arts. 79-80 were not
  // read), so a charge under another offence of the decree must not be a finding. No `sanctions` and no
  // `isolation`: art. 81 (the sanctions and their days), art. 82 (which grade each answers) and the
  // isolation cell's maximum (10 days, by press reports only) were not read; the floor's sanction kinds
  // and its 15 days (mandela-44) apply until they are.
  discipline: {
    offences: [
      {
        code: 'cl-78-a',
        severity: 'grave',
        name: {
          es: 'Agresión, amenaza o coacción a cualquier persona, dentro o fuera del establecimiento',
          en: 'Assault, threat or coercion against anyone, inside or outside the facility',
        },
      },
      {
        code: 'cl-78-b',
        severity: 'grave',
        name: {
          es: 'Resistencia activa a las órdenes de una autoridad o funcionario en el ejercicio legítimo de sus atribuciones',
          en: 'Active resistance to the orders of an authority or officer acting within their lawful powers',
        },
      },
      {
        code: 'cl-78-c',
        severity: 'grave',
        name: {
          es: 'Participación en motines, huelgas de hambre o desórdenes colectivos, o su instigación cuando se producen',
          en: 'Taking part in riots, hunger strikes or collective disorder, or instigating them when they take place',
        },
      },
      {
        code: 'cl-78-d',
        severity: 'grave',
        name: {
          es: 'Intento, colaboración o consumación de la fuga',
          en: 'Attempted, assisted or completed escape',
        },
      },
    ],
    conductRecord: {
      ref: 'Decreto 518: a single individual file opened on admission records, among other data, conduct and follows the person to every facility (as quoted by tododefensa.cl); conduct is graded periodically and a proved disciplinary offence can lower the grade, which weighs on parole (Supreme Court, 2022, as reported by diarioconstitucional.cl). Secondary: the articles on the Tribunal de Conducta were not read',
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
