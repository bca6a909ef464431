import { useTranslation } from 'react-i18next';
import type { Schema } from '../../api';
import { eventParts, type Label, type Param, type Part, type TimelineEntry } from './event-parts';
import type { TimeIn } from './sections';
import { lengthWords } from './sentence';

/** Every register event about the person, oldest first, each in its facility's time zone. */
export function Timeline({
  p,
  time,
  zones,
  fallback,
}: {
  p: Schema<'PersonFile'>;
  time: TimeIn;
  /** the zones the times are in, in words */
  zones: string;
  /** the facility whose zone an event without one is shown in */
  fallback: string | undefined;
}) {
  const { t } = useTranslation('people');
  return (
    <section aria-labelledby="person-timeline">
      <h2 id="person-timeline">{t('record.timeline')}</h2>
      <p className="muted">{t('record.timeZone', { zone: zones })}</p>
      <table data-testid="timeline">
        <caption className="visually-hidden">{t('record.timelineCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('record.seq')}</th>
            <th scope="col">{t('record.time')}</th>
            <th scope="col">{t('record.event')}</th>
            <th scope="col">{t('record.eventFacility')}</th>
            <th scope="col">{t('record.details')}</th>
            <th scope="col">{t('record.actor')}</th>
          </tr>
        </thead>
        <tbody>
          {p.timeline.map((e) => (
            <tr key={e.seq} data-kind={e.kind}>
              <td>{e.seq}</td>
              <td>
                <time dateTime={e.effectiveAt}>{time(e.effectiveAt, e.facility ?? fallback)}</time>
              </td>
              <td>{t(`kinds.${e.kind}`, { defaultValue: t('kindUnknown', { kind: e.kind }) })}</td>
              <td>{e.facility ?? '—'}</td>
              <td>
                <EventDetails e={e} personId={p.personId} />
              </td>
              <td>{e.actor}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** What an event says, in words: the parts of its payload a reader needs (event-parts.ts). */
function EventDetails({ e, personId }: { e: TimelineEntry; personId: string }) {
  const { t, i18n } = useTranslation('people');
  const label = (l: Label) => t(l.key, { defaultValue: l.fallback });
  const value = (x: Param) =>
    typeof x !== 'object' ? x : 'length' in x ? lengthWords(x.length, t, i18n.language) : label(x);
  const say = (part: Part) =>
    'text' in part
      ? part.text
      : 'label' in part
        ? label(part.label)
        : t(part.key, Object.fromEntries(Object.entries(part.params ?? {}).map(([k, x]) => [k, value(x)])));
  return <>{eventParts(e, personId).map(say).join(' · ') || '—'}</>;
}
