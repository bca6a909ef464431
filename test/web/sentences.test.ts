import { describe, expect, it } from 'vitest';
import sentences from '../../web/src/locales/sentences.js';
import {
  creditBody,
  EMPTY_SENTENCE,
  fieldOf,
  invalidFields,
  lengthParts,
  lengthWords,
  reductionBody,
  sentenceBody,
} from '../../web/src/pages/people/sentence.js';
import { addDays, dateIn } from '../../web/src/zoned.js';

const form = (extra: Partial<typeof EMPTY_SENTENCE>) => ({ ...EMPTY_SENTENCE, ...extra });

/** A stand-in for i18next's t over the sentences namespace: plurals by count, as i18next picks them. */
const tIn =
  (lang: 'es' | 'en') =>
  (key: string, opts: { count?: number } = {}): string => {
    const path = key.replace(/^sentences:/, '').split('.');
    let node: unknown = sentences[lang];
    for (const p of path.slice(0, -1)) node = (node as Record<string, unknown>)[p];
    const last = path.at(-1)!;
    const leaf = node as Record<string, string>;
    const text =
      opts.count === undefined
        ? leaf[last]
        : (leaf[`${last}_${opts.count === 1 ? 'one' : 'other'}`] ?? leaf[last]);
    return (text ?? key).replace('{{count}}', String(opts.count));
  };

describe('the sentence form’s request', () => {
  it('a temporal sentence: the parts typed, as numbers; a relation only when chosen', () => {
    expect(
      sentenceBody(
        'p-1',
        form({
          caseReference: ' RIT-100-2025 ',
          court: ' TOP de Santiago ',
          imposedAt: '2026-01-15',
          years: '5',
          days: ' 10 ',
        }),
      ),
    ).toEqual({
      personId: 'p-1',
      caseReference: 'RIT-100-2025',
      court: 'TOP de Santiago',
      imposedAt: '2026-01-15',
      length: { years: 5, days: 10 },
      offenceCategory: 'general',
    });
    const chained = sentenceBody(
      'p-1',
      form({ months: '6', relationKind: 'consecutive', relationTo: 's-0', offenceCategory: 'dl321-art3' }),
    );
    expect(chained).toMatchObject({
      length: { months: 6 },
      offenceCategory: 'dl321-art3',
      relation: { kind: 'consecutive', to: 's-0' },
    });
  });

  it('nothing typed is a length of zero, and a number typed wrong goes as written (the server refuses both in words)', () => {
    expect(sentenceBody('p-1', form({})).length).toEqual({ years: 0, months: 0, days: 0 });
    expect(sentenceBody('p-1', form({ years: '2.5' })).length).toEqual({ years: '2.5' });
  });

  it('a life sentence, simple or qualified, whatever the years typed', () => {
    expect(sentenceBody('p-1', form({ lengthKind: 'life-simple', years: '3' })).length).toEqual({
      life: 'simple',
    });
    expect(sentenceBody('p-1', form({ lengthKind: 'life-qualified' })).length).toEqual({ life: 'qualified' });
  });

  it('a credit and a reduction', () => {
    expect(
      creditBody({
        sentenceId: 's',
        from: '2025-01-01',
        to: '2025-01-31',
        kind: 'detention',
        reference: ' P-1 ',
      }),
    ).toEqual({ from: '2025-01-01', to: '2025-01-31', kind: 'detention', reference: 'P-1' });
    expect(reductionBody({ sentenceId: 's', days: '60', grantedAt: '2026-03-01', reference: 'D-2' })).toEqual(
      {
        days: 60,
        grantedAt: '2026-03-01',
        reference: 'D-2',
      },
    );
  });
});

describe('the field a refusal names', () => {
  it('maps the server’s subjects to the form’s fields', () => {
    expect(fieldOf('sentence', 'relation.to')).toBe('relationTo');
    expect(fieldOf('sentence', 'length.months')).toBe('months');
    expect(fieldOf('sentence', 'imposedAt')).toBe('imposedAt');
    expect(fieldOf('credit', 'to')).toBe('to');
    expect(fieldOf('reduction', 'grantedAt')).toBe('grantedAt');
    expect(fieldOf('reduction', 'to')).toBeNull();
    expect(fieldOf('sentence', undefined)).toBeNull();
  });

  it('a length refused as a whole marks its years, months and days', () => {
    expect([...invalidFields('sentence', [{ subject: 'length' }, { subject: 'court' }])].sort()).toEqual([
      'court',
      'days',
      'months',
      'years',
    ]);
    expect([...invalidFields('credit', [{ subject: 'to' }, {}])]).toEqual(['to']);
  });
});

describe('a length in words', () => {
  it('the parts that are not zero, in order; a life sentence by its kind', () => {
    expect(lengthParts({ years: 5, months: 0, days: 3 })).toEqual([
      { key: 'length.years', count: 5 },
      { key: 'length.days', count: 3 },
    ]);
    expect(lengthParts({ life: 'qualified' })).toEqual([{ key: 'length.life.qualified' }]);
    expect(lengthParts({})).toEqual([{ key: 'length.none' }]);
    expect(lengthParts(null)).toEqual([]);
  });

  it('joined as the language joins a list', () => {
    expect(lengthWords({ years: 5, months: 1 }, tIn('es'), 'es')).toBe('5 años y 1 mes');
    expect(lengthWords({ years: 1, months: 2, days: 3 }, tIn('en'), 'en')).toBe(
      '1 year, 2 months, and 3 days',
    );
    expect(lengthWords({ life: 'simple' }, tIn('es'), 'es')).toBe('Presidio perpetuo simple');
    expect(lengthWords(null, tIn('en'), 'en')).toBe('—');
  });
});

describe('the strings', () => {
  it('both languages have the same keys', () => {
    const keys = (o: unknown, p = ''): string[] =>
      Object.entries(o as Record<string, unknown>).flatMap(([k, v]) =>
        typeof v === 'object' ? keys(v, `${p}${k}.`) : [`${p}${k}`.replace(/_(one|many|other)$/, '')],
      );
    expect([...new Set(keys(sentences.es))].sort()).toEqual([...new Set(keys(sentences.en))].sort());
  });
});

describe('the releases due page’s dates', () => {
  it('today in the facility’s calendar, and a week on', () => {
    // 2026-03-01 02:00 UTC is still 28 February in Santiago (-03:00)
    expect(dateIn(Date.parse('2026-03-01T02:00:00Z'), 'America/Santiago')).toBe('2026-02-28');
    expect(dateIn(Date.parse('2026-03-01T02:00:00Z'), 'UTC')).toBe('2026-03-01');
    expect(addDays('2026-02-28', 7)).toBe('2026-03-07');
    expect(addDays('2028-02-25', 7)).toBe('2028-03-03');
    expect(addDays('2026-02-30', 1)).toBeNull();
  });
});
