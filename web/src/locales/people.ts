/** Strings of the people page(s). */
export default {
  es: {},
  en: {},
};
