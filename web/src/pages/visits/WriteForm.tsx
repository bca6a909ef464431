import { type FormEvent, type ReactNode, useState } from 'react';
import { ApiError, type Problem } from '../../api';
import { ProblemView } from '../../components/status';

/** A write's state: while sent, its outcome in words, or its refusal. */
export function useSend() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<ReactNode>(null);
  /** runs `send`; its answer (words) is shown, and `after` runs once it succeeded */
  const run = async (send: () => Promise<ReactNode>, after?: () => void) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      setDone(await send());
      after?.();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const reset = () => {
    setError(null);
    setDone(null);
  };
  return { busy, error, done, run, reset };
}

/** The violations of a refusal (none when the error is not one). */
export const violationsOf = (error: unknown): NonNullable<Problem['violations']> =>
  error instanceof ApiError ? (error.problem.violations ?? []) : [];

/**
 * A form that writes: a title, its fields (`children`), a submit button that says when it is sent,
 * then the outcome or the refusal in words, each refused field named by its label (`field`).
 */
export function WriteForm(props: {
  id: string;
  title: string;
  submit: string;
  busyText: string;
  children: ReactNode;
  send: ReturnType<typeof useSend>;
  field?: (subject: string | undefined) => string | null;
  extra?: ReactNode;
  onSubmit(): void;
}) {
  const { id, title, submit, busyText, children, send, field, extra, onSubmit } = props;
  const go = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <form className="action-form" onSubmit={go} aria-labelledby={`${id}-title`} noValidate data-testid={id}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
      <div className="row">
        <button type="submit" disabled={send.busy}>
          {send.busy ? busyText : submit}
        </button>
        {extra}
      </div>
      <div role="status" data-testid={`${id}-result`}>
        {send.done}
      </div>
      <ProblemView error={send.error} field={field} />
    </form>
  );
}
