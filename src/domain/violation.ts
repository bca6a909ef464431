/** A rule that refused something, before it is put into words in a language. */
export interface Violation {
  rule: string;
  /** what the violation is about: a field path, a person id, a cell code */
  subject?: string;
  params?: Record<string, unknown>;
  /**
   * The message that puts it in words, when not the rule's own (src/domain/messages.ts): one rule
   * id met in several places (`non-association` in housing, activities and visits) reads right in each.
   */
  message?: string;
}

/** A refusal by a custody rule (HTTP 409), of invalid input (400) or of the caller (403); nothing was written. */
export class RuleError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409,
    readonly violations: Violation[],
  ) {
    super(violations.map((v) => v.rule).join(', '));
    this.name = 'RuleError';
  }
}

export const refuse = (violations: Violation[]) => new RuleError(409, violations);
export const invalid = (violations: Violation[]) => new RuleError(400, violations);
/** Signed in, but this caller may not do this (403), each reason named. */
export const forbid = (violations: Violation[]) => new RuleError(403, violations);
/** Something named does not exist (HTTP 404): `unknown-person`, `unknown-cell`, … */
export const notFound = (rule: string, params: Record<string, unknown>) =>
  new RuleError(404, [{ rule, params }]);

/** A field path under a prefix: fieldPath('admissions[2]', 'cell') → 'admissions[2].cell'; fieldPath('', 'cell') → 'cell'. */
export const fieldPath = (prefix: string, field: string) => (prefix ? `${prefix}.${field}` : field);
