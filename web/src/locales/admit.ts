/** Strings of the admit page(s). */
export default {
  es: {},
  en: {},
};
