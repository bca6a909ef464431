import { useTranslation } from 'react-i18next';
import { href } from '../../router';
import type { PageProps } from '..';
import { BulkAdmission } from './BulkAdmission';
import { SingleAdmission } from './SingleAdmission';
import './admit.css';

/** `#/admit`: one person; `#/admit/bulk`: many, from a CSV file. */
export function Admit({ route }: PageProps) {
  const { t } = useTranslation('admit');
  const bulk = route[1] === 'bulk';
  return (
    <div className="admit">
      <nav aria-label={t('modes')} className="admit-modes">
        <a href={href('admit')} aria-current={bulk ? undefined : 'page'}>
          {t('single')}
        </a>
        <a href={href('admit', 'bulk')} aria-current={bulk ? 'page' : undefined}>
          {t('bulk')}
        </a>
      </nav>
      {bulk ? <BulkAdmission /> : <SingleAdmission />}
    </div>
  );
}
