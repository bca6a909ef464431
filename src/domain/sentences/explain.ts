import { type Lang, t } from '../messages.js';
import type { Step } from './calculate.js';
import type { TemporalLength } from './sentence.js';

/**
 * A step of an explanation in words (es or en): a length as years, months and days, and the
 * singular where a count is one (`<message>.one`, when the catalogue has it).
 */

const UNITS = {
  es: { years: ['año', 'años'], months: ['mes', 'meses'], days: ['día', 'días'], and: 'y' },
  en: { years: ['year', 'years'], months: ['month', 'months'], days: ['day', 'days'], and: 'and' },
} as const;

/** "3 años, 2 meses y 5 días" / "3 years, 2 months and 5 days". */
export function lengthWords(l: TemporalLength, lang: Lang): string {
  const u = UNITS[lang];
  const parts = (['years', 'months', 'days'] as const)
    .filter((k) => l[k])
    .map((k) => `${l[k]} ${u[k][l[k] === 1 ? 0 : 1]}`);
  if (!parts.length) return `0 ${u.days[1]}`;
  return parts.length === 1
    ? (parts[0] as string)
    : `${parts.slice(0, -1).join(', ')} ${u.and} ${parts.at(-1)}`;
}

/** The words for the kinds a step names (a credit's kind, a life sentence's). */
const KINDS: Record<string, { es: string; en: string }> = {
  detention: { es: 'detención', en: 'detention' },
  'pretrial-detention': { es: 'prisión preventiva', en: 'pretrial detention' },
  'house-arrest': { es: 'arresto domiciliario', en: 'house arrest' },
  simple: { es: 'simple', en: 'simple' },
  qualified: { es: 'calificado', en: 'qualified' },
};
const word = (v: unknown, lang: Lang) => (typeof v === 'string' && KINDS[v] ? KINDS[v][lang] : v);

export function stepText(step: Pick<Step, 'message' | 'params'>, lang: Lang): string {
  const p = step.params;
  const params = {
    ...p,
    ...(p.length && typeof p.length === 'object'
      ? { length: lengthWords(p.length as TemporalLength, lang) }
      : {}),
    ...('kind' in p ? { kind: word(p.kind, lang) } : {}),
    ...('life' in p ? { life: word(p.life, lang) } : {}),
  };
  const one = `${step.message}.one`;
  return t(p.days === 1 && t(one, lang) !== one ? one : step.message, lang, params);
}
