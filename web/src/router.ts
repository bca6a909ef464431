import { useEffect, useState } from 'react';

/** Hash routes (`#/people/123`), so the server needs to know no page paths. */
const read = () =>
  (location.hash.replace(/^#\/?/, '').split('?')[0] ?? '').split('/').filter(Boolean).map(decodeURIComponent);

export function useRoute(): string[] {
  const [parts, setParts] = useState(read);
  useEffect(() => {
    // an in-page anchor (the skip link's #main) is not a route: the page stays
    const on = () => {
      if (location.hash === '' || location.hash.startsWith('#/')) setParts(read());
    };
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return parts;
}

export const href = (...parts: string[]) => `#/${parts.map(encodeURIComponent).join('/')}`;
export const navigate = (...parts: string[]) => {
  location.hash = href(...parts);
};
