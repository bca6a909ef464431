import { useApi } from '../../components/status';
import type { Catalogue } from './discipline';

/** The facility's discipline catalogue (offences, sanctions and their limits); none without a facility. */
export const useCatalogue = (facility: string) =>
  useApi<Catalogue>(facility ? `/facilities/${encodeURIComponent(facility)}/discipline-catalogue` : null);
