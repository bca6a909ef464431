/** Strings of the cell page(s). */
export default {
  es: {},
  en: {},
};
