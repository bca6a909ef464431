/**
 * The answers found not as documented (openapi/check.ts), kept in this process until a look takes
 * them: test/helpers/check-answers.ts fails the test file that provoked any. A module of its own, with
 * no imports, so that the look costs a test file nothing.
 */
const found: string[] = [];

export const keepMismatch = (text: string): void => {
  found.push(text);
};

/** The answers found not as documented since the last call (in this process), taken off the list. */
export const takeMismatches = (): string[] => found.splice(0);
