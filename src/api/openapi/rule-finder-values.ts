/**
 * What strings an expression may be (rule ids are strings written in the code), and which
 * parameters of which functions end up as a rule: `notFound(rule, …)` makes its first parameter a
 * rule, so does `const no = (rule) => refuse([{ rule }])`, and a function that passes its own
 * parameter on to such a one. Analysis code for rule-finder.ts.
 */
import {
  type AstNode,
  type Binding,
  isFunction,
  keyName,
  type Mod,
  type Program,
  resolveBinding,
  resolveExport,
  unwrap,
} from './rule-finder-scope.js';

/** A parameter whose argument becomes (part of) a rule: rule = prefix + argument + suffix. */
export interface ParamRef {
  b: Binding;
  prefix: string;
  suffix: string;
}

/** The strings an expression may be: known ones, regular expressions of partly known ones, parameters. */
export interface Values {
  lits: Set<string>;
  /** regular expression sources (unanchored), for templates with unknown parts */
  wild: Set<string>;
  params: ParamRef[];
}

export interface Target {
  mod: Mod;
  fn: AstNode;
}

const MAX_DEPTH = 8;
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
const none = (): Values => ({ lits: new Set(), wild: new Set(), params: [] });

function merge(into: Values, v: Values): Values {
  for (const l of v.lits) into.lits.add(l);
  for (const w of v.wild) into.wild.add(w);
  into.params.push(...v.params);
  return into;
}

/** Every value a rule position gets from these values under a pattern (prefix + value + suffix). */
export function framed(v: Values, prefix: string, suffix: string): Values {
  return {
    lits: new Set([...v.lits].map((l) => prefix + l + suffix)),
    wild: new Set([...v.wild].map((w) => esc(prefix) + w + esc(suffix))),
    params: v.params.map((p) => ({ b: p.b, prefix: prefix + p.prefix, suffix: p.suffix + suffix })),
  };
}

/** The values a variable, an import or a declaration may hold. */
export function bindingValues(prog: Program, b: Binding, depth = 0): Values {
  const rb = resolveBinding(prog, b);
  if (rb.kind === 'param' && !rb.destructured)
    return { ...none(), params: [{ b: rb, prefix: '', suffix: '' }] };
  if (rb.kind !== 'decl' || !rb.node) return none();
  const out = none();
  if (rb.node.type === 'VariableDeclarator') {
    const sources = [rb.node.init, rb.iter, ...(rb.declKind === 'const' ? [] : rb.assigns)];
    // destructuring `const { rule } = x`: what x holds is not told apart, so nothing is claimed
    if (rb.node.id.type !== 'Identifier') return out;
    for (const s of sources) if (s) merge(out, valuesOf(prog, rb.mod, s, depth + 1));
  } else if (!isFunction(rb.node) && !rb.node.type.endsWith('Declaration'))
    merge(out, valuesOf(prog, rb.mod, rb.node, depth + 1));
  return out;
}

function templateValues(prog: Program, mod: Mod, n: AstNode, depth: number): Values {
  const q = n.quasis.map((x: AstNode) => x.value.cooked ?? x.value.raw);
  if (n.expressions.length === 0) return { ...none(), lits: new Set([q[0]]) };
  const parts = n.expressions.map((e: AstNode) => valuesOf(prog, mod, e, depth + 1));
  if (parts.length === 1) {
    const v = framed(parts[0], q[0], q[1]);
    if (!v.lits.size && !v.wild.size && !v.params.length) v.wild.add(`${esc(q[0])}.+${esc(q[1])}`);
    return v;
  }
  // several unknowns: a pattern of what is known
  let re = esc(q[0]);
  parts.forEach((p: Values, i: number) => {
    const alts = [...p.lits].map(esc);
    re += alts.length && !p.wild.size && !p.params.length ? `(?:${alts.join('|')})` : '.+';
    re += esc(q[i + 1]);
  });
  return { ...none(), wild: new Set([re]) };
}

/** The strings an expression may evaluate to, as far as the code says without running it. */
export function valuesOf(prog: Program, mod: Mod, expr: AstNode, depth = 0): Values {
  const n = unwrap(expr);
  if (!n || depth > MAX_DEPTH) return none();
  switch (n.type) {
    case 'Literal':
      return typeof n.value === 'string' ? { ...none(), lits: new Set([n.value]) } : none();
    case 'TemplateLiteral':
      return templateValues(prog, mod, n, depth);
    case 'ConditionalExpression':
      return merge(valuesOf(prog, mod, n.consequent, depth + 1), valuesOf(prog, mod, n.alternate, depth + 1));
    case 'LogicalExpression':
      return merge(valuesOf(prog, mod, n.left, depth + 1), valuesOf(prog, mod, n.right, depth + 1));
    case 'ArrayExpression': {
      const out = none();
      for (const e of n.elements)
        if (e) merge(out, valuesOf(prog, mod, e.type === 'SpreadElement' ? e.argument : e, depth + 1));
      return out;
    }
    case 'Identifier': {
      const b = mod.refs.get(n);
      return b ? bindingValues(prog, b, depth) : none();
    }
    case 'NewExpression':
      // `new Set(['POST', 'PUT'])`: what it holds
      return n.callee.type === 'Identifier' && n.callee.name === 'Set' && !mod.refs.has(n.callee)
        ? valuesOf(prog, mod, n.arguments[0], depth + 1)
        : none();
    case 'CallExpression': {
      // `rule: ruleOf(kind)`: what the function returns
      const out = none();
      for (const t of calleeFns(prog, mod, n.callee))
        for (const r of returned(t.fn)) merge(out, valuesOf(prog, t.mod, r, depth + 1));
      return { ...out, params: [] };
    }
    case 'MemberExpression': {
      const key = keyName(n.property, n.computed);
      const obj = unwrap(n.object);
      if (key === undefined && obj?.type === 'Identifier') {
        // `RULE_OF[kind]`: any value of a constant object or array
        const b = mod.refs.get(obj);
        const rb = b && resolveBinding(prog, b);
        const init =
          rb?.kind === 'decl' && rb.node?.type === 'VariableDeclarator' ? unwrap(rb.node.init) : null;
        const values =
          init?.type === 'ObjectExpression'
            ? init.properties.filter((p: AstNode) => p.type === 'Property').map((p: AstNode) => p.value)
            : init?.type === 'ArrayExpression'
              ? [init]
              : [];
        const out = none();
        for (const v of values) merge(out, valuesOf(prog, rb?.mod ?? mod, v, depth + 1));
        return out;
      }
      if (key === undefined || obj?.type !== 'Identifier') return none();
      const b = mod.refs.get(obj);
      const rb = b && resolveBinding(prog, b);
      if (rb?.kind === 'ns' && rb.from) {
        const e = resolveExport(prog, rb.from, key);
        return e ? bindingValues(prog, e, depth + 1) : none();
      }
      // a property of a constant object: `RULES.capacity`
      const init =
        rb?.kind === 'decl' && rb.node?.type === 'VariableDeclarator' ? unwrap(rb.node.init) : null;
      if (init?.type !== 'ObjectExpression') return none();
      const prop = init.properties.find(
        (p: AstNode) => p.type === 'Property' && keyName(p.key, p.computed) === key,
      );
      return prop ? valuesOf(prog, rb?.mod ?? mod, prop.value, depth + 1) : none();
    }
    default:
      return none();
  }
}

/** The expressions a function returns (not those of functions inside it). */
function returned(fn: AstNode): AstNode[] {
  if (fn.body?.type !== 'BlockStatement') return fn.body ? [fn.body] : [];
  const out: AstNode[] = [];
  const visit = (n: AstNode) => {
    if (!n || typeof n !== 'object' || isFunction(n)) return;
    if (Array.isArray(n)) {
      for (const x of n) visit(x);
      return;
    }
    if (n.type === 'ReturnStatement' && n.argument) out.push(n.argument);
    for (const k in n) if (n[k] && typeof n[k] === 'object' && k !== 'typeAnnotation') visit(n[k]);
  };
  visit(fn.body.body);
  return out;
}

/** The function a binding declares, if it declares one. */
function bindingFn(prog: Program, b: Binding | undefined): Target[] {
  if (!b) return [];
  const rb = resolveBinding(prog, b);
  if (rb.kind !== 'decl' || !rb.node) return [];
  const node = rb.node.type === 'VariableDeclarator' ? unwrap(rb.node.init) : rb.node;
  return isFunction(node) ? [{ mod: rb.mod, fn: node }] : [];
}

const callees = new WeakMap<AstNode, Target[]>();

/** The functions a call's callee may be: a name, a namespace's member, a constant object's method. */
export function calleeFns(prog: Program, mod: Mod, callee: AstNode): Target[] {
  if (!callee || typeof callee !== 'object') return [];
  const known = callees.get(callee);
  if (known) return known;
  const out = findCallee(prog, mod, callee);
  callees.set(callee, out);
  return out;
}

function findCallee(prog: Program, mod: Mod, callee: AstNode): Target[] {
  const c = unwrap(callee);
  if (!c) return [];
  if (isFunction(c)) return [{ mod, fn: c }];
  if (c.type === 'Identifier') return bindingFn(prog, mod.refs.get(c));
  if (c.type !== 'MemberExpression') return [];
  const key = keyName(c.property, c.computed);
  const obj = unwrap(c.object);
  if (key === undefined || obj?.type !== 'Identifier') return [];
  const b = mod.refs.get(obj);
  const rb = b && resolveBinding(prog, b);
  if (rb?.kind === 'ns' && rb.from) return bindingFn(prog, resolveExport(prog, rb.from, key));
  const init = rb?.kind === 'decl' && rb.node?.type === 'VariableDeclarator' ? unwrap(rb.node.init) : null;
  if (init?.type !== 'ObjectExpression') return [];
  const prop = init.properties.find(
    (p: AstNode) => p.type === 'Property' && keyName(p.key, p.computed) === key,
  );
  const fn = prop && unwrap(prop.value);
  return isFunction(fn) && rb ? [{ mod: rb.mod, fn }] : [];
}

/** Array methods whose callback's first parameter is an element of the array. */
export const ELEMENT_CALLBACKS = new Set(['map', 'flatMap', 'forEach', 'filter', 'some', 'every', 'find']);

/** For each function, the positions of its parameters that become rules, with their patterns. */
export type RuleParams = Map<AstNode, Map<number, Set<string>>>;
const SEP = '\u0000';
export const patterns = (set: Set<string>) =>
  [...set].map((p) => {
    const [prefix = '', suffix = ''] = p.split(SEP);
    return { prefix, suffix };
  });

/** Whether `add` marked something new. */
function mark(rp: RuleParams, refs: ParamRef[]): boolean {
  let changed = false;
  for (const r of refs) {
    if (!r.b.fn || r.b.index === undefined) continue;
    const byIndex = rp.get(r.b.fn) ?? new Map<number, Set<string>>();
    rp.set(r.b.fn, byIndex);
    const set = byIndex.get(r.b.index) ?? new Set<string>();
    byIndex.set(r.b.index, set);
    const key = r.prefix + SEP + r.suffix;
    if (!set.has(key) && set.size < 50) {
      set.add(key);
      changed = true;
    }
  }
  return changed;
}

/** The values of a call's arguments that become rules, by the callee's rule parameters. */
export function ruleArgs(prog: Program, mod: Mod, call: AstNode, rp: RuleParams): Values {
  const out = none();
  const args = call.arguments ?? [];
  for (const t of calleeFns(prog, mod, call.callee)) {
    for (const [i, pats] of rp.get(t.fn) ?? []) {
      const given = args[i];
      if (given?.type === 'SpreadElement') continue;
      // left out: the parameter's default, in the callee's module
      const param = t.fn.params[i];
      const v = given
        ? valuesOf(prog, mod, given)
        : param?.type === 'AssignmentPattern'
          ? valuesOf(prog, t.mod, param.right)
          : none();
      for (const p of patterns(pats)) merge(out, framed(v, p.prefix, p.suffix));
    }
  }
  // `['a', 'b'].map((rule) => ({ rule }))`: the elements of the array become rules
  const c = unwrap(call.callee);
  if (c?.type === 'MemberExpression' && ELEMENT_CALLBACKS.has(keyName(c.property, c.computed) ?? '')) {
    for (const arg of args)
      for (const t of calleeFns(prog, mod, arg)) {
        const pats = rp.get(t.fn)?.get(0);
        if (!pats) continue;
        const v = valuesOf(prog, mod, c.object);
        for (const p of patterns(pats)) merge(out, framed(v, p.prefix, p.suffix));
      }
  }
  return out;
}

/** The value of a `rule:` property or a `x.rule =` assignment: the rule positions written in place. */
export function rulePositions(n: AstNode): AstNode[] {
  if (n.type === 'ObjectExpression')
    return n.properties
      .filter((p: AstNode) => p.type === 'Property' && keyName(p.key, p.computed) === 'rule')
      .map((p: AstNode) => p.value);
  if (n.type === 'AssignmentExpression' && n.left.type === 'MemberExpression')
    return keyName(n.left.property, n.left.computed) === 'rule' ? [n.right] : [];
  return [];
}

function eachNode(n: AstNode, visit: (n: AstNode) => void) {
  if (!n || typeof n !== 'object') return;
  if (Array.isArray(n)) {
    for (const x of n) eachNode(x, visit);
    return;
  }
  if (typeof n.type !== 'string') return;
  visit(n);
  for (const k in n) {
    const v = n[k];
    if (v && typeof v === 'object' && k !== 'typeAnnotation' && k !== 'returnType') eachNode(v, visit);
  }
}

export { eachNode };

/**
 * The rule parameters of every function of the program: found where a parameter reaches a rule
 * position, then carried back through the calls that pass a parameter on, until nothing changes.
 */
export function findRuleParams(prog: Program): RuleParams {
  const rp: RuleParams = new Map();
  for (const mod of prog.mods.values())
    eachNode(mod.program, (n) => {
      for (const value of rulePositions(n)) mark(rp, valuesOf(prog, mod, value).params);
    });
  for (let round = 0; round < 30; round++) {
    let changed = false;
    for (const mod of prog.mods.values())
      for (const site of mod.calls) {
        const { params } = ruleArgs(prog, mod, site.node, rp);
        if (params.length && mark(rp, params)) changed = true;
      }
    if (!changed) break;
  }
  return rp;
}

/**
 * Where a rule read off data comes from, by the data's property names: `rules.catalogue?.rule` reads
 * the `rule` of something kept under `catalogue`; `rules.sanctions[kind].rule`, of something kept
 * under any key of `sanctions`.
 */
export interface Owner {
  key?: string;
  parentKey?: string;
}

/** The owner of `X` in a rule position `X.rule`, following local names to what they were given. */
export function ownerOf(prog: Program, mod: Mod, x: AstNode, depth = 0): Owner | null {
  const n = unwrap(x);
  if (!n || depth > MAX_DEPTH) return null;
  if (n.type === 'MemberExpression') {
    const key = keyName(n.property, n.computed);
    if (key !== undefined) return { key };
    const parent = ownerOf(prog, mod, n.object, depth + 1);
    return parent?.key ? { parentKey: parent.key } : null;
  }
  if (n.type === 'LogicalExpression' || n.type === 'ConditionalExpression')
    return ownerOf(prog, mod, n.type === 'LogicalExpression' ? n.left : n.consequent, depth + 1);
  if (n.type !== 'Identifier') return null;
  const b = mod.refs.get(n);
  const rb = b && resolveBinding(prog, b);
  if (rb?.kind !== 'decl' || rb.node?.type !== 'VariableDeclarator') return null;
  const from = rb.iter ?? rb.node.init;
  return from ? ownerOf(prog, rb.mod, from, depth + 1) : null;
}

export const owns = (o: Owner, chain: string[]) =>
  o.key !== undefined ? chain.at(-1) === o.key : chain.at(-2) === o.parentKey;

/**
 * The object literals of a module written outside any function (its data: profiles, constants),
 * each with the property names that lead to it from its constant (`['unMandela', 'discipline',
 * 'isolation']`). Arrays and wrappers (`as const`, a call around) add no name.
 */
export function dataObjects(mod: Mod): Map<AstNode, string[]> {
  const out = new Map<AstNode, string[]>();
  const visit = (n: AstNode, chain: string[]) => {
    if (!n || typeof n !== 'object' || isFunction(n)) return;
    if (Array.isArray(n)) {
      for (const x of n) visit(x, chain);
      return;
    }
    if (typeof n.type !== 'string' || n.type === 'ClassDeclaration' || n.type === 'ClassExpression') return;
    if (n.type === 'ObjectExpression') {
      out.set(n, chain);
      for (const p of n.properties)
        if (p.type === 'Property') visit(p.value, [...chain, keyName(p.key, p.computed) ?? '*']);
        else visit(p, chain);
      return;
    }
    if (n.type === 'VariableDeclarator') {
      visit(n.init, n.id.type === 'Identifier' ? [n.id.name] : chain);
      return;
    }
    for (const k of Object.keys(n))
      if (k !== 'typeAnnotation' && n[k] && typeof n[k] === 'object') visit(n[k], chain);
  };
  visit(mod.program, []);
  return out;
}
