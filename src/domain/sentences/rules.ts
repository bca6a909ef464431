/**
 * The rules of the sentence calculator, each with its id and its source (docs/sentences.md says
 * what each source's text says and where it was read). A step of an explanation names one of these.
 */
export interface SentenceRule {
  id: string;
  source: string;
}

const rule = (id: string, source: string): SentenceRule => ({ id, source });

export const SENTENCE_RULES = {
  length: rule(
    'sentence-length',
    'Código Penal art. 26 (a temporal sentence runs from the arrest); counting convention: start + years, then months, then days, a month past its end keeping the last day',
  ),
  credit: rule(
    'cl-cpp-348',
    'Código Procesal Penal art. 348 (the judgment credits days of detention and pretrial detention); Código Penal art. 26',
  ),
  pretrial: rule(
    'sentence-pretrial-credit',
    'Código Penal art. 26; Código Procesal Penal art. 348: the days this custody held the person as detained or in pretrial detention before the sentence',
  ),
  reduction: rule(
    'cl-ley-19856',
    'Ley 19.856 (reducción de condena por comportamiento sobresaliente), art. 2',
  ),
  consecutive: rule('sentence-consecutive', 'Código Penal art. 74 (sentences served one after another)'),
  concurrent: rule('sentence-concurrent', 'Concurrent sentences: the person is held until the latest ends'),
  release: rule('release-date', 'The first day on which the person is no longer held under the sentence'),
  paroleThreshold: rule(
    'cl-dl321-2-threshold',
    'Decreto Ley 321 (libertad condicional), art. 2 (as substituted by Ley 21.124): sentences of more than one year',
  ),
  paroleHalf: rule(
    'cl-dl321-2',
    'Decreto Ley 321, art. 2 No. 1 (as substituted by Ley 21.124): half of the sentence',
  ),
  paroleTwoThirds: rule(
    'cl-dl321-3',
    'Decreto Ley 321, art. 3 (as amended by Leyes 21.124 and 21.627): two thirds for the crimes it lists',
  ),
  paroleForty: rule(
    'cl-dl321-3-forty-years',
    'Decreto Ley 321, art. 3 inc. 4: sentences adding up to 40 years or more may apply after 20 years',
  ),
  paroleLife: rule(
    'cl-dl321-3-life',
    'Decreto Ley 321, art. 3 inc. 1-2; Código Penal art. 32 bis: 20 years of a life sentence, 40 of a qualified life sentence',
  ),
  paroleChain: rule(
    'sentence-parole-chain',
    'Contested reading: the fraction of each sentence on its own length (default) or the strictest fraction for the whole chain (a profile setting)',
  ),
  sundayLeave: rule(
    'cl-ds518-sunday-leave',
    'Decreto 518 (Reglamento de Establecimientos Penitenciarios), arts. 96 and 103: Sunday leave from 12 months before the parole date',
  ),
  noLeave: rule(
    'cl-cp-32bis',
    'Código Penal art. 32 bis rule 2: a qualified life sentence bars every leave that means release',
  ),
} as const;
