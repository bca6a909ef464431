import { type FormEvent, type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Body, post, type Schema } from '../../api';
import { Loading, ProblemView, useGet } from '../../components/status';
import { formatDate, number } from '../../format';
import { useSession } from '../../session';
import { dateIn } from '../../zoned';
import type { PageProps } from '..';
import { PersonPicker } from '../visits/PersonPicker';
import { fullName, mayWrite } from '../visits/visits';
import { useSend } from '../visits/WriteForm';
import {
  blockDays,
  blockOf,
  type Exception,
  exceptionsFor,
  OPEN_AIR_FLOOR,
  QUICK_MINUTES,
  TIME_KINDS,
  type TimeKind,
  unitTimeBody,
} from './open-air';
import '../visits/visits.css';

/**
 * `#/open-air`: every block's open air and time out of cell on a day, with the people who did not
 * get it; recorded for one block or every block in a few clicks, exceptions optional.
 */
export function OpenAir(_props: PageProps) {
  const { t, i18n } = useTranslation('openAir');
  const { facility, me } = useSession();
  const writer = mayWrite(me.roles, 'openAir');
  const code = facility?.code ?? '';
  const tz = facility?.timezone ?? 'UTC';
  const lang = i18n.language;
  const [input, setInput] = useState(() => dateIn(Date.now(), tz));
  const [date, setDate] = useState(input);
  const [kind, setKind] = useState<TimeKind>('open-air');
  const [minutes, setMinutes] = useState('60');
  const [exceptions, setExceptions] = useState<Exception[]>([]);
  /** the names of people excepted from this page, for the day's table */
  const [names, setNames] = useState<Map<string, string>>(() => new Map());
  const roll = useGet('/facilities/{code}/roll', code ? { params: { path: { code } } } : null, false);
  const day = useGet(
    '/facilities/{code}/open-air',
    code ? { params: { path: { code }, query: { date } } } : null,
    false,
  );
  const units = roll.data?.facility === code ? roll.data.units : [];
  const blocks = units.filter((u) => !u.parent).map((u) => u.code);
  const byBlock = useMemo(() => blockDays(day.data, units), [day.data, units]);
  const send = useSend();
  const n = (x: number) => number(x, lang);

  const show = (e: FormEvent) => {
    e.preventDefault();
    setDate(input);
  };
  const field = (s: string | undefined) => {
    const head = s?.split(/[./[]/)[0];
    return head === 'minutes'
      ? t('form.minutes')
      : head === 'unit'
        ? t('table.block')
        : head === 'date'
          ? t('form.date')
          : head === 'exceptions'
            ? t('form.exceptions')
            : null;
  };
  const path = kind === 'open-air' ? '/facilities/{code}/open-air' : '/facilities/{code}/time-out-of-cell';
  const recordFor = (which: string[]) =>
    void send.run(
      async () => {
        const done: ReactNode[] = [];
        for (const block of which) {
          // the minutes as typed: the server checks them
          const body = unitTimeBody(block, date, minutes, exceptionsFor(block, exceptions));
          const r = await post(path, { params: { path: { code } }, body: body as Body<typeof path> });
          done.push(
            <li key={block}>
              {t('done.one', {
                kind: t(`kind.${kind}`),
                block,
                minutes: n(r.minutes),
                total: n(r.totalMinutes ?? r.minutes),
              })}
            </li>,
          );
        }
        return (
          <div className="ok">
            <p>{t('done.title', { count: which.length, date: formatDate(date, lang) })}</p>
            <ul>{done}</ul>
          </div>
        );
      },
      () => {
        setNames(
          (m) => new Map([...m, ...exceptions.map((e) => [e.personId, e.name ?? e.personId] as const)]),
        );
        setExceptions([]);
        day.reload();
      },
    );

  return (
    <section className="open-air">
      <h1>{t('title', { facility: facility?.name ?? code })}</h1>
      <p className="muted">{t('intro')}</p>
      <form className="row" onSubmit={show} noValidate>
        <label>
          {t('form.date')}
          <input
            type="date"
            value={input}
            onChange={(e) => setInput(e.target.value)}
            data-testid="open-air-date"
          />
        </label>
        <button type="submit">{t('form.show')}</button>
      </form>
      {writer ? (
        <div className="daily-grid">
          <fieldset className="action-form" data-testid="open-air-form">
            <legend>{t('form.title')}</legend>
            <fieldset className="quick">
              <legend>{t('form.kind')}</legend>
              {TIME_KINDS.map((k) => (
                <label key={k} className="check">
                  <input type="radio" name="time-kind" checked={kind === k} onChange={() => setKind(k)} />
                  {t(`kind.${k}`)}
                </label>
              ))}
            </fieldset>
            <div className="quick">
              <label>
                {t('form.minutes')}
                <input
                  type="number"
                  min={0}
                  max={1440}
                  inputMode="numeric"
                  value={minutes}
                  onChange={(e) => setMinutes(e.target.value)}
                  data-testid="open-air-minutes"
                />
              </label>
              {QUICK_MINUTES.map((m) => (
                <button
                  key={m}
                  type="button"
                  className="secondary"
                  aria-pressed={minutes === String(m)}
                  onClick={() => setMinutes(String(m))}
                >
                  {t('form.quick', { minutes: m })}
                </button>
              ))}
            </div>
            <Exceptions facility={code} exceptions={exceptions} setExceptions={setExceptions} units={units} />
            <div className="row">
              <button
                type="button"
                disabled={send.busy || !blocks.length}
                onClick={() => recordFor(blocks)}
                data-testid="record-every-block"
              >
                {t('form.everyBlock', { kind: t(`kind.${kind}`), count: blocks.length })}
              </button>
            </div>
            <div role="status" data-testid="open-air-result">
              {send.busy ? t('form.busy') : send.done}
            </div>
            <ProblemView error={send.error} field={field} />
          </fieldset>
        </div>
      ) : (
        <p className="muted">{t('readOnly')}</p>
      )}
      <ProblemView error={roll.error ?? day.error} />
      {!roll.data || !day.data ? (
        roll.error || day.error ? null : (
          <Loading />
        )
      ) : (
        <>
          <p role="status" data-testid="open-air-short">
            {day.data.short.count
              ? t('table.shortCount', {
                  count: day.data.short.count,
                  n: n(day.data.short.count),
                  min: day.data.minMinutes,
                })
              : t('table.noneShort', { min: day.data.minMinutes })}
          </p>
          <table data-testid="open-air-day" aria-busy={day.loading || undefined}>
            <caption>{t('table.caption', { date: formatDate(date, lang) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('table.block')}</th>
                <th scope="col">{t('table.people')}</th>
                <th scope="col">{t('kind.open-air')}</th>
                <th scope="col">{t('kind.time-out-of-cell')}</th>
                <th scope="col">{t('table.exceptions')}</th>
                <th scope="col">{t('table.short', { min: day.data.minMinutes })}</th>
                <th scope="col">{t('table.record')}</th>
              </tr>
            </thead>
            <tbody>
              {blocks.map((b) => {
                const d = byBlock.get(b);
                const people = units.find((u) => u.code === b)?.inCustody ?? 0;
                const air = d?.openAir ?? null;
                const mins = (x: number | null) =>
                  x === null ? t('table.nothing') : t('table.minutes', { minutes: n(x) });
                return (
                  <tr key={b} data-block={b}>
                    <th scope="row">{b}</th>
                    <td>{n(people)}</td>
                    <td
                      data-testid="open-air-total"
                      className={air !== null && air < OPEN_AIR_FLOOR ? 'short' : undefined}
                    >
                      {mins(air)}
                      {d?.below ? ` ${t('table.below', { count: d.below })}` : ''}
                    </td>
                    <td>{mins(d?.outOfCell ?? null)}</td>
                    <td>
                      {d?.exceptions.length
                        ? d.exceptions
                            .map((e) => `${names.get(e.personId) ?? e.personId} (${e.reason})`)
                            .join('; ')
                        : '—'}
                    </td>
                    <td>
                      {!d
                        ? '—'
                        : d.cut
                          ? d.short
                            ? t('table.atLeast', { n: n(d.short) })
                            : '—'
                          : n(d.short)}
                    </td>
                    <td>
                      {writer ? (
                        <button
                          type="button"
                          className="secondary"
                          disabled={send.busy}
                          onClick={() => recordFor([b])}
                        >
                          {t('table.recordFor', { block: b, minutes })}
                        </button>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

/** People of the facility who did not get the time (refused, in hospital, in court), each with the reason. */
function Exceptions({
  facility,
  exceptions,
  setExceptions,
  units,
}: {
  facility: string;
  exceptions: Exception[];
  setExceptions(f: (e: Exception[]) => Exception[]): void;
  units: { code: string; parent: string | null }[];
}) {
  const { t } = useTranslation('openAir');
  const [person, setPerson] = useState<Schema<'PersonFound'> | null>(null);
  const [reason, setReason] = useState('');
  const add = () => {
    if (!person || !reason.trim()) return;
    const e: Exception = {
      personId: person.personId,
      reason: reason.trim(),
      name: fullName(person),
      block: blockOf(person.cell, units),
    };
    setExceptions((xs) => [...xs.filter((x) => x.personId !== e.personId), e]);
    setPerson(null);
    setReason('');
  };
  return (
    <fieldset>
      <legend>{t('form.exceptions')}</legend>
      <PersonPicker
        facility={facility}
        label={t('form.person')}
        chosen={person}
        onChoose={setPerson}
        testId="exception-person"
      />
      <div className="row">
        <label>
          {t('form.reason')}
          <input value={reason} onChange={(e) => setReason(e.target.value)} data-testid="exception-reason" />
        </label>
        <button type="button" className="secondary" disabled={!person || !reason.trim()} onClick={add}>
          {t('form.add')}
        </button>
      </div>
      {exceptions.length ? (
        <ul data-testid="exceptions">
          {exceptions.map((e) => (
            <li key={e.personId}>
              {t('form.exception', { name: e.name ?? e.personId, block: e.block ?? '—', reason: e.reason })}{' '}
              <button
                type="button"
                className="secondary"
                onClick={() => setExceptions((xs) => xs.filter((x) => x.personId !== e.personId))}
              >
                {t('form.remove', { name: e.name ?? e.personId })}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted hint">{t('form.noExceptions')}</p>
      )}
    </fieldset>
  );
}
