import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading, ProblemView, useGet } from '../../components/status';
import { formatDate, number } from '../../format';
import { useSession } from '../../session';
import { CreditFormView, ReductionFormView, SentenceFormView } from './SentenceForms';
import { canSentence, lengthWords, type SentenceView } from './sentence';

/**
 * A person's sentence and release dates: the release date, parole eligibility and Sunday leave, the
 * days credited and reduced, their sentences, and every step of the calculation with its rule and
 * source. Those who may record sentences (records, governors) get the forms, for a person in custody.
 */
export function ReleaseDates({
  personId,
  inCustody,
  onChanged,
}: {
  personId: string;
  /** the person is held now (a sentence is recorded only for a custody that is open) */
  inCustody: boolean;
  /** after a write: the record reloads too (its timeline shows the new event) */
  onChanged(): void;
}) {
  const { t, i18n } = useTranslation('sentences');
  const { me } = useSession();
  const lang = i18n.language;
  // a read the access log records: not repeated for a language switch (the steps then say so)
  const { data, error, reload } = useGet(
    '/people/{personId}/release-dates',
    { params: { path: { personId } } },
    false,
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: the language the steps were asked in, as they arrive
  const stepsLang = useMemo(() => i18n.language, [data]);
  const sentences = data?.sentences ?? [];
  const life = sentences.some((s) => s.life);
  const date = (d: string | null) => formatDate(d, lang);
  const days = (n: number) => t('dates.days', { count: n, n: number(n, lang) });
  const changed = () => {
    reload();
    onChanged();
  };

  return (
    <section aria-labelledby="person-sentences" data-testid="release-dates">
      <h2 id="person-sentences">{t('section.title')}</h2>
      {!data ? (
        error ? (
          <ProblemView error={error} />
        ) : (
          <Loading />
        )
      ) : !sentences.length ? (
        <p data-testid="no-sentence">{t('section.none')}</p>
      ) : (
        <>
          <ProblemView error={error} />
          <dl className="facts release-facts" data-testid="release-facts">
            <dt>{t('dates.release')}</dt>
            <dd data-testid="release-date">
              {data.releaseDate ? date(data.releaseDate) : life ? t('dates.life') : '—'}
            </dd>
            <dt>{t('dates.parole')}</dt>
            <dd data-testid="parole-date">
              {date(data.paroleEligibilityDate)}
              {data.legalLimits?.paroleAfterTwentyYears ? (
                <small className="law-note">
                  {' '}
                  {t('dates.fortyYears', { date: date(data.legalLimits.paroleAfterTwentyYears) })}
                </small>
              ) : null}
            </dd>
            <dt>{t('dates.sundayLeave')}</dt>
            <dd data-testid="sunday-leave-date">
              {date(data.sundayLeaveDate)}
              {data.legalLimits?.noLeave ? <small className="law-note"> {t('dates.noLeave')}</small> : null}
            </dd>
            <dt>{t('dates.credited')}</dt>
            <dd>{days(data.creditedDays)}</dd>
            <dt>{t('dates.reduced')}</dt>
            <dd>{days(data.reducedDays)}</dd>
          </dl>

          <h3 id="person-sentence-list">{t('table.title')}</h3>
          <SentenceTable sentences={sentences} />

          <h3 id="person-steps">{t('steps.title')}</h3>
          {stepsLang !== lang ? (
            <p className="muted">
              {t('steps.otherLanguage')}{' '}
              <button type="button" className="secondary" onClick={reload}>
                {t('steps.reload')}
              </button>
            </p>
          ) : null}
          <ol className="release-steps" aria-labelledby="person-steps" data-testid="release-steps">
            {data.steps.map((s, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the steps are in order, stable within one answer
              <li key={i} data-rule={s.rule}>
                <span lang={stepsLang}>{s.text}</span>{' '}
                <small className="muted">
                  {t('steps.rule', { rule: s.rule })} — {s.source}
                </small>
              </li>
            ))}
          </ol>
        </>
      )}

      {data && inCustody && canSentence(me) ? (
        <>
          <h3 id="person-sentence-forms">{t('forms.title')}</h3>
          <div className="action-forms">
            <SentenceFormView personId={personId} sentences={sentences} onDone={changed} />
            {sentences.length ? (
              <>
                <CreditFormView sentences={sentences} onDone={changed} />
                <ReductionFormView sentences={sentences} onDone={changed} />
              </>
            ) : null}
          </div>
        </>
      ) : null}
    </section>
  );
}

/** The sentences: case, court, imposition, length in words, category, relation, start, days, release. */
function SentenceTable({ sentences }: { sentences: SentenceView[] }) {
  const { t, i18n } = useTranslation('sentences');
  const lang = i18n.language;
  const caseOf = (id: string) => sentences.find((s) => s.sentenceId === id)?.caseReference ?? id;
  return (
    <div className="table-scroll">
      <table data-testid="sentences">
        <caption className="visually-hidden">{t('table.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('table.case')}</th>
            <th scope="col">{t('table.court')}</th>
            <th scope="col">{t('table.imposed')}</th>
            <th scope="col">{t('table.length')}</th>
            <th scope="col">{t('table.category')}</th>
            <th scope="col">{t('table.relation')}</th>
            <th scope="col">{t('table.start')}</th>
            <th scope="col" className="num">
              {t('table.credited')}
            </th>
            <th scope="col" className="num">
              {t('table.reduced')}
            </th>
            <th scope="col">{t('table.release')}</th>
          </tr>
        </thead>
        <tbody>
          {sentences.map((s) => (
            <tr key={s.sentenceId} data-sentence={s.sentenceId}>
              <th scope="row">
                {s.caseReference}
                {s.corrected ? <small className="muted"> ({t('table.corrected')})</small> : null}
              </th>
              <td>{s.court ?? '—'}</td>
              <td>{formatDate(s.imposedAt, lang)}</td>
              <td>{lengthWords(s.length, t, lang)}</td>
              <td>{s.offenceCategory ? t(`category.${s.offenceCategory}`) : '—'}</td>
              <td>{s.relation ? t(`relation.${s.relation.kind}`, { case: caseOf(s.relation.to) }) : '—'}</td>
              <td>{formatDate(s.startDate, lang)}</td>
              <td className="num">{number(s.creditedDays, lang)}</td>
              <td className="num">{number(s.reducedDays, lang)}</td>
              <td>{s.releaseDate ? formatDate(s.releaseDate, lang) : s.life ? t('dates.life') : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
