/** A small valid projection scenario (a few hundred people, a year, a surge of arrests). */
export const smallScenario = () => ({
  id: 'small',
  name: { es: 'Recinto pequeño', en: 'Small facility' },
  start: '2026-01',
  months: 12,
  initial: { detained: 10, pretrial: 120, sentenced: 300 },
  capacity: 450,
  admissionsPerMonth: 40,
  transitions: {
    detainedToPretrial: 0.6,
    detainedToReleased: 0.3,
    pretrialToSentenced: 0.05,
    pretrialToReleased: 0.03,
  },
  pretrialLimitMonths: null,
  sentenceBands: [
    { label: '<1y', share: 0.4, minMonths: 1, maxMonths: 11 },
    { label: '1-5y', share: 0.6, minMonths: 12, maxMonths: 60 },
  ],
  levers: [{ kind: 'arrest-surge', from: '2026-03', months: 3, factor: 2, label: 'Operativo' }],
  runs: 10,
  seed: 7,
  sources: [{ what: 'synthetic', publisher: 'Custodia tests', date: '2026-01-01' }],
});
