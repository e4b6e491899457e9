import { stringify } from 'csv-stringify/sync';

import { KpiFigures, ReportSummaryRow } from '@poscalls4u/contracts';

import { spreadsheetText } from '../comparison/team-comparison.service';

/** The KPIs a scheduled report lists, as the reports page shows them, with their CSV column. */
const COLUMNS: { key: keyof KpiFigures; column: string; label: string; unit: string }[] = [
  { key: 'offered', column: 'offered', label: 'offered', unit: '' },
  { key: 'answered', column: 'answered', label: 'answered', unit: '' },
  { key: 'handled', column: 'handled', label: 'handled', unit: '' },
  {
    key: 'serviceLevelPercent',
    column: 'service_level_percent',
    label: 'service level',
    unit: '%',
  },
  {
    key: 'abandonmentRatePercent',
    column: 'abandonment_rate_percent',
    label: 'abandoned',
    unit: '%',
  },
  { key: 'asaSeconds', column: 'asa_seconds', label: 'ASA', unit: ' s' },
  { key: 'ahtSeconds', column: 'aht_seconds', label: 'AHT', unit: ' s' },
  { key: 'occupancyPercent', column: 'occupancy_percent', label: 'occupancy', unit: '%' },
  { key: 'successRatePercent', column: 'success_rate_percent', label: 'success', unit: '%' },
  { key: 'averageQaScore', column: 'average_qa_score', label: 'QA average', unit: '' },
];

function value(figures: KpiFigures, key: keyof KpiFigures): number | null {
  const raw = figures[key];
  return typeof raw === 'number' ? Math.round(raw * 10) / 10 : null;
}

/** "Sales: 120 offered, 115 answered, ..., service level 87.5%, QA average n/a". */
export function summaryLine(name: string, figures: KpiFigures): string {
  const parts = COLUMNS.map(({ key, label, unit }) => {
    const v = value(figures, key);
    if (v === null) return `${label} n/a`;
    return unit === '' && !label.startsWith('QA') ? `${v} ${label}` : `${label} ${v}${unit}`;
  });
  return `${name}: ${parts.join(', ')}`;
}

/** One row per team and a last row for all of them; team names made safe for spreadsheets. */
export function summaryCsv(
  period: { start: string; end: string },
  rows: ReportSummaryRow[],
  totals: KpiFigures,
): string {
  const columns = [
    'period_start',
    'period_end',
    'team_id',
    'team',
    ...COLUMNS.map((c) => c.column),
  ];
  const line = (teamId: string, team: string, figures: KpiFigures) => [
    period.start,
    period.end,
    teamId,
    spreadsheetText(team),
    ...COLUMNS.map(({ key }) => value(figures, key)),
  ];
  return stringify(
    [...rows.map((row) => line(row.teamId, row.teamName, row.figures)), line('', 'All', totals)],
    { header: true, columns },
  );
}
