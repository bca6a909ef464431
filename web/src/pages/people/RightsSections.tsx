import { useTranslation } from 'react-i18next';
import type { Schema } from '../../api';
import { href } from '../../router';
import { RecordTable, type TimeIn } from './sections';

/**
 * The record's discipline (each charge with its state and sanctions, linked to its page; the conduct
 * record where the profile keeps one) and requests and complaints (a confidential one only to
 * inspectors: the server leaves it out for anyone else). Words in web/src/locales/rights-timeline.ts.
 */
export function RecordRights({ p, time }: { p: Schema<'PersonFile'>; time: TimeIn }) {
  const { t } = useTranslation('people');
  const d = p.discipline;
  const sanctions = (xs: { kind: string; days: number | null; quashedAt?: string | null }[]) =>
    xs.length
      ? xs
          .map((s) =>
            [
              t(`rightsSanction.${s.kind}`, { defaultValue: s.kind }),
              s.days === null ? '' : ` (${t('rightsRecord.days', { count: s.days })})`,
              s.quashedAt ? ` — ${t('rightsRecord.quashed')}` : '',
            ].join(''),
          )
          .join('; ')
      : '—';
  return (
    <>
      {d ? (
        <RecordTable
          id="person-discipline"
          title={t('rightsRecord.discipline')}
          caption={t('rightsRecord.disciplineCaption')}
          testId="person-charges"
          columns={[
            t('rightsRecord.chargedAt'),
            t('rightsRecord.offence'),
            t('rightsRecord.status'),
            t('rightsRecord.sanctions'),
          ]}
          rows={d.charges}
          row={(c) => (
            <tr key={c.chargeId} data-charge={c.chargeId}>
              <td>{time(c.chargedAt, c.facility)}</td>
              <td>
                <a href={href('discipline', c.chargeId)}>{c.offence.code}</a> (
                {t(`rightsSeverity.${c.offence.severity}`, { defaultValue: c.offence.severity })}):{' '}
                {c.offence.description}
              </td>
              <td>{t(`rightsStatus.${c.status}`, { defaultValue: c.status })}</td>
              <td>{sanctions(c.sanctions)}</td>
            </tr>
          )}
          none={t('record.none')}
        />
      ) : null}
      {d?.conductRecord ? (
        <p data-testid="person-conduct">{t('rightsRecord.conduct', { count: d.conductRecord.length })}</p>
      ) : null}
      {p.complaints ? (
        <RecordTable
          id="person-complaints"
          title={t('rightsRecord.complaints')}
          caption={t('rightsRecord.complaintsCaption')}
          testId="person-complaints"
          columns={[
            t('rightsRecord.receivedAt'),
            t('rightsRecord.subject'),
            t('rightsRecord.addressee'),
            t('rightsRecord.answer'),
          ]}
          rows={p.complaints}
          row={(c) => (
            <tr key={c.complaintId} data-complaint={c.complaintId}>
              <td>{time(c.receivedAt, c.facility)}</td>
              <td>
                <a href={href('complaints', c.complaintId)}>{c.subject}</a>
                {c.confidential ? ` — ${t('rightsRecord.confidential')}` : ''}
              </td>
              <td>{t(`rightsAddressee.${c.addressee}`, { defaultValue: c.addressee })}</td>
              <td>
                {c.response
                  ? t('rightsRecord.answered', { at: time(c.response.respondedAt, c.facility) })
                  : t('rightsRecord.due', { at: time(c.responseDue, c.facility) })}
              </td>
            </tr>
          )}
          none={t('record.none')}
        />
      ) : null}
    </>
  );
}
