/** Strings of the dashboard page(s). */
export default {
  es: {},
  en: {},
};
