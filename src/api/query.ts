import { parseInstant } from '../domain/time.js';
import { invalid } from '../domain/violation.js';

/** A query parameter holding an RFC 3339 time: undefined when absent, 400 naming it when malformed. */
export function instantParam(value: string | undefined, field: string): Date | undefined {
  if (value === undefined) return undefined;
  const d = parseInstant(value);
  if (!d) throw invalid([{ rule: 'invalid-field', subject: field, params: { field, problem: value } }]);
  return d;
}
