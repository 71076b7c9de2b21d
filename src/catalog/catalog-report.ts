import { escapeHtml, pageOpening, readableTime } from '../report/html-page';
import type { CatalogTallies, LineRecord } from '../shared/catalog';

/** Most lines listed under one failure type: the rest are counted, and all are in the results file. */
export const MAX_LISTED_PER_TYPE = 200;

/** Everything the catalog's `report.html` shows. */
export interface CatalogReportDocument {
  title: string;
  catalogId: string;
  /** ISO time the report was written. */
  generatedAt: string;
  tallies: CatalogTallies;
  /** Every line's record, in manifest order. */
  records: readonly LineRecord[];
  /** File names beside the report, linked from it. */
  files: { resultsCsv: string; resultsJsonl: string; contactSheets: string[] };
}

/** Failed, invalid and cancelled lines grouped by failure type, the largest group first. Pure. */
export function failuresByType(records: readonly LineRecord[]): { type: string; records: LineRecord[] }[] {
  const groups = new Map<string, LineRecord[]>();
  for (const record of records) {
    if (record.status !== 'failed' && record.status !== 'invalid' && record.status !== 'cancelled') continue;
    const type = record.failure?.type ?? (record.status === 'cancelled' ? 'Cancelled' : 'Unknown');
    groups.set(type, [...(groups.get(type) ?? []), record]);
  }
  return [...groups]
    .map(([type, list]) => ({ type, records: list }))
    .sort((a, b) => b.records.length - a.records.length || (a.type < b.type ? -1 : 1));
}

/**
 * The catalog's report as one self-contained HTML page: the tallies and cost, the failures grouped by type
 * with their SKUs, lines and messages, and links to the results files and contact sheets beside it. Every
 * value is escaped, and a content security policy lets the page load nothing. Pure.
 */
export function renderCatalogReport(doc: CatalogReportDocument): string {
  const { tallies } = doc;
  const groups = failuresByType(doc.records);
  return `${pageOpening(doc.title, STYLE, `catalog <code>${escapeHtml(doc.catalogId)}</code> · written ${escapeHtml(readableTime(doc.generatedAt))}`)}
<section><h2>Lines</h2>${talliesList(tallies)}</section>
<section><h2>Cost</h2><dl class="facts"><dt>estimated cost</dt><dd>$${tallies.costUsd.toFixed(4)}</dd><dt>images</dt><dd>${tallies.images}</dd></dl></section>
<section><h2>Failures (${groups.reduce((n, g) => n + g.records.length, 0)})</h2>
${groups.length === 0 ? '<p class="meta">None.</p>' : groups.map(failureGroup).join('\n')}
</section>
<section><h2>Files</h2><ul>
${[doc.files.resultsCsv, doc.files.resultsJsonl, ...doc.files.contactSheets].map(link).join('\n')}
</ul></section>
</body>
</html>
`;
}

function talliesList(t: CatalogTallies): string {
  const rows: [string, number][] = [
    ['total', t.total],
    ['published', t.published],
    ['skipped (already published)', t.skipped],
    ['failed', t.failed],
    ['invalid', t.invalid],
    ['cancelled', t.cancelled],
  ];
  return `<dl class="facts">${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

function failureGroup(group: { type: string; records: LineRecord[] }): string {
  const shown = group.records.slice(0, MAX_LISTED_PER_TYPE);
  const more = group.records.length - shown.length;
  const rows = shown.map(
    (r) =>
      `<tr><td>${escapeHtml(r.sku || '—')}</td><td class="num">${r.line}</td><td>${escapeHtml(r.failure?.field ?? '')}</td><td>${escapeHtml(r.failure?.message ?? r.note ?? '')}</td></tr>`,
  );
  return `<h3 class="failure-type">${escapeHtml(group.type)} (${group.records.length})</h3>
<table><thead><tr><th>sku</th><th class="num">line</th><th>field</th><th>message</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>${more > 0 ? `<p class="meta">… and ${more} more in the results file.</p>` : ''}`;
}

function link(name: string): string {
  return `<li><a href="${escapeHtml(name)}">${escapeHtml(name)}</a></li>`;
}

const STYLE = `
body{font:15px/1.45 system-ui,-apple-system,"DejaVu Sans",sans-serif;color:#222;margin:0 auto;max-width:1100px;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
h3{font-size:15px;margin:16px 0 6px;color:#b00020}.meta{color:#666;margin:4px 0}code{font-size:13px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:5px 10px;border-bottom:1px solid #eee;vertical-align:top}
th{font-weight:600;background:#fafafa}.num{text-align:right;font-variant-numeric:tabular-nums}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}.facts dt{color:#666}.facts dd{margin:0}
`;
