import { ROUTE_RULES } from './route-rules.js';

/**
 * The rule ids a route may answer, by "METHOD url": found in the code by scripts/route-rules.ts (a
 * static analysis of each handler's calls, rule-finder.ts) and written to route-rules.ts, which a
 * test keeps equal to a fresh analysis. Not a hand-kept list.
 */
const rules: Record<string, readonly string[]> = ROUTE_RULES;

export const rulesOf = (method: string, url: string): readonly string[] => rules[`${method} ${url}`] ?? [];
