import { useGet } from '../../components/status';

/** The facility's discipline catalogue (offences, sanctions and their limits); none without a facility. */
export const useCatalogue = (facility: string) =>
  useGet(
    '/facilities/{code}/discipline-catalogue',
    facility ? { params: { path: { code: facility } } } : null,
  );
