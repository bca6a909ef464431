import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post, type Schema } from '../../api';
import { ProblemView, useGet } from '../../components/status';
import { useSession } from '../../session';
import { moveBody, moved, moveTargets, transferBody, transferred } from './actions';

/**
 * A form that changes a custody (a move, a transfer): where to, given by `children`, and a reason;
 * while sent the button says so, then the outcome or the refusal in words. `send` makes the request
 * and answers the message of its success; `onDone` follows a success.
 */
function ActionForm({
  name,
  children,
  send,
  onDone,
}: {
  name: 'move' | 'transfer';
  children: ReactNode;
  send(reason: string): Promise<string>;
  onDone(): void;
}) {
  const { t } = useTranslation('people');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      setDone(await send(reason));
      setReason('');
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="action-form"
      onSubmit={submit}
      aria-labelledby={`${name}-title`}
      noValidate
      data-testid={`${name}-form`}
    >
      <h3 id={`${name}-title`}>{t(`${name}.title`)}</h3>
      {children}
      <label>
        {t(`${name}.reason`)}
        <input value={reason} onChange={(e) => setReason(e.target.value)} required name="reason" />
      </label>
      <div>
        <button type="submit" disabled={busy}>
          {busy ? t(`${name}.busy`) : t(`${name}.submit`)}
        </button>
      </div>
      <div role="status" data-testid={`${name}-result`}>
        {done ? <p className="ok">{done}</p> : null}
      </div>
      <ProblemView error={error} />
    </form>
  );
}

interface Props {
  personId: string;
  custody: Schema<'PersonFile'>['custodies'][number];
  onDone(): void;
}

/** To another cell of the same facility: its cells offered, with their vacancies. */
export function MoveForm({ personId, custody, onDone }: Props) {
  const { t } = useTranslation('people');
  const [toCell, setToCell] = useState('');
  const roll = useGet('/facilities/{code}/roll', { params: { path: { code: custody.facility } } });
  const cells = moveTargets(roll.data?.units ?? [], custody.cell);
  const listId = useId();
  const hintId = useId();
  const send = async (reason: string) => {
    const r = await post('/moves', { body: moveBody(personId, toCell, reason) });
    return t('move.done', moved(r, custody));
  };
  return (
    <ActionForm
      name="move"
      send={send}
      onDone={() => {
        setToCell('');
        onDone();
      }}
    >
      <label>
        {t('move.toCell')}
        <input
          value={toCell}
          onChange={(e) => setToCell(e.target.value)}
          list={listId}
          aria-describedby={hintId}
          required
          autoComplete="off"
          name="toCell"
        />
      </label>
      <span id={hintId} className="muted hint">
        {t('move.toCellHint', { facility: custody.facility, example: cells[0]?.code ?? custody.cell ?? '' })}
      </span>
      <datalist id={listId}>
        {cells.map((u) => (
          <option key={u.code} value={u.code}>
            {t('move.vacancies', { cell: u.code, count: u.vacancies })}
          </option>
        ))}
      </datalist>
    </ActionForm>
  );
}

/** To another facility of the user's: the allocator chooses the cell there. */
export function TransferForm({ personId, custody, onDone }: Props) {
  const { t } = useTranslation('people');
  const { facilities } = useSession();
  const others = facilities.filter((f) => f.code !== custody.facility);
  const [toFacility, setToFacility] = useState('');
  const send = async (reason: string) => {
    const r = await post('/transfers', { body: transferBody(personId, toFacility, reason) });
    return t('transfer.done', transferred(r, personId, toFacility));
  };
  return (
    <ActionForm
      name="transfer"
      send={send}
      onDone={() => {
        setToFacility('');
        onDone();
      }}
    >
      {others.length ? null : <p className="muted">{t('transfer.noOther')}</p>}
      <label>
        {t('transfer.toFacility')}
        <select value={toFacility} onChange={(e) => setToFacility(e.target.value)} required name="toFacility">
          <option value="">{t('transfer.choose')}</option>
          {others.map((f) => (
            <option key={f.code} value={f.code}>
              {f.code} — {f.name}
            </option>
          ))}
        </select>
      </label>
    </ActionForm>
  );
}
