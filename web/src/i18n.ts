import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import activities from './locales/activities';
import admit from './locales/admit';
import audit from './locales/audit';
import backtest from './locales/backtest';
import cell from './locales/cell';
import common from './locales/common';
import complaints from './locales/complaints';
import compliance from './locales/compliance';
import dailyLifeTimeline from './locales/daily-life-timeline';
import dashboard from './locales/dashboard';
import discipline from './locales/discipline';
import openAir from './locales/open-air';
import people from './locales/people';
import projection from './locales/projection';
import rightsTimeline from './locales/rights-timeline';
import roll from './locales/roll';
import sentences from './locales/sentences';
import visits from './locales/visits';

/** Every string a person reads, in Spanish and English; one namespace per page. */
const namespaces = {
  common,
  dashboard,
  roll,
  cell,
  // the timeline's words for the events of daily life, discipline and complaints, beside the person's other events
  people: {
    es: {
      ...people.es,
      ...dailyLifeTimeline.es,
      ...rightsTimeline.es,
      kinds: { ...people.es.kinds, ...dailyLifeTimeline.es.kinds, ...rightsTimeline.es.kinds },
      dutyKind: { ...people.es.dutyKind, ...rightsTimeline.es.dutyKind },
    },
    en: {
      ...people.en,
      ...dailyLifeTimeline.en,
      ...rightsTimeline.en,
      kinds: { ...people.en.kinds, ...dailyLifeTimeline.en.kinds, ...rightsTimeline.en.kinds },
      dutyKind: { ...people.en.dutyKind, ...rightsTimeline.en.dutyKind },
    },
  },
  admit,
  compliance,
  audit,
  projection,
  backtest,
  sentences,
  visits,
  openAir,
  activities,
  discipline,
  complaints,
};
export type Namespace = keyof typeof namespaces;

const LANG = 'custodia.lang';
const initial =
  localStorage.getItem(LANG) ?? (navigator.languages.find((l) => /^(es|en)\b/.test(l))?.slice(0, 2) || 'en');

void i18n.use(initReactI18next).init({
  lng: initial === 'es' ? 'es' : 'en',
  fallbackLng: 'en',
  defaultNS: 'common',
  ns: Object.keys(namespaces),
  resources: {
    es: Object.fromEntries(Object.entries(namespaces).map(([ns, r]) => [ns, r.es])),
    en: Object.fromEntries(Object.entries(namespaces).map(([ns, r]) => [ns, r.en])),
  },
  interpolation: { escapeValue: false },
});

export function setLanguage(lang: 'es' | 'en') {
  localStorage.setItem(LANG, lang);
  document.documentElement.lang = lang;
  void i18n.changeLanguage(lang);
}
document.documentElement.lang = i18n.language;

export default i18n;
