/**
 * Canonical JSON (RFC 8785 style for the values we store): object keys sorted by code unit,
 * no whitespace, `undefined` members dropped as JSON.stringify does. Two equal JSON values give the
 * same text, whatever the key order PostgreSQL's jsonb hands back.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return scalar(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i) out += ',';
      const v: unknown = value[i];
      out += v === undefined ? 'null' : canonicalJson(v);
    }
    return `${out}]`;
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  const o = value as Record<string, unknown>;
  // sort() compares by UTF-16 code unit; a loop over the keys costs less than filter + map + join
  const keys = Object.keys(o).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = o[k];
    if (v === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += `${JSON.stringify(k)}:${v === null || typeof v !== 'object' ? scalar(v) : canonicalJson(v)}`;
  }
  return `${out}}`;
}

function scalar(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('non-finite number');
  const s = JSON.stringify(value);
  return s === undefined ? 'null' : s;
}
