import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Me, setCsrf } from './api';
import { Loading } from './components/status';
import { setLanguage } from './i18n';
import { pages } from './pages';
import { SignIn } from './pages/SignIn';
import { href, useRoute } from './router';
import { SessionProvider, useSession } from './session';

export function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  useEffect(() => {
    // a session cookie from an earlier visit: the server says who, and hands the CSRF token again
    api<Me>('/auth/me').then(
      (m) => {
        setCsrf(m.csrfToken ?? null);
        setMe(m);
      },
      () => setMe(null),
    );
  }, []);
  if (me === undefined) return <Loading />;
  if (me === null)
    return (
      <>
        <LanguageSwitch />
        <SignIn onSignedIn={setMe} />
      </>
    );
  return (
    <SessionProvider me={me} onSignedOut={() => setMe(null)}>
      <Shell />
    </SessionProvider>
  );
}

function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <label className="lang">
      {t('language')}{' '}
      <select value={i18n.language} onChange={(e) => setLanguage(e.target.value as 'es' | 'en')}>
        <option value="es">Español</option>
        <option value="en">English</option>
      </select>
    </label>
  );
}

const NAV = ['dashboard', 'roll', 'people', 'admit', 'compliance', 'audit'] as const;

function Shell() {
  const { t } = useTranslation();
  const { me, facilities, facility, setFacility, signOut } = useSession();
  const route = useRoute();
  const page = (route[0] ?? 'dashboard') as string;
  const Page = pages[page] ?? pages.dashboard!;
  let content: ReactNode = <Loading />;
  if (facility || page === 'people' || page === 'audit') content = <Page route={route} />;
  return (
    <>
      <a className="skip" href="#main">
        {t('skip')}
      </a>
      <header>
        <strong className="brand">{t('appName')}</strong>
        <nav aria-label={t('appName')}>
          {NAV.map((n) => (
            <a key={n} href={href(n)} aria-current={page === n ? 'page' : undefined}>
              {t(`nav.${n}`)}
            </a>
          ))}
        </nav>
        <label>
          {t('facility')}{' '}
          <select value={facility?.code ?? ''} onChange={(e) => setFacility(e.target.value)}>
            {facilities.map((f) => (
              <option key={f.code} value={f.code}>
                {f.code} — {f.name}
              </option>
            ))}
          </select>
        </label>
        <LanguageSwitch />
        <span className="muted">{t('signedInAs', { user: me.username, roles: me.roles.join(', ') })}</span>
        <button type="button" onClick={() => void signOut()}>
          {t('signOut')}
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {content}
      </main>
    </>
  );
}
