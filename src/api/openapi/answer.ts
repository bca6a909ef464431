import { type TObjectOptions, type TProperties, type TSchema, Type } from 'typebox';

/**
 * The success answer of a route, for its OpenAPI description (openapi/document.ts) and for the check
 * of every answer the test suite provokes (openapi/check.ts). It does not change how the answer is
 * written: a route's `schema.response` does that, and where a route has one for `status`, `schema`
 * here is left out and that one is described.
 */
export interface Answer {
  status: 200 | 201 | 202 | 204;
  /** what the answer is, in words, in English and Spanish */
  en: string;
  es: string;
  /** the body (JSON unless `media` says otherwise); absent for 204 or when schema.response has it */
  schema?: TSchema;
  /** the media type of the body, when not application/json (text/html, text/csv) */
  media?: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** the success answer(s) of the route: one, or several when it answers e.g. 200 or 201 */
    answer?: Answer | Answer[];
    /** the route's summary in Spanish (schema.summary is the English one) */
    summaryEs?: string;
    /** error statuses the route answers beyond those its inputs and policy imply (429 of sign-in) */
    errors?: number[];
  }
}

/** The success answers of a route's config, as a list. */
export const answersOf = (a: Answer | Answer[] | undefined): Answer[] => (a === undefined ? [] : [a].flat());

/**
 * An object of an answer schema: every property it may carry is listed (`additionalProperties: false`),
 * so the check of answers (openapi/check.ts) catches a property the description does not tell.
 */
export const Closed = <P extends TProperties>(properties: P, options: TObjectOptions = {}) =>
  Type.Object(properties, { additionalProperties: false, ...options });

/**
 * A schema's or parameter's description in English and Spanish, as the OpenAPI document carries every
 * text (`*es:*` marks the Spanish; a test finds any description without it).
 */
export const bilingual = (en: string, es: string): string => `${en} · *es:* ${es}`;
