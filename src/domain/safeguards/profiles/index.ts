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

/** The national profile that applies to a facility of this jurisdiction, if there is one. */
export function nationalProfile(jurisdiction: string): Profile | undefined {
  return Object.values(PROFILES).find((p) => p.jurisdiction === jurisdiction.toUpperCase());
}
