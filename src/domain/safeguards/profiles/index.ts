import type { Profile } from '../profile.js';
import { cl } from './cl.js';
import { svException } from './sv-exception.js';
import { unMandela } from './un-mandela.js';

export const FLOOR = unMandela;
export const PROFILES: Record<string, Profile> = {
  [unMandela.id]: unMandela,
  [cl.id]: cl,
  [svException.id]: svException,
};

/**
 * A profile by its id, or undefined. An own-property lookup: ids come from requests, and
 * `__proto__`, `constructor` or `toString` must name no profile.
 */
export function profileById(id: string): Profile | undefined {
  return Object.hasOwn(PROFILES, id) ? PROFILES[id] : undefined;
}

/** The national profile that applies to a facility of this jurisdiction, if there is one. */
export function nationalProfile(jurisdiction: string): Profile | undefined {
  return Object.values(PROFILES).find((p) => p.jurisdiction === jurisdiction.toUpperCase());
}
