/** Strings of the roll page(s). */
export default {
  es: {},
  en: {},
};
