// `rollsafe report --format json` (docs/report-format.md).
import type { ReportRun } from "../commands/report/run.js";
import { reportDocument } from "./report-model.js";

export function formatReportJson(run: ReportRun): string {
  return `${JSON.stringify(reportDocument(run), null, 2)}\n`;
}
