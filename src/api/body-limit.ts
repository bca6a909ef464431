import type { FastifyRequest } from 'fastify';
import { t } from '../domain/messages.js';
import { invalid } from '../domain/violation.js';

/** The body limit of a route whose schema sets no bound (and of routes that keep the default). */
export const DEFAULT_BODY_LIMIT = 8 * 1024 * 1024;

/**
 * How a valid body may be written. The bound covers a body that uses only the properties its
 * schema names, each once, every character of every string escaped as `\uXXXX` (6 bytes), numbers
 * of up to 24 characters and pretty-printing with up to `indent` spaces a level. A body that pads
 * itself beyond that (unknown properties, repeated keys, runs of spaces, 30-digit fractions of a
 * second) may meet the limit although its value is valid.
 */
export interface BoundOptions {
  /** bytes a character of a string may take (6: `\u00e9`) */
  bytesPerChar?: number;
  /** spaces of indentation a level */
  indent?: number;
}

/** The size of a body, or why it has none. */
export interface SizeBound {
  /** upper bound of the JSON size in bytes; Infinity when unbounded */
  bytes: number;
  /** the first place without a bound (`admissions[].person.nationality`), when unbounded */
  unboundedAt?: string;
}

/** Longest text of a format, as written (a date-time of nanoseconds and an offset is 35). */
const FORMAT_LENGTH: Record<string, number> = {
  date: 10,
  time: 40,
  'date-time': 64,
  uuid: 36,
  email: 254,
  ipv4: 15,
  ipv6: 45,
};
const NUMBER_LENGTH = 24; // -1.2345678901234567e+308

type Schema = Record<string, unknown>;

/** Longest match of an anchored pattern made of single characters, classes and bounded repeats. */
export function patternLength(pattern: string): number {
  if (!pattern.startsWith('^') || !pattern.endsWith('$') || pattern.endsWith('\\$')) return Infinity;
  const body = pattern.slice(1, -1);
  let total = 0;
  let i = 0;
  while (i < body.length) {
    const c = body[i] as string;
    if (c === '[') {
      let j = i + 1;
      if (body[j] === '^') j++;
      if (body[j] === ']') j++;
      while (j < body.length && body[j] !== ']') j += body[j] === '\\' ? 2 : 1;
      if (j >= body.length) return Infinity;
      i = j + 1;
    } else if (c === '\\') {
      const next = body[i + 1];
      i += next === 'u' ? 6 : next === 'x' ? 4 : 2;
    } else if ('()|*+?{}^$'.includes(c)) {
      return Infinity;
    } else {
      i++;
    }
    let repeat = 1;
    if (body[i] === '?') i++;
    else if (body[i] === '*' || body[i] === '+') return Infinity;
    else if (body[i] === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(body.slice(i));
      if (!m || m[3] === '') return Infinity;
      repeat = Number(m[3] ?? m[1]);
      i += m[0].length;
    }
    total += repeat;
  }
  return total;
}

function stringChars(s: Schema): number {
  const bounds = [Infinity];
  if (typeof s.maxLength === 'number') bounds.push(s.maxLength);
  if (typeof s.format === 'string' && FORMAT_LENGTH[s.format]) bounds.push(FORMAT_LENGTH[s.format] as number);
  if (typeof s.pattern === 'string') bounds.push(patternLength(s.pattern));
  if (Array.isArray(s.enum)) bounds.push(Math.max(...s.enum.map((v) => String(v).length)));
  if (typeof s.const === 'string') bounds.push(s.const.length);
  return Math.min(...bounds);
}

function bound(s: Schema, path: string, depth: number, o: Required<BoundOptions>): SizeBound {
  const none = { bytes: Infinity, unboundedAt: path || 'body' };
  // the spaces and newline before an element or member when pretty-printed
  const ws = 1 + o.indent * (depth + 1);
  const branches = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  if (branches) {
    let worst: SizeBound = { bytes: 0 };
    for (const b of branches) {
      const r = bound(b, path, depth, o);
      if (r.bytes > worst.bytes) worst = r;
    }
    return worst;
  }
  switch (s.type) {
    case 'null':
      return { bytes: 4 };
    case 'boolean':
      return { bytes: 5 };
    case 'integer':
    case 'number':
      return { bytes: NUMBER_LENGTH };
    case 'string': {
      const chars = stringChars(s);
      return Number.isFinite(chars) ? { bytes: 2 + chars * o.bytesPerChar } : none;
    }
    case 'array': {
      if (typeof s.maxItems !== 'number') return none;
      if (s.maxItems === 0) return { bytes: 2 };
      const item = bound((s.items ?? {}) as Schema, `${path}[]`, depth + 1, o);
      if (!Number.isFinite(item.bytes)) return item;
      return { bytes: 2 + ws + s.maxItems * (item.bytes + 1 + ws) };
    }
    case 'object': {
      let bytes = 2 + ws;
      for (const [name, p] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) {
        const value = bound(p, path ? `${path}.${name}` : name, depth + 1, o);
        if (!Number.isFinite(value.bytes)) return value;
        bytes += 2 + name.length * o.bytesPerChar + 2 + value.bytes + 1 + ws;
      }
      return { bytes };
    }
    default:
      return none;
  }
}

/** An upper bound of the JSON size of the largest body `schema` accepts (see BoundOptions). */
export function jsonSizeBound(schema: unknown, opts: BoundOptions = {}): SizeBound {
  return bound(schema as Schema, '', 0, { bytesPerChar: 6, indent: 4, ...opts });
}

/**
 * The body limit of a route: the bound of its body schema rounded up to a KiB, or DEFAULT_BODY_LIMIT
 * when the schema leaves some part unbounded (`jsonSizeBound(schema).unboundedAt` says where).
 */
export function bodyLimitFor(schema: unknown, opts: BoundOptions = {}): number {
  const { bytes } = jsonSizeBound(schema, opts);
  return Number.isFinite(bytes) ? Math.ceil(bytes / 1024) * 1024 : DEFAULT_BODY_LIMIT;
}

interface ArrayLimit {
  path: string[];
  maxItems: number;
}

/** The items of an array: a path step that stands for every element. */
const EACH = '[]';

/**
 * Every array with a `maxItems` in the body's schema, wherever it is: among an object's properties,
 * inside an array's items (`admissions[].needs`), in a branch of anyOf / oneOf / allOf. Outer arrays
 * come before the arrays inside them.
 */
function arrayLimits(s: Schema, path: string[] = [], out: ArrayLimit[] = []): ArrayLimit[] {
  if (!s || typeof s !== 'object') return out;
  if (s.type === 'array' && typeof s.maxItems === 'number') out.push({ path, maxItems: s.maxItems });
  if (s.type === 'array' && s.items && typeof s.items === 'object')
    arrayLimits(s.items as Schema, [...path, EACH], out);
  if (s.type === 'object' || s.properties)
    for (const [name, p] of Object.entries((s.properties ?? {}) as Record<string, Schema>))
      arrayLimits(p, [...path, name], out);
  for (const k of ['anyOf', 'oneOf', 'allOf'] as const)
    if (Array.isArray(s[k])) for (const b of s[k] as Schema[]) arrayLimits(b, path, out);
  return out;
}

/** The values at a path in the body, with the field name of each (`admissions[3].needs`). */
function valuesAt(body: unknown, path: string[]): { field: string; value: unknown }[] {
  let at: { field: string; value: unknown }[] = [{ field: '', value: body }];
  for (const key of path) {
    const next: { field: string; value: unknown }[] = [];
    for (const { field, value } of at) {
      if (key === EACH) {
        if (Array.isArray(value))
          for (const [i, v] of value.entries()) next.push({ field: `${field}[${i}]`, value: v });
      } else if (
        value !== null &&
        typeof value === 'object' &&
        !Array.isArray(value) &&
        Object.hasOwn(value, key)
      )
        next.push({ field: field ? `${field}.${key}` : key, value: (value as Record<string, unknown>)[key] });
    }
    at = next;
  }
  return at;
}

const limitsOf = new WeakMap<object, ArrayLimit[]>();

/**
 * A preValidation hook: a body whose array holds more items than its schema's `maxItems` is refused
 * with one violation naming the field and the limit, before any item is validated (a 300,000-item
 * body would otherwise be checked item by item and answer a violation for each).
 */
export async function refuseLongArrays(req: FastifyRequest): Promise<void> {
  const schema = req.routeOptions.schema?.body as Schema | undefined;
  if (!schema || typeof schema !== 'object' || req.body === null || typeof req.body !== 'object') return;
  let limits = limitsOf.get(schema);
  if (!limits) {
    limits = arrayLimits(schema);
    limitsOf.set(schema, limits);
  }
  // outer arrays first: a batch over its limit is refused before its items' arrays are looked at;
  // then every array inside items, all of them named at once
  const lang = req.lang ?? 'en';
  for (const nested of [false, true]) {
    const over = limits
      .filter(({ path }) => path.includes(EACH) === nested)
      .flatMap(({ path, maxItems }) =>
        valuesAt(req.body, path)
          .filter(({ value }) => Array.isArray(value) && value.length > maxItems)
          .map(({ field, value }) => ({
            field: field || 'body',
            maxItems,
            count: (value as unknown[]).length,
          })),
      );
    if (!over.length) continue;
    throw invalid(
      over.map(({ field, maxItems, count }) => ({
        rule: 'invalid-field',
        subject: field,
        params: { field, problem: t('schema.maxItems', lang, { limit: maxItems }), limit: maxItems, count },
      })),
    );
  }
}
