import type { BlobRef } from './blob';
import { blobKeys } from './blob-keys';
import type { PublishedFile } from './ecommerce';
import type { RunSummary } from './stages';
import type { Usage } from './usage';

/** The file names a finished run's report is published under, in its output folder. */
export const REPORT_FILE_NAMES = { contactSheet: 'contact-sheet.png', html: 'report.html' } as const;

/** The blob key of a run's contact sheet. */
export function reportSheetKey(runKey: string): string {
  return blobKeys.step(runKey, 'report', 'contact-sheet');
}

/** One output shown in a run's report: a label, the image, and its judge score when it has one. */
export interface ReportItem {
  label: string;
  image: BlobRef;
  /** 0..1, shown as two decimals. */
  score?: number;
}

/** A fact shown at the top of a report, e.g. `style: warm-beige`. */
export interface ReportFact {
  name: string;
  value: string;
}

/** Input of `writeRunReport`: everything a report shows, as small plain JSON (images as blob references). */
export interface RunReportInput {
  runKey: string;
  director: string;
  /** One line naming the run, e.g. `E-commerce Director · warm-beige`. */
  title: string;
  /** The stage table as it stood when the report stage began. */
  summary: RunSummary;
  items: ReportItem[];
  /** Prompts the run wrote (Creative Director). */
  prompts?: { index: number; text: string }[];
  /** What the run's model calls cost, when any were paid for. */
  cost?: Usage;
  facts?: ReportFact[];
}

/** A run's published report files: the contact sheet PNG and the self-contained HTML report. */
export interface RunReportFiles {
  contactSheet: PublishedFile;
  html: { name: string; path: string };
}
