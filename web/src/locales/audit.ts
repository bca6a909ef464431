/** Strings of the audit page(s). */
export default {
  es: {},
  en: {},
};
