import type { LineRecord } from '../shared/catalog';

/** The results file's columns, in order: one row per manifest line. */
export const RESULT_COLUMNS = [
  'sku',
  'line',
  'status',
  'failureType',
  'failureField',
  'failureMessage',
  'outputs',
  'costUsd',
  'attempts',
  'workflowId',
  'note',
] as const;

/** One results row as plain values (what the JSONL file holds, one object a line). */
export interface ResultRow {
  sku: string;
  line: number;
  status: LineRecord['status'];
  failureType: string | null;
  failureField: string | null;
  failureMessage: string | null;
  /** Published files (paths or store URIs). */
  outputs: string[];
  costUsd: number;
  attempts: number;
  workflowId: string | null;
  note: string | null;
}

/** A record as a results row. Pure. */
export function resultRow(record: LineRecord): ResultRow {
  return {
    sku: record.sku,
    line: record.line,
    status: record.status,
    failureType: record.failure?.type ?? null,
    failureField: record.failure?.field ?? null,
    failureMessage: record.failure?.message ?? null,
    outputs: record.outputs,
    costUsd: record.costUsd,
    attempts: record.attempts,
    workflowId: record.workflowId ?? null,
    note: record.note ?? null,
  };
}

/**
 * The results as CSV (RFC 4180: a header row, CRLF line ends, fields quoted when they hold a comma, a quote
 * or a line break; outputs joined by `;`). A cell a spreadsheet would run as a formula (a bad line's SKU
 * `=HYPERLINK(…)`) is prefixed with `'`; the JSONL file keeps every value as it was. Pure.
 */
export function resultsCsv(records: readonly LineRecord[]): string {
  const lines = [RESULT_COLUMNS.join(',')];
  for (const record of records) {
    const row = resultRow(record);
    lines.push(
      RESULT_COLUMNS.map((column) => {
        const value = row[column];
        return csvField(Array.isArray(value) ? value.join(';') : value === null ? '' : String(value));
      }).join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The results as JSON Lines: one `ResultRow` object a line. Pure. */
export function resultsJsonl(records: readonly LineRecord[]): string {
  return records.map((record) => `${JSON.stringify(resultRow(record))}\n`).join('');
}

function csvField(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
