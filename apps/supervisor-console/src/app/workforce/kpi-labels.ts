import { ComparedKpi } from '@poscalls4u/contracts';

/** The compared KPIs in words, with their unit. */
export const KPI_LABELS: Record<ComparedKpi, string> = {
  offered: 'Calls offered',
  serviceLevelPercent: 'Service level %',
  asaSeconds: 'ASA (s)',
  ahtSeconds: 'AHT (s)',
  abandonmentRatePercent: 'Abandoned %',
  occupancyPercent: 'Occupancy %',
  successRatePercent: 'Success %',
  averageQaScore: 'QA average',
};
