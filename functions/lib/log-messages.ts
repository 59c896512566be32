/**
 * The log lines the province's monitoring counts (infra/constructs/monitoring.ts turns each into a
 * CloudWatch metric with a log metric filter on `$.message`): the functions write them with these
 * constants, the stacks filter on the same ones, so a renamed message cannot silently stop an alarm.
 * Counting from the structured log replaces in-code metrics: no metrics library in any bundle, and
 * a count exists only where an alarm or the dashboard reads it. Lines carry no personal data.
 */
export const monitoredLogMessages = {
  /** An officer request was refused because its audit entry could not be written (alarmed). */
  auditWriteFailed: "audit entry not written",
  /** A new-report notice could not be e-mailed to the commune's officers (alarmed). */
  reportNoticeFailed: "report notification failed",
  /** A public report was filed (the dashboard's intake). */
  reportSubmitted: "report submitted",
  /** A report came with the honeypot field filled: a robot (the dashboard). */
  reportHoneypot: "report honeypot",
  /** The case jobs and the oversight reminders log each run; silence for too long is alarmed. */
  caseRemindersRun: "reminders run",
  caseRetentionRun: "retention run",
  oversightRemindersRun: "oversight reminders run",
} as const;
