import type { Finding } from './compliance.js';
import type { Profile, RuleRef } from './profile.js';

/** A compliance finding of `profile` under the rule `r` (its id, reference and severity). */
export const findingOf = (
  profile: Profile,
  r: RuleRef,
  subject: string,
  message: string,
  params: Record<string, unknown>,
  people: number,
  due?: Date,
): Finding => ({
  rule: r.rule,
  ref: r.ref,
  severity: r.severity,
  profile: profile.id,
  subject,
  message,
  params,
  people,
  ...(due ? { dueAt: due.toISOString() } : {}),
});
