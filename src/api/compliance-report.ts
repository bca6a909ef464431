import type { DisciplineCounts } from '../domain/discipline/compliance.js';
import { type Lang, t } from '../domain/messages.js';
import type { Finding, RuleSummary } from '../domain/safeguards/compliance.js';

const esc = (s: unknown) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const L = {
  title: { es: 'Informe de cumplimiento', en: 'Compliance report' },
  profile: { es: 'Perfil', en: 'Profile' },
  checked: { es: 'Verificado', en: 'Checked' },
  window: { es: 'Registros de vida diaria del', en: 'Daily-life records from' },
  until: { es: 'al', en: 'to' },
  rule: { es: 'Regla', en: 'Rule' },
  ref: { es: 'Referencia', en: 'Reference' },
  severity: { es: 'Gravedad', en: 'Severity' },
  findings: { es: 'Hallazgos', en: 'Findings' },
  people: { es: 'Personas afectadas', en: 'People affected' },
  comparison: { es: 'Comparación de perfiles, regla por regla', en: 'Profiles compared, rule by rule' },
  detail: { es: 'Detalle (primeros 200 hallazgos por regla)', en: 'Detail (first 200 findings a rule)' },
  none: { es: 'Sin hallazgos.', en: 'No findings.' },
  discipline: { es: 'Disciplina y quejas en el período', en: 'Discipline and complaints in the window' },
  laid: { es: 'Cargos formulados', en: 'Charges laid' },
  heard: { es: 'Audiencias (probados / desestimados)', en: 'Hearings (proved / dismissed)' },
  unfair: {
    es: 'Audiencias sin notificación previa / probados sin oír',
    en: 'Hearings without notice / proved unheard',
  },
  pending: {
    es: 'Hoy: esperan notificación / audiencia',
    en: 'Now: awaiting notice / hearing',
  },
  imposed: { es: 'Sanciones impuestas', en: 'Sanctions imposed' },
  beyond: {
    es: 'Aislamientos sobre el máximo / prolongados tras su fin',
    en: 'Isolations beyond the maximum / held past their end',
  },
  appeals: { es: 'Apelaciones (presentadas / anulan)', en: 'Appeals (lodged / quashed)' },
  received: { es: 'Quejas recibidas (confidenciales)', en: 'Complaints received (confidential)' },
  answers: {
    es: 'Respondidas / abiertas / vencidas / respondidas tarde',
    en: 'Answered / open / overdue / answered late',
  },
  floor: {
    es: 'El piso internacional (Reglas Mandela) se evalúa siempre; un perfil nacional agrega reglas y nunca quita un hallazgo del piso.',
    en: 'The international floor (Mandela Rules) is always evaluated; a national profile adds rules and never removes a floor finding.',
  },
};

export interface ReportData {
  facility: { code: string; name: string };
  profile: { id: string; name: string };
  checkedAt: string;
  summary: RuleSummary[];
  findings: Finding[];
  comparison?: { a: string; b: string; rows: Record<string, unknown>[] };
  /** the days judged on records of daily life */
  window?: { from: string; to: string };
  /** discipline and complaints in the window, counted (a confidential complaint never named) */
  discipline?: DisciplineCounts;
}

/** A printable, self-contained HTML page of a compliance report, in one language. */
export function complianceHtml(d: ReportData, lang: Lang): string {
  const l = (k: keyof typeof L) => L[k][lang];
  const summary = d.summary.length
    ? `<table><thead><tr><th>${l('rule')}</th><th>${l('ref')}</th><th>${l('severity')}</th><th>${l('profile')}</th><th class="n">${l('findings')}</th><th class="n">${l('people')}</th></tr></thead><tbody>${d.summary
        .map(
          (s) =>
            `<tr class="${esc(s.severity)}"><td>${esc(s.rule)}</td><td>${esc(s.ref)}</td><td>${esc(s.severity)}</td><td>${esc(s.profile)}</td><td class="n">${s.findings}</td><td class="n">${s.people}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : `<p>${l('none')}</p>`;
  const c = d.comparison;
  const cmp = c
    ? `<h2>${l('comparison')}</h2><table><thead><tr><th>${l('rule')}</th><th>${l('ref')}</th><th class="n">${esc(c.a)}: ${l('findings')} / ${l('people')}</th><th class="n">${esc(c.b)}: ${l('findings')} / ${l('people')}</th></tr></thead><tbody>${c.rows
        .map((r) => {
          const cell = (x: unknown) =>
            x ? `${(x as { findings: number }).findings} / ${(x as { people: number }).people}` : '—';
          return `<tr><td>${esc(r.rule)}</td><td>${esc(r.ref)}</td><td class="n">${cell(r[c.a])}</td><td class="n">${cell(r[c.b])}</td></tr>`;
        })
        .join('')}</tbody></table>`
    : '';
  const k = d.discipline;
  const row = (label: keyof typeof L, ...n: number[]) =>
    `<tr><td>${l(label)}</td><td class="n">${n.join(' / ')}</td></tr>`;
  const discipline = k
    ? `<h2>${l('discipline')}</h2><table><tbody>${[
        row('laid', k.charges.laid),
        row('heard', k.charges.heard, k.charges.proved, k.charges.dismissed),
        row('unfair', k.charges.heardWithoutNotice, k.charges.provedUnheard),
        row('pending', k.charges.awaitingNotice, k.charges.awaitingHearing),
        row('imposed', k.sanctions.imposed),
        row('beyond', k.sanctions.isolationBeyondMax, k.sanctions.isolationPastEnd),
        row('appeals', k.appeals.lodged, k.appeals.quashed),
        row('received', k.complaints.received, k.complaints.confidential),
        row(
          'answers',
          k.complaints.answered,
          k.complaints.open,
          k.complaints.overdue,
          k.complaints.answeredLate,
        ),
      ].join('')}</tbody></table>`
    : '';
  const byRule = new Map<string, Finding[]>();
  // grouped in one pass (appending in place: copying the list per finding was quadratic, seconds for CECOT)
  for (const f of d.findings) {
    const list = byRule.get(f.rule);
    if (list) list.push(f);
    else byRule.set(f.rule, [f]);
  }
  const detail = [...byRule]
    .map(
      ([rule, fs]) =>
        `<h3>${esc(rule)}</h3><ul>${fs
          .slice(0, 200)
          .map((f) => `<li>${esc(t(f.message, lang, f.params))}</li>`)
          .join('')}</ul>`,
    )
    .join('');
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${l('title')} — ${esc(d.facility.code)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1d2430}table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{border:1px solid #ccd;padding:.3rem .5rem;text-align:left;font-size:.9rem}.n{text-align:right}
tr.critical td:first-child{border-left:4px solid #a4161a}tr.serious td:first-child{border-left:4px solid #e85d04}tr.warning td:first-child{border-left:4px solid #ffba08}
@media print{body{margin:0}h2{break-before:auto}ul{font-size:.8rem}}</style></head><body>
<h1>${l('title')}: ${esc(d.facility.name)} (${esc(d.facility.code)})</h1>
<p>${l('profile')}: <b>${esc(d.profile.name)}</b> · ${l('checked')}: ${esc(d.checkedAt)}${d.window ? ` · ${l('window')} ${esc(d.window.from)} ${l('until')} ${esc(d.window.to)}` : ''}</p><p>${l('floor')}</p>
${summary}${cmp}${discipline}<h2>${l('detail')}</h2>${detail}</body></html>`;
}
