import type { CatalogProgress, CatalogResult, CatalogTallies, CatalogUndo } from '../../shared/catalog';

/** Lines of failures shown under the bar. */
const SHOWN_FAILURES = 5;

/** Seconds for people: `45 s`, `7 min 12 s`, `3 h 05 min`. */
export function formatEta(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/**
 * The catalog's bar: `#` done, `x` failed, `>` running, `.` waiting, each in proportion to the total
 * (a part that is not zero shows at least one mark), then the counts.
 */
export function catalogBar(progress: CatalogProgress, width = 30): string {
  const parts = [
    { count: progress.done, mark: '#' },
    { count: progress.failed, mark: 'x' },
    { count: progress.running, mark: '>' },
    { count: progress.waiting, mark: '.' },
  ];
  const total = Math.max(progress.total, 1);
  const marks = parts.map((part) =>
    part.count > 0 ? Math.max(1, Math.round((part.count / total) * width)) : 0,
  );
  // Rounding up the small parts may overflow the bar: the largest part gives the marks back.
  for (let over = marks.reduce((a, b) => a + b, 0) - width; over > 0; over -= 1) {
    const largest = marks.indexOf(Math.max(...marks));
    marks[largest] = (marks[largest] ?? 1) - 1;
  }
  const drawn = parts.map((part, at) => part.mark.repeat(marks[at] ?? 0)).join('');
  const bar = `[${drawn.padEnd(width, ' ')}]`;
  const percent = Math.floor(((progress.done + progress.failed) / total) * 100);
  return (
    `${bar} ${progress.done + progress.failed}/${progress.total} (${percent}%)  ` +
    `${progress.done} done · ${progress.failed} failed · ${progress.running} running · ${progress.waiting} waiting`
  );
}

/** The rate, the ETA (or why there is none) and the cost so far. */
export function catalogRateLine(progress: CatalogProgress): string {
  const eta =
    progress.status === 'paused' || progress.status === 'pausing'
      ? 'ETA — (paused)'
      : progress.etaSeconds === null
        ? 'ETA — (no line settled yet)'
        : `ETA ${formatEta(progress.etaSeconds)}`;
  return `${progress.imagesPerMinute.toFixed(1)} images/min · ${eta} · $${progress.costUsd.toFixed(4)} so far`;
}

/** The latest failures, newest first, one per line: `✗ line 14  sku-123  InvalidLine: image: …`. */
export function latestFailureLines(progress: CatalogProgress, shown = SHOWN_FAILURES): string[] {
  const failures = progress.latestFailures.slice(-shown).reverse();
  if (failures.length === 0) return [];
  return [
    `latest failures${progress.failed > failures.length ? ` (${failures.length} of ${progress.failed})` : ''}:`,
    ...failures.map((f) => `  ✗ line ${f.line}  ${f.sku}  ${f.type}: ${f.message}`.slice(0, 160)),
  ];
}

/** One frame of `director watch` on a catalog: header, bar, rate line, latest failures. Pure. */
export function renderCatalogFrame(progress: CatalogProgress): string[] {
  const segment = progress.segment > 0 ? `  segment ${progress.segment + 1}` : '';
  return [
    `${progress.catalogId}  "${progress.title}"  ${progress.status}${segment}`,
    `  ${catalogBar(progress)}`,
    `  ${catalogRateLine(progress)}`,
    ...latestFailureLines(progress).map((line) => `  ${line}`),
  ];
}

/** The tallies in one line: `120 published, 30 skipped (already published), 2 failed, 1 invalid, …`. */
export function renderTallies(tallies: CatalogTallies): string {
  return [
    `${tallies.published} published`,
    `${tallies.skipped} skipped (already published)`,
    `${tallies.failed} failed`,
    `${tallies.invalid} invalid`,
    ...(tallies.cancelled > 0 ? [`${tallies.cancelled} cancelled`] : []),
    `of ${tallies.total} lines`,
    `${tallies.images} images`,
    `$${tallies.costUsd.toFixed(4)}`,
  ].join(', ');
}

/** A finished catalog for people: its tallies and where its files are. */
export function renderCatalogResult(result: CatalogResult): string[] {
  const sheets = result.files.contactSheets;
  return [
    `catalog "${result.title}" completed in ${result.segments} segment${result.segments === 1 ? '' : 's'}: ${renderTallies(result.tallies)}`,
    '',
    'results:',
    `  ${result.files.resultsCsv}`,
    `  ${result.files.resultsJsonl}`,
    `report: ${result.files.report}`,
    ...(sheets.length > 0
      ? [
          `contact sheet${sheets.length === 1 ? '' : `s (${sheets.length} pages)`}:`,
          ...sheets.map((s) => `  ${s}`),
        ]
      : []),
  ];
}

/** What a cancel undid, for people: the lines and objects removed, the first few by SKU. */
export function renderUndo(undo: CatalogUndo, shown = 10): string[] {
  const lines = [`undone: ${undo.lines} line${undo.lines === 1 ? '' : 's'}, ${undo.objects} objects removed`];
  for (const line of undo.undone.slice(0, shown))
    lines.push(`  ↶ line ${line.line}  ${line.sku}  (${line.objects} objects)`);
  if (undo.lines > Math.min(shown, undo.undone.length))
    lines.push(`  … and ${undo.lines - Math.min(shown, undo.undone.length)} more`);
  return lines;
}

/** The CatalogUndo a `CatalogCancelled` failure carries in its details (as the detail, or its `undo`). */
export function undoOf(details: readonly unknown[] | undefined): CatalogUndo | undefined {
  const isUndo = (value: unknown): value is CatalogUndo =>
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as CatalogUndo).undone) &&
    typeof (value as CatalogUndo).lines === 'number';
  for (const detail of details ?? []) {
    if (isUndo(detail)) return detail;
    const inner = (detail as { undo?: unknown } | null)?.undo;
    if (isUndo(inner)) return inner;
  }
  return undefined;
}
