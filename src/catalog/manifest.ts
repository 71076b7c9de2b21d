/**
 * Reading a catalog manifest: CSV (RFC 4180, a header row naming the columns) or JSONL (one JSON object a
 * line). Only the file's shape is checked here; each row's values are checked into a Director's input
 * later, so that one bad row is that row's failure while a malformed file fails whole, at once.
 */

/** The manifest formats, told apart by the file's extension. */
export type ManifestFormat = 'csv' | 'jsonl';

/** The keys a manifest row may have: CSV columns and JSONL keys alike. */
export const MANIFEST_FIELDS = [
  'sku',
  'image',
  'director',
  'productType',
  'style',
  'brand',
  'canvasSize',
  'size',
  'detailCount',
  'costCapUsd',
] as const;

/** Columns a CSV manifest must have. */
const REQUIRED_COLUMNS = ['sku', 'image'] as const;

/** A malformed manifest: where (1-based line and column, as an editor shows them) and what is wrong. */
export class ManifestError extends Error {
  override readonly name = 'ManifestError';
  constructor(
    readonly line: number,
    readonly column: number,
    problem: string,
  ) {
    super(`line ${line}, column ${column}: ${problem}`);
  }
}

/** One SKU row: its position among the rows, its line in the file, and its values by key. */
export interface ManifestRow {
  /** 0-based position among the manifest's SKU rows. */
  index: number;
  /** 1-based line the row starts on. */
  line: number;
  /** CSV cells as trimmed strings (empty cells are absent); JSONL values as written. */
  fields: Record<string, unknown>;
}

/** The format of a manifest named `name`: `.csv`, or `.jsonl` / `.ndjson`. */
export function manifestFormatOf(name: string): ManifestFormat {
  const lower = name.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  throw new ManifestError(1, 1, `a manifest must be a .csv or .jsonl file, got ${JSON.stringify(name)}`);
}

/** Parses a manifest's text; throws `ManifestError` naming the line and column of the first problem. */
export function parseManifest(text: string, format: ManifestFormat): ManifestRow[] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  return format === 'csv' ? parseCsvManifest(body) : parseJsonlManifest(body);
}

function parseJsonlManifest(text: string): ManifestRow[] {
  const rows: ManifestRow[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, at) => {
    const line = at + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error: unknown) {
      const message = error instanceof Error ? error.message : String(error);
      throw new ManifestError(line, jsonErrorColumn(message, raw), `not valid JSON (${message})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      const column = raw.length - raw.trimStart().length + 1;
      throw new ManifestError(line, column, 'each line must be one JSON object, like {"sku": …, "image": …}');
    }
    rows.push({ index: rows.length, line, fields: value as Record<string, unknown> });
  });
  return rows;
}

/** The column JSON.parse's message points at ("… at position 12" is 0-based), else the first one. */
function jsonErrorColumn(message: string, raw: string): number {
  const position = /position (\d+)/.exec(message);
  if (position) return Number(position[1]) + 1;
  // "Unexpected end of JSON input" and the like: the problem is at the end of the line.
  return /end of JSON/i.test(message) ? raw.length + 1 : 1;
}

/** A CSV record: its cells, where it starts, and where each cell starts (for error columns). */
interface CsvRecord {
  line: number;
  cells: string[];
  columns: number[];
}

function parseCsvManifest(text: string): ManifestRow[] {
  const records = readCsvRecords(text).filter((r) => !(r.cells.length === 1 && r.cells[0]?.trim() === ''));
  const header = records[0];
  if (header === undefined) throw new ManifestError(1, 1, 'the manifest is empty (a header row is needed)');
  const names = header.cells.map((cell) => cell.trim());
  names.forEach((name, at) => {
    const column = header.columns[at] ?? 1;
    if (!(MANIFEST_FIELDS as readonly string[]).includes(name)) {
      const known = MANIFEST_FIELDS.join(', ');
      throw new ManifestError(
        header.line,
        column,
        `unknown column ${JSON.stringify(name)} (known: ${known})`,
      );
    }
    if (names.indexOf(name) !== at) {
      throw new ManifestError(header.line, column, `column ${JSON.stringify(name)} appears twice`);
    }
  });
  const missing = REQUIRED_COLUMNS.filter((name) => !names.includes(name));
  if (missing.length > 0) {
    throw new ManifestError(header.line, 1, `the header row has no ${missing.join(' or ')} column`);
  }
  return records.slice(1).map((record, index) => {
    if (record.cells.length !== names.length) {
      const column = record.columns[Math.min(record.cells.length, names.length)] ?? 1;
      throw new ManifestError(
        record.line,
        column,
        `${record.cells.length} cells where the header has ${names.length} columns`,
      );
    }
    const fields: Record<string, unknown> = {};
    record.cells.forEach((cell, at) => {
      const value = cell.trim();
      if (value !== '') fields[names[at] as string] = value;
    });
    return { index, line: record.line, fields };
  });
}

/** Splits CSV text into records (RFC 4180: quoted cells may hold commas, quotes as "" and line breaks). */
function readCsvRecords(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let line = 1;
  let column = 1;
  let at = 0;
  while (at < text.length) {
    const record: CsvRecord = { line, cells: [], columns: [] };
    for (;;) {
      record.columns.push(column);
      let cell = '';
      if (text[at] === '"') {
        const opened = { line, column };
        at += 1;
        column += 1;
        for (;;) {
          if (at >= text.length) {
            throw new ManifestError(opened.line, opened.column, 'a quoted cell is never closed');
          }
          const char = text[at] as string;
          if (char === '"' && text[at + 1] === '"') {
            cell += '"';
            at += 2;
            column += 2;
          } else if (char === '"') {
            at += 1;
            column += 1;
            break;
          } else {
            cell += char;
            at += 1;
            if (char === '\n') {
              line += 1;
              column = 1;
            } else {
              column += 1;
            }
          }
        }
        const next = text[at];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          throw new ManifestError(line, column, 'a quoted cell must end at a comma or the end of the line');
        }
      } else {
        while (at < text.length && text[at] !== ',' && text[at] !== '\n' && text[at] !== '\r') {
          if (text[at] === '"') {
            throw new ManifestError(line, column, 'a quote inside an unquoted cell (quote the whole cell)');
          }
          cell += text[at];
          at += 1;
          column += 1;
        }
      }
      record.cells.push(cell);
      if (text[at] === ',') {
        at += 1;
        column += 1;
        continue;
      }
      // End of the record: \r\n, \n, \r or the end of the text.
      if (text[at] === '\r') at += 1;
      if (text[at] === '\n') at += 1;
      line += 1;
      column = 1;
      break;
    }
    records.push(record);
  }
  return records;
}
