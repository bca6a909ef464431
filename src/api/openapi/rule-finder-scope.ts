/**
 * The modules of src/ as rule-finder.ts reads them: parsed with oxc-parser, every identifier that
 * names something resolved to its binding (a scope analysis of our own: oxc-parser gives the tree
 * only), imports followed through re-exports. Analysis code for scripts and tests; the server never
 * loads it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseSync } from 'oxc-parser';

// biome-ignore lint/suspicious/noExplicitAny: an ESTree node of any kind, read by its `type`
export type AstNode = any;

export interface Binding {
  kind: 'import' | 'decl' | 'param' | 'ns' | 'other';
  name: string;
  mod: Mod;
  /** decl: a FunctionDeclaration, ClassDeclaration, VariableDeclarator, TS type or enum, or an expression */
  node?: AstNode;
  /** decl of a variable: const, let or var */
  declKind?: string;
  /** a for-of/for-in variable: what it runs over */
  iter?: AstNode;
  /** values assigned to a variable after its declaration */
  assigns: AstNode[];
  /** param: its function, position and node (for its type annotation); destructured ones have none */
  fn?: AstNode;
  index?: number;
  param?: AstNode;
  destructured?: boolean;
  /** import: the resolved file (or the bare specifier of a package), and the name imported ('*', 'default') */
  from?: string;
  imported?: string;
  typeOnly?: boolean;
}

type Export = { local: string } | { from: string; name: string } | { node: AstNode } | { nsFrom: string };

/** A call and the functions it sits in, outermost first (for route prefixes and hooks). */
export interface CallSite {
  node: AstNode;
  fns: AstNode[];
}

export interface Mod {
  file: string;
  code: string;
  program: AstNode;
  values: Map<string, Binding>;
  types: Map<string, Binding>;
  /** every identifier that refers to something of the module or an import, with what it refers to */
  refs: Map<AstNode, Binding>;
  exports: Map<string, Export>;
  stars: string[];
  calls: CallSite[];
  /** class methods and object-literal methods by name: what a method call may reach */
  members: Map<string, AstNode[]>;
}

export interface Program {
  root: string;
  mods: Map<string, Mod>;
  /** class methods of every module by name (the target of a method call whose object is unknown) */
  classMethods: Map<string, { mod: Mod; fn: AstNode }[]>;
  /** the module that holds a function or class node */
  modOf: Map<AstNode, Mod>;
  /** imports already followed to what they name */
  resolved: Map<Binding, Binding>;
}

// keys that hold types, not values: never walked
const SKIP = new Set([
  'type',
  'start',
  'end',
  'typeAnnotation',
  'typeParameters',
  'typeArguments',
  'returnType',
  'superTypeArguments',
  'implements',
  'decorators',
]);
const TYPE_DECLS = new Set(['TSInterfaceDeclaration', 'TSTypeAliasDeclaration', 'TSModuleDeclaration']);
const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

export const isFunction = (n: AstNode) => !!n && FUNCTIONS.has(n.type);

/** The expression under parentheses, `as`, `satisfies`, `!` and `?.`. */
export function unwrap(n: AstNode): AstNode {
  while (
    n &&
    (n.type === 'ParenthesizedExpression' ||
      n.type === 'TSAsExpression' ||
      n.type === 'TSSatisfiesExpression' ||
      n.type === 'TSNonNullExpression' ||
      n.type === 'TSTypeAssertion' ||
      n.type === 'ChainExpression' ||
      n.type === 'AwaitExpression')
  )
    n = n.type === 'AwaitExpression' ? n.argument : n.expression;
  return n;
}

/** A property's or member's name when written plainly (`a.b`, `{ b: … }`, `{ 'b': … }`). */
export function keyName(key: AstNode, computed: boolean): string | undefined {
  if (!key) return undefined;
  if (!computed && key.type === 'Identifier') return key.name;
  if (key.type === 'Literal' && typeof key.value === 'string') return key.value;
  return undefined;
}

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...tsFiles(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out.sort();
}

function resolveSpec(from: string, spec: string): string {
  if (!spec.startsWith('.')) return spec;
  const base = resolve(dirname(from), spec);
  for (const c of [base.replace(/\.js$/, '.ts'), base, `${base}.ts`, join(base, 'index.ts')])
    if (c.endsWith('.ts') && existsSync(c)) return c;
  return base;
}

class Scope {
  values = new Map<string, Binding>();
  types = new Map<string, Binding>();
  constructor(readonly parent: Scope | null) {}
  lookup(name: string): Binding | undefined {
    for (let s: Scope | null = this; s; s = s.parent) {
      const b = s.values.get(name);
      if (b) return b;
    }
    return undefined;
  }
}

/** Every identifier a pattern declares, with the identifier node. */
function patternNames(p: AstNode, out: AstNode[] = []): AstNode[] {
  if (!p) return out;
  if (p.type === 'Identifier') out.push(p);
  else if (p.type === 'ObjectPattern')
    for (const q of p.properties) patternNames(q.type === 'RestElement' ? q.argument : q.value, out);
  else if (p.type === 'ArrayPattern') for (const q of p.elements) patternNames(q, out);
  else if (p.type === 'AssignmentPattern') patternNames(p.left, out);
  else if (p.type === 'RestElement') patternNames(p.argument, out);
  else if (p.type === 'TSParameterProperty') patternNames(p.parameter, out);
  return out;
}

/** Resolves a module's identifiers; fills its maps. */
class Walker {
  private fnStack: AstNode[] = [];
  constructor(
    private readonly mod: Mod,
    private readonly prog: Program,
  ) {}

  private bind(b: Omit<Binding, 'mod' | 'assigns'>): Binding {
    return { ...b, mod: this.mod, assigns: [] };
  }

  /** Declares what a block's statements declare, before any of them runs (hoisting, TDZ aside). */
  private hoist(stmts: AstNode[], s: Scope) {
    for (let st of stmts) {
      if ((st.type === 'ExportNamedDeclaration' || st.type === 'ExportDefaultDeclaration') && st.declaration)
        st = st.declaration;
      if ((st.type === 'FunctionDeclaration' || st.type === 'ClassDeclaration') && st.id) {
        const b = this.bind({ kind: 'decl', name: st.id.name, node: st });
        s.values.set(st.id.name, b);
        if (st.type === 'ClassDeclaration') s.types.set(st.id.name, b);
        this.prog.modOf.set(st, this.mod);
      } else if (st.type === 'VariableDeclaration') {
        for (const d of st.declarations)
          for (const id of patternNames(d.id))
            s.values.set(id.name, this.bind({ kind: 'decl', name: id.name, node: d, declKind: st.kind }));
      } else if (TYPE_DECLS.has(st.type) && st.id?.type === 'Identifier') {
        s.types.set(st.id.name, this.bind({ kind: 'decl', name: st.id.name, node: st }));
      } else if (st.type === 'TSEnumDeclaration') {
        s.values.set(st.id.name, this.bind({ kind: 'other', name: st.id.name, node: st }));
      } else if (st.type === 'ImportDeclaration') {
        const from = resolveSpec(this.mod.file, st.source.value);
        for (const sp of st.specifiers) {
          const imported =
            sp.type === 'ImportNamespaceSpecifier'
              ? '*'
              : sp.type === 'ImportDefaultSpecifier'
                ? 'default'
                : (sp.imported.name ?? sp.imported.value);
          const typeOnly = st.importKind === 'type' || sp.importKind === 'type';
          const b = this.bind({ kind: 'import', name: sp.local.name, from, imported, typeOnly });
          s.types.set(sp.local.name, b);
          if (!typeOnly) s.values.set(sp.local.name, b);
        }
      }
    }
  }

  private declareParams(fn: AstNode, s: Scope) {
    fn.params.forEach((p: AstNode, index: number) => {
      const inner = p.type === 'TSParameterProperty' ? p.parameter : p;
      const plain =
        inner.type === 'Identifier' ||
        (inner.type === 'AssignmentPattern' && inner.left.type === 'Identifier');
      for (const id of patternNames(p))
        s.values.set(
          id.name,
          this.bind({ kind: 'param', name: id.name, fn, index, param: inner, destructured: !plain }),
        );
      this.patternExprs(p, s);
    });
  }

  /** The expressions inside a pattern: defaults and computed keys. */
  private patternExprs(p: AstNode, s: Scope) {
    if (!p) return;
    if (p.type === 'AssignmentPattern') {
      this.patternExprs(p.left, s);
      this.walk(p.right, s);
    } else if (p.type === 'ObjectPattern') {
      for (const q of p.properties) {
        if (q.type === 'RestElement') this.patternExprs(q.argument, s);
        else {
          if (q.computed) this.walk(q.key, s);
          this.patternExprs(q.value, s);
        }
      }
    } else if (p.type === 'ArrayPattern') for (const q of p.elements) this.patternExprs(q, s);
    else if (p.type === 'RestElement') this.patternExprs(p.argument, s);
    else if (p.type === 'TSParameterProperty') this.patternExprs(p.parameter, s);
  }

  private member(name: string | undefined, value: AstNode, inClass: boolean) {
    if (!name || !isFunction(value)) return;
    const list = this.mod.members.get(name) ?? [];
    list.push(value);
    this.mod.members.set(name, list);
    if (inClass && name !== 'constructor') {
      const all = this.prog.classMethods.get(name) ?? [];
      all.push({ mod: this.mod, fn: value });
      this.prog.classMethods.set(name, all);
    }
  }

  private func(fn: AstNode, s: Scope) {
    this.prog.modOf.set(fn, this.mod);
    const inner = new Scope(s);
    if (fn.type === 'FunctionExpression' && fn.id)
      inner.values.set(fn.id.name, this.bind({ kind: 'decl', name: fn.id.name, node: fn }));
    this.declareParams(fn, inner);
    this.fnStack.push(fn);
    if (fn.body?.type === 'BlockStatement') {
      this.hoist(fn.body.body, inner);
      this.walk(fn.body.body, inner);
    } else this.walk(fn.body, inner);
    this.fnStack.pop();
  }

  private loop(n: AstNode, s: Scope) {
    const inner = new Scope(s);
    const head = n.type === 'ForStatement' ? n.init : n.left;
    if (head?.type === 'VariableDeclaration') {
      for (const d of head.declarations)
        for (const id of patternNames(d.id))
          inner.values.set(
            id.name,
            this.bind({
              kind: 'decl',
              name: id.name,
              node: d,
              declKind: head.kind,
              ...(n.type === 'ForStatement' ? {} : { iter: n.right }),
            }),
          );
    }
    for (const k of ['init', 'left', 'right', 'test', 'update', 'body']) this.walk(n[k], inner);
  }

  walk(n: AstNode, s: Scope): void {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) {
      for (const x of n) this.walk(x, s);
      return;
    }
    switch (n.type) {
      case 'Identifier': {
        const b = s.lookup(n.name);
        if (b) this.mod.refs.set(n, b);
        return;
      }
      case 'Program':
        this.hoist(n.body, s);
        this.walk(n.body, s);
        return;
      case 'MemberExpression':
        this.walk(n.object, s);
        if (n.computed) this.walk(n.property, s);
        return;
      case 'Property':
        if (n.computed) this.walk(n.key, s);
        this.member(keyName(n.key, n.computed), n.value, false);
        this.walk(n.value, s);
        return;
      case 'MethodDefinition':
      case 'PropertyDefinition':
      case 'AccessorProperty':
        if (n.computed) this.walk(n.key, s);
        this.member(keyName(n.key, n.computed), n.value, true);
        this.walk(n.value, s);
        return;
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        this.func(n, s);
        return;
      case 'ClassDeclaration':
      case 'ClassExpression': {
        this.prog.modOf.set(n, this.mod);
        this.walk(n.superClass, s);
        const inner = new Scope(s);
        if (n.type === 'ClassExpression' && n.id)
          inner.values.set(n.id.name, this.bind({ kind: 'decl', name: n.id.name, node: n }));
        this.walk(n.body.body, inner);
        return;
      }
      case 'BlockStatement':
      case 'StaticBlock': {
        const inner = new Scope(s);
        this.hoist(n.body, inner);
        this.walk(n.body, inner);
        return;
      }
      case 'SwitchStatement': {
        this.walk(n.discriminant, s);
        const inner = new Scope(s);
        for (const c of n.cases) this.hoist(c.consequent, inner);
        this.walk(n.cases, inner);
        return;
      }
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement':
        this.loop(n, s);
        return;
      case 'CatchClause': {
        const inner = new Scope(s);
        for (const id of patternNames(n.param))
          inner.values.set(id.name, this.bind({ kind: 'other', name: id.name }));
        this.walk(n.body, inner);
        return;
      }
      case 'VariableDeclarator':
        this.patternExprs(n.id, s);
        this.walk(n.init, s);
        return;
      case 'AssignmentExpression': {
        this.walk(n.left, s);
        this.walk(n.right, s);
        const target = n.left.type === 'Identifier' ? s.lookup(n.left.name) : undefined;
        if (target) target.assigns.push(n.right);
        return;
      }
      case 'CallExpression':
      case 'NewExpression':
        this.mod.calls.push({ node: n, fns: [...this.fnStack] });
        break;
      case 'ExportNamedDeclaration':
      case 'ExportDefaultDeclaration':
        this.walk(n.declaration, s);
        return;
      case 'ImportDeclaration':
      case 'ExportAllDeclaration':
      case 'LabeledStatement':
        if (n.type === 'LabeledStatement') this.walk(n.body, s);
        return;
      case 'BreakStatement':
      case 'ContinueStatement':
      case 'MetaProperty':
      case 'TSEnumDeclaration':
      case 'TSDeclareFunction':
      case 'TSImportEqualsDeclaration':
        return;
      default:
        if (TYPE_DECLS.has(n.type)) return;
    }
    for (const k of Object.keys(n)) if (!SKIP.has(k) && n[k] && typeof n[k] === 'object') this.walk(n[k], s);
  }
}

function readExports(mod: Mod) {
  for (const st of mod.program.body) {
    if (st.type === 'ExportNamedDeclaration') {
      const from = st.source ? resolveSpec(mod.file, st.source.value) : null;
      const d = st.declaration;
      if (d?.type === 'VariableDeclaration')
        for (const dd of d.declarations)
          for (const id of patternNames(dd.id)) mod.exports.set(id.name, { local: id.name });
      else if (d?.id?.type === 'Identifier') mod.exports.set(d.id.name, { local: d.id.name });
      for (const sp of st.specifiers ?? []) {
        const local = sp.local.name ?? sp.local.value;
        const exported = sp.exported.name ?? sp.exported.value;
        mod.exports.set(exported, from ? { from, name: local } : { local });
      }
    } else if (st.type === 'ExportDefaultDeclaration') {
      const d = st.declaration;
      mod.exports.set('default', d.id?.type === 'Identifier' ? { local: d.id.name } : { node: d });
    } else if (st.type === 'ExportAllDeclaration') {
      const from = resolveSpec(mod.file, st.source.value);
      if (st.exported) mod.exports.set(st.exported.name ?? st.exported.value, { nsFrom: from });
      else mod.stars.push(from);
    }
  }
}

/** Parses every .ts file under `root`/src and resolves its names. */
export function loadProgram(root: string): Program {
  const prog: Program = {
    root,
    mods: new Map(),
    classMethods: new Map(),
    modOf: new Map(),
    resolved: new Map(),
  };
  for (const file of tsFiles(join(root, 'src'))) {
    const code = readFileSync(file, 'utf8');
    const parsed = parseSync(file, code, { sourceType: 'module', lang: 'ts' });
    if (parsed.errors.length) throw new Error(`${file}: ${parsed.errors[0]?.message}`);
    const mod: Mod = {
      file,
      code,
      program: parsed.program,
      values: new Map(),
      types: new Map(),
      refs: new Map(),
      exports: new Map(),
      stars: [],
      calls: [],
      members: new Map(),
    };
    const top = new Scope(null);
    new Walker(mod, prog).walk(parsed.program, top);
    mod.values = top.values;
    mod.types = top.types;
    readExports(mod);
    prog.mods.set(file, mod);
  }
  return prog;
}

/**
 * What an exported name of a module is: its binding there (a declaration, or `ns` for `export * as`),
 * through re-exports. Undefined for packages and names nobody exports.
 */
export function resolveExport(
  prog: Program,
  file: string,
  name: string,
  space: 'values' | 'types' = 'values',
  seen = new Set<string>(),
): Binding | undefined {
  const mod = prog.mods.get(file);
  if (!mod || seen.has(`${file}#${name}`)) return undefined;
  seen.add(`${file}#${name}`);
  const e = mod.exports.get(name);
  if (e && 'local' in e) {
    const b = mod[space].get(e.local) ?? mod[space === 'values' ? 'types' : 'values'].get(e.local);
    return b && resolveBinding(prog, b, space, seen);
  }
  if (e && 'from' in e) return resolveExport(prog, e.from, e.name, space, seen);
  if (e && 'node' in e) return { kind: 'decl', name, mod, node: e.node, assigns: [] };
  if (e && 'nsFrom' in e) return { kind: 'ns', name, mod, from: e.nsFrom, assigns: [] };
  for (const star of mod.stars) {
    const b = resolveExport(prog, star, name, space, seen);
    if (b) return b;
  }
  return undefined;
}

/** An import followed to what it names: a declaration elsewhere, a namespace, or itself (a package's). */
export function resolveBinding(
  prog: Program,
  b: Binding,
  space: 'values' | 'types' = 'values',
  seen = new Set<string>(),
): Binding {
  if (b.kind !== 'import' || !b.from || !b.imported) return b;
  if (b.imported === '*') return { ...b, kind: 'ns' };
  const memo = space === 'values' ? prog.resolved : null;
  const known = memo?.get(b);
  if (known) return known;
  const out = resolveExport(prog, b.from, b.imported, space, seen) ?? b;
  memo?.set(b, out);
  return out;
}
