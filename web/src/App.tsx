import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, type Me, SIGNED_OUT, setCsrf } from './api';
import { Loading } from './components/status';
import { setLanguage } from './i18n';
import { pages } from './pages';
import { SignIn } from './pages/SignIn';
import { href, useRoute } from './router';
import { SessionProvider, useSession } from './session';

export function App() {
  const { t } = useTranslation();
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  useEffect(() => {
    // a session cookie from an earlier visit: the server says who, and hands the CSRF token again
    get('/auth/me').then(
      (m) => {
        setCsrf(m.csrfToken ?? null);
        setMe(m);
      },
      () => setMe(null),
    );
  }, []);
  // a session that ended (expired, revoked, signed out elsewhere): back to the sign-in
  useEffect(() => {
    const ended = () => {
      setCsrf(null);
      setMe(null);
    };
    window.addEventListener(SIGNED_OUT, ended);
    return () => window.removeEventListener(SIGNED_OUT, ended);
  }, []);
  if (me === undefined) return <Loading />;
  if (me === null)
    return (
      <>
        <header>
          <strong className="brand">{t('appName')}</strong>
          <LanguageSwitch />
        </header>
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
        <option value="es" lang="es">
          Español
        </option>
        <option value="en" lang="en">
          English
        </option>
      </select>
    </label>
  );
}

const NAV = [
  'dashboard',
  'roll',
  'releases',
  'people',
  'visits',
  'open-air',
  'activities',
  'discipline',
  'complaints',
  'admit',
  'compliance',
  'audit',
  'projection',
] as const;

function Shell() {
  const { t } = useTranslation();
  const { me, facilities, facility, setFacility, signOut, loaded } = useSession();
  const route = useRoute();
  const page = (route[0] ?? 'dashboard') as string;
  const Page = pages[page] ?? pages.dashboard!;
  const key = route.join('/');
  // a new page: its title, and the reader's focus at its start (not left on the link clicked)
  // biome-ignore lint/correctness/useExhaustiveDependencies: on each route, and each language
  useEffect(() => {
    const name = (NAV as readonly string[]).includes(page) ? t(`nav.${page}`) : null;
    document.title = name ? `${name} — ${t('appName')}` : t('appName');
    if (key) document.getElementById('main')?.focus();
  }, [key, t]);
  let content: ReactNode = <Loading />;
  if (facility || page === 'people' || page === 'audit' || page === 'projection')
    content = <Page route={route} />;
  else if (loaded && !facilities.length) content = <p role="status">{t('noFacility')}</p>;
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
