import { EmailContent } from './layout';

export interface ScheduledReportEmail {
  kind: 'scheduled-report';
  /** The schedule's name, e.g. "Daily summary". */
  scheduleName: string;
  /** The period in words, e.g. "Monday 30 March 2026 (Europe/Paris)". */
  periodLabel: string;
  /** One line per team and one for all of them, already formatted ("Sales: 120 calls, ..."). */
  lines: string[];
  /** The reports page of the supervisor console. */
  reportsUrl: string;
  /** Signed link that removes this recipient from the schedule. */
  unsubscribeUrl: string;
}

/** A scheduled team summary; the same figures are attached as CSV. */
export function scheduledReportEmail(template: ScheduledReportEmail): EmailContent {
  return {
    subject: `${template.scheduleName}: ${template.periodLabel}`,
    preheader: template.lines[0] ?? 'Your scheduled PosCalls4U report.',
    greeting: 'Hello,',
    paragraphs: [
      `Here is the scheduled report "${template.scheduleName}" for ${template.periodLabel}. The figures are also attached as CSV.`,
      ...template.lines,
    ],
    action: { label: 'Open the reports', url: template.reportsUrl },
    footnote: 'You receive this email because a supervisor added you to this report.',
    unsubscribeUrl: template.unsubscribeUrl,
  };
}
