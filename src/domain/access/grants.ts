import { forbid, type Violation } from '../violation.js';
import { ALL_FACILITIES } from './accounts.js';

/**
 * Who may grant what (docs/security.md), rules `grant-self`, `grant-system-role`
 * and `grant-outside-facilities` (403). An attack on a running
 * server found an administrator of one facility giving itself every role and facility; the
 * least-privilege principle (ISO/IEC 27001 A.5.15, A.8.2) says an administrator's reach ends where
 * its own does:
 *
 * - nobody changes their own roles or facilities;
 * - an administrator grants, and manages accounts, only within its own facilities: every facility
 *   of the account (before and after the change) is one of the administrator's;
 * - only an administrator of all facilities creates, changes or resets the password of an account
 *   of all facilities, an administrator, or an inspector (whose reach is every facility by office).
 */

export interface Grantor {
  username: string;
  roles: readonly string[];
  facilities: readonly string[];
}

export interface AccountShape {
  username?: string | undefined;
  roles?: readonly string[] | undefined;
  facilities?: readonly string[] | undefined;
}

/** Roles whose holders act beyond one facility's staff: granted by an administrator of all facilities. */
const SYSTEM_ROLES = new Set(['admin', 'inspector']);

const everywhere = (g: { facilities?: readonly string[] | undefined }) =>
  !!g.facilities?.includes(ALL_FACILITIES);

/**
 * What `grantor` may not do to an account, each named: `before` is the account as it stands (absent
 * when it is being created), `after` what the request would make of it (the fields it changes).
 */
export function grantViolations(
  grantor: Grantor,
  before: AccountShape | null,
  after: AccountShape,
): Violation[] {
  const out: Violation[] = [];
  const self = before?.username !== undefined && before.username === grantor.username;
  if (self && (after.roles !== undefined || after.facilities !== undefined)) {
    out.push({ rule: 'grant-self', subject: 'username', params: { username: grantor.username } });
    return out;
  }
  // one's own password, or nothing that widens a reach
  if (self || everywhere(grantor)) return out;
  const shapes = [before, after].filter((s): s is AccountShape => !!s);
  for (const s of shapes) {
    if (everywhere(s) || s.roles?.some((r) => SYSTEM_ROLES.has(r))) {
      out.push({ rule: 'grant-system-role', subject: 'roles', params: {} });
      return out;
    }
  }
  const mine = new Set(grantor.facilities);
  const outside = [...new Set(shapes.flatMap((s) => s.facilities ?? []))].filter((f) => !mine.has(f));
  for (const f of outside)
    out.push({ rule: 'grant-outside-facilities', subject: 'facilities', params: { facility: f } });
  return out;
}

/** Refuses (403) what `grantor` may not do to an account. */
export function checkGrant(grantor: Grantor, before: AccountShape | null, after: AccountShape): void {
  const v = grantViolations(grantor, before, after);
  if (v.length) throw forbid(v);
}
