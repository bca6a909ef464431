import { type ChangeEvent, type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Answer, ApiError, type Body, post } from '../../api';
import { ProblemView, useGet } from '../../components/status';
import { href } from '../../router';
import { useSession } from '../../session';
import {
  type AdmissionForm,
  buildAdmission,
  EMPTY_FORM,
  type FormField,
  fieldOf,
  LEGAL_BASIS_KINDS,
  nameOf,
  SECURITY_LEVELS,
  SEXES,
  STATUSES,
} from './admission';
import { RoleNotice } from './RoleNotice';

/** One admission: the form, a suggested cell, and the server's answer or refusal in words. */
export function SingleAdmission() {
  const { t } = useTranslation('admit');
  const { facility } = useSession();
  const [form, setForm] = useState<AdmissionForm>(EMPTY_FORM);
  const [busy, setBusy] = useState<'suggest' | 'admit' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [suggested, setSuggested] = useState<string | null>(null);
  const [admitted, setAdmitted] = useState<{
    placement: Answer<'/admissions', 'post'>;
    name: string;
    facility: string;
  } | null>(null);
  const groups = useGet('/groups', {});
  const cells = useGet(
    '/facilities/{code}/roll',
    facility ? { params: { path: { code: facility.code } } } : null,
  );
  const ids = { zone: useId(), lb: useId(), groups: useId(), cell: useId(), cells: useId(), intro: useId() };
  if (!facility) return null;
  const zone = facility.timezone;

  const invalid = new Set<FormField>();
  if (error instanceof ApiError)
    for (const v of error.problem.violations ?? []) {
      const f = fieldOf(v.subject);
      if (f) invalid.add(f);
    }
  const bind = (k: FormField) => ({
    name: k,
    value: form[k],
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
      setForm((f) => ({ ...f, [k]: e.target.value })),
    'aria-invalid': invalid.has(k) || undefined,
  });

  const suggest = async () => {
    setBusy('suggest');
    setError(null);
    setSuggested(null);
    setAdmitted(null);
    try {
      // the form's values as typed: the server checks them and names each field it refuses
      const body = { facility: facility.code, ...buildAdmission(form, zone, false) };
      const r = await post('/admissions/preview', { body: body as Body<'/admissions/preview'> });
      setForm((f) => ({ ...f, cell: r.cell }));
      setSuggested(r.cell);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy('admit');
    setError(null);
    setSuggested(null);
    setAdmitted(null);
    try {
      const body = { facility: facility.code, ...buildAdmission(form, zone, true) };
      const placement = await post('/admissions', { body: body as Body<'/admissions'> });
      setAdmitted({
        placement,
        name: nameOf(body),
        facility: facility.code,
      });
      setForm(EMPTY_FORM);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  const req = <span aria-hidden="true"> *</span>;
  const known = groups.data?.groups.map((g) => g.code) ?? [];
  return (
    <>
      <h1>{t('title', { facility: facility.code })}</h1>
      <RoleNotice />
      <p id={ids.intro} className="muted">
        {t('intro')}
      </p>
      <form
        onSubmit={submit}
        noValidate
        className="admit-form"
        data-testid="admit-form"
        aria-describedby={ids.intro}
      >
        <fieldset>
          <legend>{t('person')}</legend>
          <label>
            <span>
              {t('givenNames')}
              {req}
            </span>
            <input {...bind('givenNames')} required autoComplete="off" />
          </label>
          <label>
            <span>
              {t('familyNames')}
              {req}
            </span>
            <input {...bind('familyNames')} required autoComplete="off" />
          </label>
          <label>
            <span>
              {t('dateOfBirth')}
              {req}
            </span>
            <input type="date" {...bind('dateOfBirth')} required />
          </label>
          <label>
            <span>
              {t('sex')}
              {req}
            </span>
            <select {...bind('sex')} required>
              <option value="">{t('choose')}</option>
              {SEXES.map((s) => (
                <option key={s} value={s}>
                  {t(`sexes.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('nationalId')}
            <input {...bind('nationalId')} autoComplete="off" />
          </label>
        </fieldset>

        <fieldset aria-describedby={ids.lb}>
          <legend>{t('legalBasis')}</legend>
          <p id={ids.lb} className="muted admit-hint admit-wide">
            {t('legalBasisHint')}
          </p>
          <label>
            {t('legalBasisKind')}
            <select {...bind('lbKind')}>
              <option value="">{t('noLegalBasis')}</option>
              {LEGAL_BASIS_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`legalBasisKinds.${k}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('reference')}
            <input {...bind('lbReference')} autoComplete="off" />
          </label>
          <label>
            {t('issuedBy')}
            <input {...bind('lbIssuedBy')} />
          </label>
          <label>
            {t('issuedAt')}
            <input type="datetime-local" {...bind('lbIssuedAt')} aria-describedby={ids.zone} />
          </label>
          <label>
            {t('expiresAt')}
            <input type="datetime-local" {...bind('lbExpiresAt')} aria-describedby={ids.zone} />
          </label>
          <p id={ids.zone} className="muted admit-hint admit-wide">
            {t('zoneHint', { zone })}
          </p>
        </fieldset>

        <fieldset>
          <legend>{t('custody')}</legend>
          <label>
            <span>
              {t('status')}
              {req}
            </span>
            <select {...bind('status')} required>
              <option value="">{t('choose')}</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`statuses.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('securityLevel')}
            <select {...bind('securityLevel')}>
              <option value="">{t('notClassified')}</option>
              {SECURITY_LEVELS.map((s) => (
                <option key={s} value={s}>
                  {t(`securityLevels.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('groups')}
            <input {...bind('groups')} aria-describedby={ids.groups} autoComplete="off" />
          </label>
          <label>
            {t('cell')}
            <input {...bind('cell')} list={ids.cells} aria-describedby={ids.cell} autoComplete="off" />
          </label>
          <datalist id={ids.cells}>
            {(cells.data?.units ?? [])
              .filter((u) => u.kind === 'cell')
              .map((u) => (
                <option key={u.code} value={u.code} />
              ))}
          </datalist>
          <p id={ids.groups} className="muted admit-hint admit-wide">
            {t('groupsHint', { groups: known.length ? known.join(', ') : t('noGroups') })}
          </p>
          <p id={ids.cell} className="muted admit-hint admit-wide">
            {t('cellHint')}
          </p>
        </fieldset>

        <div className="row">
          <button type="button" className="secondary" onClick={() => void suggest()} disabled={!!busy}>
            {busy === 'suggest' ? t('suggesting') : t('suggest')}
          </button>
          <button type="submit" disabled={!!busy}>
            {busy === 'admit' ? t('submitting') : t('submit')}
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setForm(EMPTY_FORM);
              setError(null);
              setSuggested(null);
            }}
            disabled={!!busy}
          >
            {t('clear')}
          </button>
        </div>
      </form>
      <div role="status" data-testid="admit-status">
        {suggested ? (
          <p className="ok" data-testid="admit-suggestion">
            {t('suggested', { cell: suggested })}
          </p>
        ) : null}
        {admitted ? (
          <div className="ok" data-testid="admit-result">
            <p>
              {t('admitted', {
                name: admitted.name,
                facility: admitted.facility,
                cell: admitted.placement.cell,
              })}
            </p>
            <p>
              <a href={href('people', admitted.placement.personId)} data-testid="admitted-person-link">
                {t('openRecord', { name: admitted.name })}
              </a>
            </p>
          </div>
        ) : null}
      </div>
      <div data-testid="admit-problem">
        <ProblemView error={error} />
      </div>
    </>
  );
}
