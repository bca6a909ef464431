import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Me, post, setCsrf } from '../api';
import { ProblemView } from '../components/status';

export function SignIn({ onSignedIn }: { onSignedIn(me: Me): void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    try {
      // the form's inputs: text, never a file
      const r = await post('/auth/login', {
        body: { username: form.get('username') as string, password: form.get('password') as string },
      });
      setCsrf(r.csrfToken);
      onSignedIn(r.user);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" className="signin">
      <form onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">{t('signIn.title')}</h1>
        <label>
          {t('signIn.username')}
          <input name="username" autoComplete="username" required />
        </label>
        <label>
          {t('signIn.password')}
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <button type="submit" disabled={busy}>
          {t('signIn.submit')}
        </button>
        <ProblemView error={error} />
      </form>
      <p className="muted">{t('signIn.synthetic')}</p>
    </main>
  );
}
