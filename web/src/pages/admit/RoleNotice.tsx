import { useTranslation } from 'react-i18next';
import { useSession } from '../../session';

/** Those the server would refuse an admission are told before they fill anything in. */
export function RoleNotice() {
  const { t } = useTranslation('admit');
  const { me } = useSession();
  if (me.can.admit) return null;
  return (
    <p className="admit-notice" data-testid="admit-role-notice">
      {t('notAllowed', { roles: me.roles.join(', ') })}
    </p>
  );
}
