import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The documentation stands alone: every relative link in README.md and docs/ resolves to a file of
 * the repository (and a `#fragment` to a heading of it), and no page sends the reader to a file
 * outside the repository.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const PAGES = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md'))
    .map((f) => join('docs', f).split(sep).join('/')),
].sort();

/** The text outside fenced code blocks, line by line (1-based numbers kept). */
function prose(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let fenced = false;
  text.split('\n').forEach((l, i) => {
    if (/^\s*(```|~~~)/.test(l)) fenced = !fenced;
    else if (!fenced) out.push({ line: i + 1, text: l });
  });
  return out;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, each space a hyphen. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors a Markdown page offers (a repeated heading gets -1, -2, … as on GitHub). */
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const { text: l } of prose(text)) {
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(l);
    if (!m) continue;
    const base = slug(m[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** Inline links and images: `[text](target)` and `![alt](target "title")`. */
function links(text: string): { line: number; target: string }[] {
  const out: { line: number; target: string }[] = [];
  for (const { line, text: l } of prose(text)) {
    // inline code is not a link
    const bare = l.replace(/`[^`]*`/g, '``');
    for (const m of bare.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      out.push({ line, target: m[1]! });
    }
  }
  return out;
}

/** What is wrong with a link of `page` to `target`, or null. */
function brokenLink(page: string, target: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return null; // https:, mailto: — not a file
  const [path = '', fragment] = target.split('#', 2);
  const file = path === '' ? join(ROOT, page) : resolve(ROOT, dirname(page), decodeURIComponent(path));
  const rel = relative(ROOT, file);
  if (rel.startsWith('..') || rel.startsWith(sep)) return `${target}: outside the repository`;
  if (!existsSync(file)) return `${target}: no such file`;
  if (fragment === undefined || fragment === '') return null;
  if (statSync(file).isDirectory() || !file.endsWith('.md')) return null;
  if (!anchors(readFileSync(file, 'utf8')).has(fragment.toLowerCase()))
    return `${target}: no heading #${fragment}`;
  return null;
}

/**
 * A path that starts at a top-level folder named "shared" (the repository has none, so it names a
 * folder outside it), or any absolute path into the machine the docs were written on.
 */
const OUTSIDE = /(^|[^\w./-])shared\/|\/work\//;

describe('documentation links', () => {
  it('finds the pages', () => {
    expect(PAGES).toContain('README.md');
    expect(PAGES).toContain('docs/architecture.md');
  });

  it('resolves a link to a file and a heading, and refuses one that does not', () => {
    expect(brokenLink('README.md', 'docs/api.md')).toBeNull();
    expect(brokenLink('docs/api.md', 'safeguards.md#the-standards')).toBeNull();
    expect(brokenLink('docs/api.md', 'nowhere.md')).toMatch(/no such file/);
    expect(brokenLink('docs/api.md', 'safeguards.md#nowhere')).toMatch(/no heading/);
    expect(brokenLink('docs/api.md', '../../elsewhere.md')).toMatch(/outside the repository/);
    expect(slug('Planned, not yet implemented: sentences')).toBe('planned-not-yet-implemented-sentences');
    expect(slug('Chile (profile `cl`)')).toBe('chile-profile-cl');
    // written in pieces, so that this file does not itself cite such a path
    expect(OUTSIDE.test(['see `shared', 'plans.md`'].join('/'))).toBe(true);
    expect(OUTSIDE.test(['web/src/shared', 'answers.ts'].join('/'))).toBe(false);
  });

  for (const page of PAGES) {
    it(`${page}: every relative link resolves, nothing outside the repository is cited`, () => {
      const text = readFileSync(join(ROOT, page), 'utf8');
      const problems: string[] = [];
      for (const { line, target } of links(text)) {
        const p = brokenLink(page, target);
        if (p) problems.push(`${page}:${line}: ${p}`);
      }
      text.split('\n').forEach((l, i) => {
        if (OUTSIDE.test(l))
          problems.push(`${page}:${i + 1}: cites a file outside the repository: ${l.trim()}`);
      });
      expect(problems).toEqual([]);
    });
  }
});
