import { refuse, type Violation } from '../violation.js';

/**
 * Rules of staff accounts (docs/security.md):
 *
 * - `weak-password` (400): a password has at least MIN_PASSWORD characters.
 * - `unknown-facility` (400): an account acts in facilities on record, or in all (ALL_FACILITIES).
 * - `user-exists` (409): a username is one account.
 * - `last-admin` (409): an installation never loses its last enabled administrator, by a change of
 *   roles or by disabling it.
 */

/** The shortest password an account may have. */
export const MIN_PASSWORD = 8;
/** A user whose facilities include this sees every facility. */
export const ALL_FACILITIES = '*';

/** What is wrong with an account's new password or facilities (`known`: the facilities on record), each named. */
export function accountViolations(
  a: { password?: string | undefined; facilities?: string[] | undefined },
  known: Set<string>,
): Violation[] {
  const violations: Violation[] = [];
  if (a.password !== undefined && a.password.length < MIN_PASSWORD)
    violations.push({ rule: 'weak-password', subject: 'password', params: { min: MIN_PASSWORD } });
  a.facilities?.forEach((f, i) => {
    if (f !== ALL_FACILITIES && !known.has(f))
      violations.push({ rule: 'unknown-facility', subject: `facilities[${i}]`, params: { facility: f } });
  });
  return violations;
}

/** Refuses a second account of a username (`exists`). */
export function checkNewUser(username: string, exists: boolean): void {
  if (exists) throw refuse([{ rule: 'user-exists', subject: 'username', params: { username } }]);
}

/** Whether a change of an account's roles or state leaves it an enabled administrator. */
export const staysAdmin = (
  a: { roles: readonly string[] },
  change: { roles?: readonly string[]; disabled?: boolean },
): boolean => !change.disabled && (change.roles ?? a.roles).includes('admin');

/** Whether changing `a` this way takes away an enabled administrator, so the others must be counted first. */
export const removesAdmin = (
  a: { roles: readonly string[]; disabled: boolean },
  change: { roles?: readonly string[]; disabled?: boolean },
): boolean => a.roles.includes('admin') && !a.disabled && !staysAdmin(a, change);

/** Refuses a change that takes away the last enabled administrator (`others`: the other enabled ones). */
export function checkAdminsRemain(
  a: { username: string; roles: readonly string[]; disabled: boolean },
  change: { roles?: readonly string[]; disabled?: boolean },
  others: number,
): void {
  if (removesAdmin(a, change) && others === 0)
    throw refuse([{ rule: 'last-admin', subject: 'username', params: { username: a.username } }]);
}
