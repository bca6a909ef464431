import type { Profile } from '../profile.js';

/**
 * The international floor: the UN Standard Minimum Rules for the Treatment of Prisoners (the Nelson
 * Mandela Rules, A/RES/70/175, 2015), with the ICRC space standard and the Human Rights Committee's
 * reading of "promptly" in ICCPR art. 9(3). Where a rule says "at once" or "without delay", the
 * hours below are the system's working limit, not the rule's words.
 */
export const unMandela: Profile = {
  id: 'un-mandela',
  name: {
    es: 'Reglas Mandela (ONU): el piso internacional',
    en: 'UN Nelson Mandela Rules: the international floor',
  },
  sources: [
    'United Nations Standard Minimum Rules for the Treatment of Prisoners (the Nelson Mandela Rules), A/RES/70/175 (2015)',
    'ICCPR art. 9(3); Human Rights Committee, General Comment No. 35 (2014), para. 33',
    'ICRC, Water, sanitation, hygiene and habitat in prisons: supplementary guidance (2012)',
  ],
  deadlines: {
    'detention-hearing': {
      within: { hours: 48 },
      rule: 'un-iccpr-9-3',
      ref: 'ICCPR art. 9(3); Human Rights Committee, General Comment 35, para. 33 (48 hours)',
      severity: 'critical',
    },
    'medical-exam': {
      within: { hours: 24 },
      rule: 'mandela-30',
      ref: 'Mandela Rules, rule 30',
      severity: 'serious',
    },
    'family-notification': {
      within: { hours: 24 },
      rule: 'mandela-68',
      ref: 'Mandela Rules, rules 68-69',
      severity: 'serious',
    },
    'injury-report': {
      within: { hours: 24 },
      rule: 'mandela-34',
      ref: 'Mandela Rules, rule 34',
      severity: 'critical',
    },
    'death-next-of-kin': {
      within: { hours: 24 },
      rule: 'mandela-69',
      ref: 'Mandela Rules, rule 69',
      severity: 'critical',
    },
    'death-authority': {
      within: { hours: 24 },
      rule: 'mandela-71',
      ref: 'Mandela Rules, rule 71',
      severity: 'critical',
    },
    // opens this long before the release date and is due on it; the rules set no figure: three
    // months is the system's working limit
    'release-planning': {
      within: { months: 3 },
      rule: 'mandela-107',
      ref: 'Mandela Rules, rules 107-108: from the beginning of the sentence, and before release, prepare for life after it',
      severity: 'warning',
    },
    // "without delay" (rules 41, 54, 57, 62) and "daily" (rule 46): the hours and days below are the
    // system's working limits, not the rules' words (docs/discipline.md)
    'discipline-notice': {
      within: { hours: 24 },
      rule: 'mandela-41',
      ref: 'Mandela Rules, rule 41(1): informed of the charge without delay, in a language understood',
      severity: 'serious',
    },
    'health-visit': {
      within: { hours: 24 },
      rule: 'mandela-46',
      ref: 'Mandela Rules, rule 46(1): health-care personnel visit people in solitary confinement daily',
      severity: 'critical',
    },
    'complaint-response': {
      within: { days: 30 },
      rule: 'mandela-57',
      ref: 'Mandela Rules, rules 56-57: requests and complaints dealt with promptly and replied to without undue delay (30 days: the system’s working limit)',
      severity: 'serious',
    },
    'rights-information': {
      within: { hours: 24 },
      rule: 'mandela-54',
      ref: 'Mandela Rules, rules 54-55: on admission, written information on rights, the regime, discipline and complaints, in a language understood',
      severity: 'serious',
    },
    'consular-notification': {
      within: { hours: 24 },
      rule: 'mandela-62',
      ref: 'Mandela Rules, rule 62; Vienna Convention on Consular Relations, art. 36(1)(b): told of the right to contact the consul without delay',
      severity: 'serious',
    },
  },
  discipline: {
    isolation: {
      maxDays: 15,
      rule: 'mandela-44',
      ref: 'Mandela Rules, rules 43(1)(b) and 44: solitary confinement for more than 15 consecutive days is prohibited',
      severity: 'critical',
    },
  },
  segregation: { maxDays: 15, rule: 'mandela-44', ref: 'Mandela Rules, rules 43-44', severity: 'critical' },
  regime: {
    openAir: { minMinutes: 60, rule: 'mandela-23', ref: 'Mandela Rules, rule 23', severity: 'serious' },
    visits: { rule: 'mandela-58', ref: 'Mandela Rules, rule 58', severity: 'serious' },
    lights: { rule: 'mandela-43', ref: 'Mandela Rules, rule 43(1)(c)', severity: 'serious' },
    legalAdviser: { rule: 'mandela-61', ref: 'Mandela Rules, rule 61', severity: 'serious' },
  },
  space: {
    sharedM2: 3.4,
    singleM2: 5.4,
    standard: 'ICRC (2012)',
    rule: 'mandela-13',
    ref: 'Mandela Rules, rule 13; ICRC (2012): 3.4 m² a person in shared cells, 5.4 m² single',
    severity: 'serious',
  },
  dailyLife: {
    solitary: {
      minOutOfCellMinutes: 120,
      maxDays: 15,
      rule: 'mandela-44',
      ref: 'Mandela Rules, rules 43-44: 22 hours or more a day without meaningful human contact, for more than 15 consecutive days',
      severity: 'critical',
    },
    activities: {
      rule: 'mandela-4',
      ref: 'Mandela Rules, rules 4, 96 and 104: work, education, vocational training and programmes for reintegration',
      severity: 'serious',
    },
  },
  singleCells: { rule: 'mandela-12', ref: 'Mandela Rules, rule 12', severity: 'serious' },
  separation: { rule: 'mandela-11', ref: 'Mandela Rules, rule 11', severity: 'serious' },
  releaseOverdue: {
    rule: 'release-overdue',
    ref: 'ICCPR art. 9(1) (no one deprived of liberty except on grounds and procedures established by law); the sentence’s release date',
    severity: 'critical',
  },
};
