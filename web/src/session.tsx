import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { type FacilitySummary, get, type Me, post, setCsrf } from './api';

interface Session {
  me: Me;
  facilities: FacilitySummary[];
  /** the facility the pages show */
  facility: FacilitySummary | undefined;
  /** the facility list has arrived (possibly empty) */
  loaded: boolean;
  setFacility(code: string): void;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);
const FACILITY = 'custodia.facility';

export const useSession = (): Session => {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside the signed-in app');
  return s;
};

/** Loads the signed-in user (from the session cookie) and the facilities in their scope. */
export function SessionProvider({
  me,
  onSignedOut,
  children,
}: {
  me: Me;
  onSignedOut(): void;
  children: ReactNode;
}) {
  const [facilities, setFacilities] = useState<FacilitySummary[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [code, setCode] = useState<string | null>(localStorage.getItem(FACILITY));
  useEffect(() => {
    get('/facilities').then(
      (r) => {
        setFacilities(r.facilities);
        setLoaded(true);
      },
      () => setLoaded(true),
    );
  }, []);
  const setFacility = useCallback((c: string) => {
    localStorage.setItem(FACILITY, c);
    setCode(c);
  }, []);
  const signOut = useCallback(async () => {
    await post('/auth/logout').catch(() => {});
    setCsrf(null);
    onSignedOut();
  }, [onSignedOut]);
  const facility = facilities.find((f) => f.code === code) ?? facilities[0];
  return (
    <SessionContext.Provider value={{ me, facilities, facility, loaded, setFacility, signOut }}>
      {children}
    </SessionContext.Provider>
  );
}
