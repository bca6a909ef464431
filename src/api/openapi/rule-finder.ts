/**
 * The rule ids each API route can answer, found in the code (issue 22): from every route's handler
 * (and the hooks that run before it), every function it may reach through calls and references is
 * read for rule positions — a `rule:` property's value, an argument a function makes a rule
 * (`notFound('unknown-cell', …)`). What cannot be resolved precisely is over-approximated: a
 * missed rule is the defect that matters (a method of an object of unknown kind reaches every class
 * method of that name; naming an object reaches all of it, unless a constant's property is named).
 * Rule ids written in data (a profile's `isolation: { rule: 'mandela-44' }`) count where code that
 * is reached reads a rule off data kept under that name (`l.rule` for `l` of `rules.isolation`):
 * profiles hold findings' rules too, which no refusal answers. Only catalogue ids are listed, and
 * not the generic ones. Used by scripts/route-rules.ts and its test, which write and check
 * route-rules.ts; the server never loads this.
 */
import { join } from 'node:path';
import { messages } from '../../domain/messages.js';
import {
  type AstNode,
  type Binding,
  isFunction,
  keyName,
  loadProgram,
  type Mod,
  type Program,
  resolveBinding,
  resolveExport,
  unwrap,
} from './rule-finder-scope.js';
import {
  bindingValues,
  calleeFns,
  dataObjects,
  eachNode,
  findRuleParams,
  type Owner,
  ownerOf,
  owns,
  type RuleParams,
  ruleArgs,
  rulePositions,
  type Target,
  valuesOf,
} from './rule-finder-values.js';

const API = '/api/';
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);
const APP_NAMES = new Set(['app', 'fastify', 'server', 'instance']);
/** hooks that run before the handler and may refuse (the later ones answer what was decided) */
const HOOKS = new Set(['onRequest', 'preParsing', 'preValidation', 'preHandler']);

/** What a function, class or initialiser holds: rule values written in it, and what it reaches. */
interface Region extends Found {
  edges: Target[];
}

/**
 * Rule values found: written in code (`lits`, `wild`), written in data (counted only when some code
 * reached reads a `rule` off data kept under that name: `owners`).
 */
interface Found {
  lits: Set<string>;
  wild: Set<string>;
  data: { chain: string[]; lits: Set<string> }[];
  owners: Owner[];
}

interface Analysis {
  prog: Program;
  rp: RuleParams;
  regions: Map<AstNode, Region>;
  data: Map<Mod, Map<AstNode, string[]>>;
  generic: Set<string>;
}

const found = (): Found => ({ lits: new Set(), wild: new Set(), data: [], owners: [] });

function add(into: Found, f: Found) {
  for (const l of f.lits) into.lits.add(l);
  for (const w of f.wild) into.wild.add(w);
  into.data.push(...f.data);
  into.owners.push(...f.owners);
}

/** The rule values found, data included where code reads it as a rule. */
function settle(f: Found): { lits: Set<string>; wild: Set<string> } {
  const lits = new Set(f.lits);
  for (const d of f.data) if (f.owners.some((o) => owns(o, d.chain))) for (const l of d.lits) lits.add(l);
  return { lits, wild: f.wild };
}

const inside = (t: Target, mod: Mod, node: AstNode) =>
  t.mod === mod && node.start >= t.fn.start && node.end <= t.fn.end;

/** What a binding's declaration is, to be read when something refers to it. */
function targetsOf(prog: Program, b: Binding): Target[] {
  const rb = resolveBinding(prog, b);
  if (rb.kind === 'ns' && rb.from) {
    const mod = prog.mods.get(rb.from);
    return mod
      ? [...mod.values.values()].flatMap((x) => (x.kind === 'import' ? [] : targetsOf(prog, x)))
      : [];
  }
  if (rb.kind !== 'decl' || !rb.node) return [];
  const n = rb.node;
  if (n.type === 'VariableDeclarator')
    return [n.init, rb.iter, ...rb.assigns].filter(Boolean).map((fn) => ({ mod: rb.mod, fn }));
  if (n.type.startsWith('TS')) return [];
  return [{ mod: rb.mod, fn: n }];
}

/** The declarations a type annotation names that may hold method `name`; null: a package's type. */
function typeTargets(prog: Program, mod: Mod, t: AstNode, name: string, depth = 0): Target[] | null {
  if (!t || depth > 4) return [];
  if (t.type === 'TSTypeAnnotation') return typeTargets(prog, mod, t.typeAnnotation, name, depth);
  if (t.type === 'TSUnionType' || t.type === 'TSIntersectionType') {
    const all = t.types.map((x: AstNode) => typeTargets(prog, mod, x, name, depth + 1));
    return all.every((x: Target[] | null) => x === null)
      ? null
      : all.flatMap((x: Target[] | null) => x ?? []);
  }
  if (t.type !== 'TSTypeReference' || t.typeName.type !== 'Identifier') return [];
  const local = mod.types.get(t.typeName.name);
  // a global type (Map, Promise) or one of a package: its methods are not ours
  if (!local) return null;
  const b = resolveBinding(prog, local, 'types');
  if (b.kind === 'import') return null;
  if (b.kind !== 'decl' || !b.node) return [];
  if (b.node.type === 'ClassDeclaration') return [{ mod: b.mod, fn: b.node }];
  if (b.node.type === 'TSTypeAliasDeclaration')
    return typeTargets(prog, b.mod, b.node.typeAnnotation, name, depth + 1);
  // an interface: what the module that declares it implements of it
  const members = b.mod.members.get(name) ?? [];
  return members.length ? members.map((fn) => ({ mod: b.mod, fn })) : fallback(prog, name);
}

/** A method call on an object of unknown kind: every class method of that name. */
function fallback(prog: Program, name: string): Target[] {
  return (prog.classMethods.get(name) ?? []).map((m) => ({ mod: m.mod, fn: m.fn }));
}

/** The root of `a.b().c.d`: `a`. */
function chainRoot(n: AstNode): AstNode {
  let x = unwrap(n);
  while (x && (x.type === 'MemberExpression' || x.type === 'CallExpression')) {
    x = unwrap(x.type === 'MemberExpression' ? x.object : x.callee);
  }
  return x;
}

/** Whether a name is a package's (or a global): methods called on what it gives are not ours. */
function foreign(prog: Program, mod: Mod, id: AstNode): boolean {
  const b = mod.refs.get(id);
  if (!b) return true;
  const rb = resolveBinding(prog, b);
  if (rb.kind === 'import') return true;
  if (rb.kind === 'param' && rb.param?.typeAnnotation)
    return typeTargets(prog, rb.mod, rb.param.typeAnnotation, '') === null;
  return false;
}

/** What a method call `o.name(…)` may run, beyond what naming `o` already reaches. */
function methodTargets(prog: Program, mod: Mod, callee: AstNode): Target[] {
  const name = keyName(callee.property, callee.computed);
  const o = unwrap(callee.object);
  if (!name || !o || o.type === 'ThisExpression' || o.type === 'Super') return [];
  if (o.type === 'Identifier') {
    const b = mod.refs.get(o);
    if (!b) return [];
    const rb = resolveBinding(prog, b);
    if (rb.kind === 'param') {
      const t = rb.param?.typeAnnotation;
      return t ? (typeTargets(prog, rb.mod, t, name) ?? []) : fallback(prog, name);
    }
    if (rb.kind !== 'decl' || rb.node?.type !== 'VariableDeclarator') return [];
    const t = rb.node.id.typeAnnotation;
    if (t) return typeTargets(prog, rb.mod, t, name) ?? [];
    const init = unwrap(rb.node.init);
    const known = ['ObjectExpression', 'NewExpression', 'ClassExpression', 'ArrayExpression', 'Literal'];
    return init && (known.includes(init.type) || isFunction(init)) ? [] : fallback(prog, name);
  }
  const root = chainRoot(o);
  if (root?.type === 'Identifier' && foreign(prog, mod, root)) return [];
  return fallback(prog, name);
}

/**
 * `X.a.b` where X is a constant object (through constants naming constants): the value of that
 * property only, so naming one part of a large object (a profile's `space`) reaches only that part.
 */
function propertyTarget(prog: Program, mod: Mod, n: AstNode, depth = 0): Target | null {
  const e = unwrap(n);
  if (!e || depth > 6) return null;
  if (e.type === 'Identifier') {
    const b = mod.refs.get(e);
    const rb = b && resolveBinding(prog, b);
    if (rb?.kind !== 'decl' || rb.node?.type !== 'VariableDeclarator' || rb.declKind !== 'const') return null;
    if (rb.node.id.type !== 'Identifier' || !rb.node.init) return null;
    const init = unwrap(rb.node.init);
    return init.type === 'Identifier' || init.type === 'MemberExpression'
      ? propertyTarget(prog, rb.mod, init, depth + 1)
      : { mod: rb.mod, fn: init };
  }
  if (e.type !== 'MemberExpression') return null;
  const key = keyName(e.property, e.computed);
  const obj = key === undefined ? null : propertyTarget(prog, mod, e.object, depth + 1);
  if (obj?.fn.type !== 'ObjectExpression') return null;
  const prop = obj.fn.properties.find(
    (p: AstNode) => p.type === 'Property' && keyName(p.key, p.computed) === key,
  );
  return prop ? { mod: obj.mod, fn: unwrap(prop.value) } : null;
}

/** Reads one function, class or initialiser: its rule values and what it refers to and calls. */
function region(a: Analysis, t: Target): Region {
  const known = a.regions.get(t.fn);
  if (known) return known;
  const r: Region = { ...found(), edges: [] };
  a.regions.set(t.fn, r);
  const { prog, rp } = a;
  const mod = t.mod;
  const data = a.data.get(mod) ?? dataObjects(mod);
  a.data.set(mod, data);
  const edge = (xs: Target[]) => {
    for (const x of xs) if (!inside(t, x.mod, x.fn)) r.edges.push(x);
  };
  const take = (v: { lits: Set<string>; wild: Set<string> }) => {
    for (const l of v.lits) r.lits.add(l);
    for (const w of v.wild) r.wild.add(w);
  };
  // identifiers whose reach a member expression around them has narrowed
  const narrowed = new Set<AstNode>();
  eachNode(t.fn, (n) => {
    if (n.type === 'Identifier') {
      const b = mod.refs.get(n);
      if (b && !narrowed.has(n) && resolveBinding(prog, b).kind !== 'ns') edge(targetsOf(prog, b));
    } else if (n.type === 'MemberExpression') {
      const part = propertyTarget(prog, mod, n);
      if (part) {
        for (let x = unwrap(n.object); x; x = x.type === 'MemberExpression' ? unwrap(x.object) : null)
          if (x.type === 'Identifier') narrowed.add(x);
        edge([part]);
      }
      // `ns.name` reaches that export only, not the whole namespace
      const o = unwrap(n.object);
      const b = o?.type === 'Identifier' ? mod.refs.get(o) : undefined;
      const rb = b && resolveBinding(prog, b);
      const key = keyName(n.property, n.computed);
      if (rb?.kind === 'ns' && rb.from) {
        const e = key === undefined ? undefined : resolveExport(prog, rb.from, key);
        edge(e ? targetsOf(prog, e) : targetsOf(prog, rb));
      }
    } else if (n.type === 'CallExpression' || n.type === 'NewExpression') {
      take(ruleArgs(prog, mod, n, rp));
      const c = unwrap(n.callee);
      if (c?.type === 'MemberExpression') edge(methodTargets(prog, mod, c));
    } else if (n.type === 'ImportExpression') {
      const src = valuesOf(prog, mod, n.source);
      for (const s of src.lits) {
        const file = s.startsWith('.')
          ? new URL(s.replace(/\.js$/, '.ts'), `file://${mod.file}`).pathname
          : s;
        const m = prog.mods.get(file);
        if (m) edge([...m.values.values()].flatMap((x) => targetsOf(prog, x)));
      }
    }
    const chain = data.get(n);
    for (const value of rulePositions(n)) {
      const v = valuesOf(prog, mod, value);
      if (chain) r.data.push({ chain, lits: v.lits });
      else take(v);
      const x = unwrap(value);
      if (x?.type === 'MemberExpression' && keyName(x.property, x.computed) === 'rule' && !v.lits.size) {
        const o = ownerOf(prog, mod, x.object);
        if (o) r.owners.push(o);
      }
    }
  });
  return r;
}

interface Reached extends Found {
  /** how each region was reached: the region that refers to it (null for a starting point) */
  from: Map<AstNode, Target | null>;
  targets: Target[];
}

/** Every rule value reachable from these starting points. */
function reach(a: Analysis, starts: Target[]): Reached {
  const out: Reached = { ...found(), from: new Map(), targets: [] };
  const queue: [Target, Target | null][] = starts.map((t) => [t, null]);
  for (let i = 0; i < queue.length; i++) {
    const [t, parent] = queue[i] as [Target, Target | null];
    if (out.from.has(t.fn)) continue;
    out.from.set(t.fn, parent);
    out.targets.push(t);
    const r = region(a, t);
    add(out, r);
    for (const e of r.edges) queue.push([e, t]);
  }
  return out;
}

/** An argument given as a function, a name of one, or a call that makes one (`logRefusedRead(store)`). */
function handlerTargets(prog: Program, mod: Mod, arg: AstNode): Target[] {
  const n = unwrap(arg);
  if (!n) return [];
  if (isFunction(n)) return [{ mod, fn: n }];
  if (n.type === 'Identifier') {
    const b = mod.refs.get(n);
    return b ? targetsOf(prog, b) : [];
  }
  if (n.type === 'CallExpression') return calleeFns(prog, mod, n.callee);
  return calleeFns(prog, mod, n);
}

/**
 * The methods a hook acts on, when it starts by returning for the others
 * (`if (!WRITES.has(req.method)) return;`); null when it acts on all.
 */
function hookMethods(prog: Program, t: Target): ((method: string) => boolean) | null {
  const first = t.fn.body?.type === 'BlockStatement' ? t.fn.body.body[0] : undefined;
  const then = first?.type === 'IfStatement' && !first.alternate ? first.consequent : undefined;
  const returns =
    then?.type === 'ReturnStatement' ||
    (then?.type === 'BlockStatement' && then.body[0]?.type === 'ReturnStatement');
  if (!returns) return null;
  const negated = first.test.type === 'UnaryExpression' && first.test.operator === '!';
  const call = unwrap(negated ? first.test.argument : first.test);
  const callee = call?.type === 'CallExpression' ? unwrap(call.callee) : undefined;
  const arg = unwrap(call?.arguments?.[0]);
  if (callee?.type !== 'MemberExpression' || keyName(callee.property, callee.computed) !== 'has') return null;
  if (arg?.type !== 'MemberExpression' || keyName(arg.property, arg.computed) !== 'method') return null;
  const listed = valuesOf(prog, t.mod, callee.object).lits;
  if (!listed.size) return null;
  // returning when the method is not listed: it acts on the listed ones; when it is, on the others
  return (m) => listed.has(m) === negated;
}

interface RouteSite {
  method: string;
  url: string;
  starts: Target[];
  fns: AstNode[];
}

const REGISTER = new Set(['register']);
const ADD_HOOK = new Set(['addHook']);
const ROUTE_CALLS = new Set([...ROUTE_METHODS, 'route']);

const appCall = (n: AstNode, names: Set<string>) => {
  const c = unwrap(n.callee);
  if (c?.type !== 'MemberExpression') return undefined;
  const o = unwrap(c.object);
  const name = keyName(c.property, c.computed);
  return o?.type === 'Identifier' && APP_NAMES.has(o.name) && name && names.has(name) ? name : undefined;
};

/** The strings an argument may be; a parameter's taken from the calls of its function in the module. */
function strings(prog: Program, mod: Mod, arg: AstNode): string[] {
  const v = valuesOf(prog, mod, arg);
  const out = [...v.lits];
  for (const p of v.params)
    for (const site of mod.calls)
      if (calleeFns(prog, mod, site.node.callee).some((t) => t.fn === p.b.fn)) {
        const a = site.node.arguments[p.b.index ?? -1];
        if (a) for (const s of valuesOf(prog, mod, a).lits) out.push(p.prefix + s + p.suffix);
      }
  return out;
}

/** Every route the program registers: its method, full url and where its handling starts. */
function findRoutes(prog: Program): RouteSite[] {
  // the prefix each registered plugin (or the factory that makes it) gets: `register(x(store), { prefix })`
  const prefixes = new Map<AstNode, string[]>();
  const hooks: { fns: AstNode[]; starts: Target[]; acts: ((method: string) => boolean) | null }[] = [];
  for (const mod of prog.mods.values())
    for (const site of mod.calls) {
      const n = site.node;
      if (appCall(n, REGISTER) && n.arguments[1]?.type === 'ObjectExpression') {
        const p = n.arguments[1].properties.find((x: AstNode) => keyName(x.key, x.computed) === 'prefix');
        if (p)
          for (const t of handlerTargets(prog, mod, n.arguments[0]))
            prefixes.set(t.fn, strings(prog, mod, p.value));
      }
      if (
        appCall(n, ADD_HOOK) &&
        HOOKS.has(valuesOf(prog, mod, n.arguments[0]).lits.values().next().value ?? '')
      )
        for (const t of handlerTargets(prog, mod, n.arguments[1]))
          hooks.push({ fns: site.fns, starts: [t], acts: isFunction(t.fn) ? hookMethods(prog, t) : null });
    }
  const routes: RouteSite[] = [];
  for (const mod of prog.mods.values())
    for (const site of mod.calls) {
      const n = site.node;
      const kind = appCall(n, ROUTE_CALLS);
      if (!kind) continue;
      const args = n.arguments;
      const opts = kind === 'route' ? args[0] : args.length > 2 ? args[1] : undefined;
      const prop = (k: string) =>
        opts?.type === 'ObjectExpression'
          ? opts.properties.find((x: AstNode) => x.type === 'Property' && keyName(x.key, x.computed) === k)
              ?.value
          : undefined;
      const methods = kind === 'route' ? strings(prog, mod, prop('method')) : [kind];
      const paths = strings(prog, mod, kind === 'route' ? prop('url') : args[0]);
      const handler = kind === 'route' ? prop('handler') : args[args.length - 1];
      const starts = [handler, ...[...HOOKS].map(prop)]
        .filter(Boolean)
        .flatMap((h) => handlerTargets(prog, mod, h));
      const plugin = site.fns.find((f) => prefixes.has(f));
      for (const method of methods)
        for (const path of paths)
          for (const prefix of plugin ? (prefixes.get(plugin) ?? ['']) : [''])
            routes.push({ method: method.toUpperCase(), url: prefix + path, starts, fns: site.fns });
    }
  // a hook added inside a plugin runs for that plugin's routes; one added outside, for every route
  for (const r of routes)
    for (const h of hooks) {
      const scope = h.fns.filter((f) => prefixes.has(f));
      if (h.acts && !h.acts(r.method)) continue;
      if (!scope.length || scope.some((f) => r.fns.includes(f))) r.starts.push(...h.starts);
    }
  return routes.filter((r) => r.url.startsWith(API));
}

const CATALOGUE = Object.keys(messages);

/**
 * The rule ids every route may answer, which the document lists for all (GENERIC_RULES of
 * document.ts, read from its source here: importing it would load the server's modules).
 */
function genericRules(prog: Program): Set<string> {
  const file = join(prog.root, 'src/api/openapi/document.ts');
  const b = resolveExport(prog, file, 'GENERIC_RULES');
  if (!b) throw new Error(`${file} no longer exports GENERIC_RULES`);
  return bindingValues(prog, b).lits;
}

/** The catalogue's rule ids among these values (generic ones left out: every route may answer them). */
function ruleIds(a: Analysis, v: { lits: Set<string>; wild: Set<string> }): string[] {
  const res = [...v.wild].map((w) => new RegExp(`^${w}$`));
  return CATALOGUE.filter((k) => !a.generic.has(k) && (v.lits.has(k) || res.some((re) => re.test(k)))).sort();
}

function analysis(root: string): Analysis {
  const prog = loadProgram(root);
  return { prog, rp: findRuleParams(prog), regions: new Map(), data: new Map(), generic: genericRules(prog) };
}

export interface RouteRules {
  /** rule ids by "METHOD /api/v1/path/:param", sorted */
  routes: Record<string, string[]>;
  /** catalogue ids written in a rule position somewhere in src/ that no route reaches */
  unreached: string[];
}

/** The analysis, with what it could not attribute to any route. */
export function analyseRouteRules(root: string): RouteRules {
  const a = analysis(root);
  const { prog } = a;
  const byKey = new Map<string, Set<string>>();
  for (const r of findRoutes(prog)) {
    const key = `${r.method} ${r.url}`;
    const ids = byKey.get(key) ?? new Set<string>();
    for (const id of ruleIds(a, settle(reach(a, r.starts)))) ids.add(id);
    byKey.set(key, ids);
  }
  const order = (k: string) => `${k.slice(k.indexOf(' ') + 1)} ${k.slice(0, k.indexOf(' '))}`;
  const keys = [...byKey.keys()].sort((x, y) => (order(x) < order(y) ? -1 : order(x) > order(y) ? 1 : 0));
  const routes = Object.fromEntries(keys.map((k) => [k, [...(byKey.get(k) ?? [])].sort()]));
  // every rule position of the program, to say which ids no route reaches
  const everywhere = found();
  for (const mod of prog.mods.values()) add(everywhere, region(a, { mod, fn: mod.program }));
  const listed = new Set(Object.values(routes).flat());
  return { routes, unreached: ruleIds(a, settle(everywhere)).filter((id) => !listed.has(id)) };
}

const where = (t: Target) => {
  const line = t.mod.code.slice(0, t.fn.start).split('\n').length;
  const name = t.fn.id?.name ?? t.mod.code.slice(t.fn.start, t.fn.start + 40).split('\n')[0];
  return `${t.mod.file.slice(t.mod.file.indexOf('/src/') + 1)}:${line} ${name}`;
};

/** Why a route lists a rule: the chain of code from its handler to where the rule is written (for maintainers). */
export function explainRule(root: string, route: string, rule: string): string[] {
  const a = analysis(root);
  const r = findRoutes(a.prog).find((x) => `${x.method} ${x.url}` === route);
  if (!r) return [`no route ${route}`];
  const reached = reach(a, r.starts);
  const holder = reached.targets.find((t) =>
    ruleIds(a, settle({ ...region(a, t), owners: reached.owners })).includes(rule),
  );
  if (!holder) return [`${route} does not list ${rule}`];
  const chain: string[] = [];
  for (let t: Target | null | undefined = holder; t; t = reached.from.get(t.fn)) chain.unshift(where(t));
  return chain;
}

/** The rule ids each API route can answer, by "METHOD /api/v1/path/:param"; ids sorted. */
export function findRouteRules(root: string): Record<string, string[]> {
  return analyseRouteRules(root).routes;
}
