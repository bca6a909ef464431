import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schema } from '../../api';

type PersonFile = Schema<'PersonFile'>;

import { href } from '../../router';

/** Times of a facility, in its zone. */
export type TimeIn = (iso: string | null | undefined, facility: string | null | undefined) => string;

/** The record's tables: non-associations, duties, incidents and, when more than one, custodies. */
export function RecordHistories({
  p,
  time,
  facility,
}: {
  p: PersonFile;
  time: TimeIn;
  /** the facility of the custody shown (its zone, for times about the person in general) */
  facility: string | undefined;
}) {
  const { t } = useTranslation('people');
  return (
    <>
      <RecordTable
        id="person-na"
        title={t('record.nonAssociations')}
        caption={t('record.nonAssociationsCaption')}
        testId="non-associations"
        columns={[
          t('record.other'),
          t('record.scope'),
          t('record.reason'),
          t('record.details'),
          t('record.openedAt'),
          t('record.closedAt'),
        ]}
        rows={p.nonAssociations}
        row={(n) => (
          <tr key={n.id}>
            <td>
              <a href={href('people', n.other)}>
                <code>{n.other}</code>
              </a>
            </td>
            <td>{t(`scope.${n.scope}`, { defaultValue: n.scope })}</td>
            <td>{t(`naReason.${n.reason}`, { defaultValue: n.reason })}</td>
            <td>{n.details ?? '—'}</td>
            <td>{time(n.openedAt, facility)}</td>
            <td>
              {n.closedAt
                ? `${time(n.closedAt, facility)}${n.closeReason ? ` — ${n.closeReason}` : ''}`
                : t('record.open')}
            </td>
          </tr>
        )}
        none={t('record.none')}
      />

      <RecordTable
        id="person-duties"
        title={t('record.duties')}
        caption={t('record.dutiesCaption')}
        testId="duties"
        columns={[
          t('record.duty'),
          t('record.facility'),
          t('record.since'),
          t('record.due'),
          t('record.dutyStatus'),
          t('record.doneAt'),
          t('record.note'),
        ]}
        rows={p.duties}
        row={(d) => {
          const overdue = d.status === 'open' && d.due.some((x) => Date.parse(x.dueAt) < Date.now());
          const status = overdue ? 'overdue' : d.status;
          return (
            <tr key={d.id} data-duty={d.kind}>
              <td>{t(`dutyKind.${d.kind}`, { defaultValue: d.kind })}</td>
              <td>{d.facility}</td>
              <td>{time(d.since, d.facility)}</td>
              <td>
                {d.due.length ? (
                  <ul className="plain">
                    {d.due.map((x) => (
                      <li key={`${x.profile}:${x.rule}`}>
                        {t('record.dueLine', {
                          profile: x.profile,
                          ref: x.ref,
                          dueAt: time(x.dueAt, d.facility),
                        })}
                      </li>
                    ))}
                  </ul>
                ) : (
                  '—'
                )}
              </td>
              <td>
                <span className={`duty-status duty-${status}`}>{t(`dutyStatus.${status}`)}</span>
              </td>
              <td>{time(d.doneAt, d.facility)}</td>
              <td>{d.restricted?.length ? t('record.restricted') : (d.note ?? '—')}</td>
            </tr>
          );
        }}
        none={t('record.none')}
      />

      <RecordTable
        id="person-incidents"
        title={t('record.incidents')}
        caption={t('record.incidentsCaption')}
        testId="incidents"
        columns={[
          t('record.occurredAt'),
          t('record.incidentKind'),
          t('record.facility'),
          t('record.unit'),
          t('record.forceUsed'),
          t('record.description'),
        ]}
        rows={p.incidents}
        row={(i) => (
          <tr key={i.id}>
            <td>{time(i.occurredAt, i.facility)}</td>
            <td>{t(`incidentKind.${i.kind}`, { defaultValue: i.kind })}</td>
            <td>{i.facility}</td>
            <td>{i.unit ?? '—'}</td>
            <td>{i.forceUsed ? t('record.yes') : t('record.no')}</td>
            <td>{i.description}</td>
          </tr>
        )}
        none={t('record.none')}
      />

      {p.custodies.length > 1 ? (
        <RecordTable
          id="person-custodies"
          title={t('record.custodies')}
          caption={t('record.custodiesCaption')}
          columns={[
            t('record.facility'),
            t('record.status'),
            t('record.admittedAt'),
            t('record.releasedAt'),
            t('record.legalBasis'),
          ]}
          rows={p.custodies}
          row={(x) => (
            <tr key={x.custodyId}>
              <td>{x.facility}</td>
              <td>{t(`status.${x.releasedAt ? 'released' : x.status}`)}</td>
              <td>{time(x.admittedAt, x.facility)}</td>
              <td>{time(x.releasedAt, x.facility)}</td>
              <td>
                {x.legalBasis
                  ? `${t(`legalBasisKind.${x.legalBasis.kind}`, { defaultValue: x.legalBasis.kind })} ${x.legalBasis.reference}`
                  : '—'}
              </td>
            </tr>
          )}
          none={t('record.none')}
        />
      ) : null}
    </>
  );
}

export function LegalBasisFacts({
  basis,
  time,
}: {
  basis: PersonFile['custodies'][number]['legalBasis'];
  time: (iso: string) => string;
}) {
  const { t } = useTranslation('people');
  if (!basis) return <p>{t('record.noLegalBasis')}</p>;
  return (
    <dl className="facts" data-testid="legal-basis">
      <dt>{t('record.legalBasisKind')}</dt>
      <dd>{t(`legalBasisKind.${basis.kind}`, { defaultValue: basis.kind })}</dd>
      <dt>{t('record.reference')}</dt>
      <dd>{basis.reference}</dd>
      <dt>{t('record.issuedBy')}</dt>
      <dd>{basis.issuedBy}</dd>
      <dt>{t('record.issuedAt')}</dt>
      <dd>{time(basis.issuedAt)}</dd>
      {basis.expiresAt ? (
        <>
          <dt>{t('record.expiresAt')}</dt>
          <dd>{time(basis.expiresAt)}</dd>
        </>
      ) : null}
    </dl>
  );
}

/** A section of a person's record: its heading, and a table of its rows or a line saying there are none. */
export function RecordTable<T>(props: {
  id: string;
  title: string;
  caption: string;
  testId?: string;
  columns: string[];
  rows: T[];
  row: (item: T) => ReactNode;
  none: string;
}) {
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      {props.rows.length ? (
        <table data-testid={props.testId}>
          <caption className="visually-hidden">{props.caption}</caption>
          <thead>
            <tr>
              {props.columns.map((c) => (
                <th scope="col" key={c}>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>{props.rows.map(props.row)}</tbody>
        </table>
      ) : (
        <p>{props.none}</p>
      )}
    </section>
  );
}
