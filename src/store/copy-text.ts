/** One row in PostgreSQL's COPY text format: tab-separated, `\N` for null, backslashes and line breaks escaped. */
export function copyLine(values: readonly (string | number | boolean | null)[]): string {
  let out = '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i) out += '\t';
    if (v === null) out += '\\N';
    else if (typeof v === 'string') out += /[\\\t\n\r]/.test(v) ? escapeCopy(v) : v;
    else out += String(v);
  }
  return `${out}\n`;
}

function escapeCopy(v: string): string {
  return v.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

/** A text[] literal of plain words (no quoting needed). */
export const textArray = (xs: readonly string[]) => `{${xs.join(',')}}`;
