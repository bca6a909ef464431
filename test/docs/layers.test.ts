import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const biome = join(root, 'node_modules/.bin/biome');

/** Whether the project's linter refuses a module's imports, were the module at `path`. */
const refused = (path: string, source: string): boolean => {
  // a scratch copy of the layout with the project's biome.json: nothing is written into the tree
  const dir = mkdtempSync(join(tmpdir(), 'custodia-layers-'));
  try {
    copyFileSync(join(root, 'biome.json'), join(dir, 'biome.json'));
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), source);
    const r = spawnSync(biome, ['lint', '--colors=off', path], { cwd: dir, encoding: 'utf8' });
    if (r.error) throw r.error;
    return `${r.stdout}${r.stderr}`.includes('lint/style/noRestrictedImports');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

const importing = (from: string) => `import { x } from '${from}';\nexport { x };\n`;

describe('the layers, as the linter enforces them', () => {
  it('keeps the domain free of the store, the API and I/O', () => {
    expect(refused('src/domain/custody/probe.ts', importing('../../store/db.js'))).toBe(true);
    expect(refused('src/domain/custody/probe.ts', importing('../../api/problem.js'))).toBe(true);
    expect(refused('src/domain/probe.ts', importing('node:fs'))).toBe(true);
    expect(refused('src/domain/custody/probe.ts', importing('../violation.js'))).toBe(false);
  });

  it('keeps the store below the API and the CLI', () => {
    expect(refused('src/store/probe.ts', importing('../api/problem.js'))).toBe(true);
    expect(refused('src/store/probe.ts', importing('../cli/main.js'))).toBe(true);
    expect(refused('src/store/probe.ts', importing('../domain/violation.js'))).toBe(false);
  });

  it('keeps the web to its own code and the shared answer types', () => {
    expect(refused('web/src/probe.ts', importing('../../src/store/db.js'))).toBe(true);
    expect(refused('web/src/probe.ts', importing('../../src/api/routes/custody.js'))).toBe(true);
    expect(refused('web/src/probe.ts', importing('../../src/api/schemas.js'))).toBe(false);
  });
});
