/** Strings of the compliance page(s). */
export default {
  es: {},
  en: {},
};
