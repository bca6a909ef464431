/**
 * A module resolve hook for scripts/api-client.ts: openapi-typescript builds its output with the
 * classic TypeScript compiler API, which the project's TypeScript 7 (native, no JS API) lacks. Imports
 * of `typescript` from openapi-typescript's files get TypeScript 6 (@typescript/typescript6) instead;
 * every other import resolves as usual.
 */
export async function resolve(specifier, context, next) {
  if (specifier === 'typescript' && context.parentURL?.includes('/openapi-typescript/'))
    return next('@typescript/typescript6', context);
  return next(specifier, context);
}
