import type { ReportFact } from '../shared/run-report';
import { escapeHtml, pageOpening, readableTime } from './html-page';

export { escapeHtml };
import { reuseNote } from '../shared/stage-cache';
import type { RunSummary, StageRecord } from '../shared/stages';
import type { Usage } from '../shared/usage';

/** A thumbnail embedded in the report: a base64 data URI and its size. */
export interface Thumbnail {
  dataUri: string;
  width: number;
  height: number;
}

/** Everything the HTML report shows, with thumbnails already made. */
export interface ReportDocument {
  title: string;
  director: string;
  runKey: string;
  /** ISO time the report was written. */
  generatedAt: string;
  summary: RunSummary;
  items: { label: string; score?: number; thumbnail: Thumbnail }[];
  prompts?: { index: number; text: string }[];
  cost?: Usage;
  facts?: ReportFact[];
  /** File name of the contact sheet beside the report, linked from it. */
  contactSheetName?: string;
}

// Only base64 image data URIs may reach an `src`: nothing else could run or load from elsewhere.
const DATA_URI = /^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/]+={0,2}$/;

/**
 * Renders a run's report as one self-contained HTML page: every value escaped, images embedded as data
 * URIs, and a content security policy that lets the page load nothing from anywhere. Pure. Throws when a
 * thumbnail is not a base64 PNG, JPEG or WebP data URI.
 */
export function renderReportHtml(doc: ReportDocument): string {
  const { summary } = doc;
  return `${pageOpening(doc.title, STYLE, `${escapeHtml(doc.director)} · run <code>${escapeHtml(doc.runKey)}</code> · ${seconds(summary.durationMs)} in stages · written ${escapeHtml(readableTime(doc.generatedAt))}`)}
${facts(doc.facts ?? [])}
<section><h2>Stages</h2>${stageTable(summary)}</section>
${doc.cost ? costSection(doc.cost) : ''}
<section><h2>Outputs (${doc.items.length})</h2>
<div class="grid">${doc.items.map(figure).join('\n')}</div>
${doc.contactSheetName ? `<p class="meta">Contact sheet: <a href="${escapeHtml(doc.contactSheetName)}">${escapeHtml(doc.contactSheetName)}</a></p>` : ''}
</section>
${doc.prompts && doc.prompts.length > 0 ? promptList(doc.prompts) : ''}
</body>
</html>
`;
}

function facts(list: ReportFact[]): string {
  if (list.length === 0) return '';
  const rows = list.map((f) => `<dt>${escapeHtml(f.name)}</dt><dd>${escapeHtml(f.value)}</dd>`).join('');
  return `<section><dl class="facts">${rows}</dl></section>`;
}

function stageTable(summary: RunSummary): string {
  // The report stage is still running while it writes this page: its own row would only say so.
  const rows = summary.stages.filter((stage) => stage.status !== 'running').map(stageRow);
  const undo = summary.compensations.map((c) => `${c.name} ${c.status}`).join(', ');
  return `<table><thead><tr><th>stage</th><th>status</th><th class="num">time</th><th class="num">attempts</th><th>note</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>${undo ? `<p class="meta">Compensations: ${escapeHtml(undo)}</p>` : ''}`;
}

function stageRow(stage: StageRecord): string {
  const items = stage.items
    ? `${stage.items.settled}/${stage.items.total} items${stage.items.failed > 0 ? `, ${stage.items.failed} failed` : ''}`
    : '';
  const note = stage.error ? `${stage.error.type}: ${stage.error.message}` : (stage.reason ?? items);
  const time = stage.durationMs === undefined ? '' : seconds(stage.durationMs);
  // A stage taken from the stage cache says so beside its status.
  const reuse = reuseNote(stage.reused);
  const status = reuse ? `${stage.status} · ${reuse}` : stage.status;
  return `<tr class="${escapeHtml(stage.status)}"><td>${escapeHtml(stage.name)}</td><td>${escapeHtml(status)}</td><td class="num">${time}</td><td class="num">${stage.attempts || ''}</td><td>${escapeHtml(note)}</td></tr>`;
}

function costSection(cost: Usage): string {
  const rows: [string, string][] = [
    ['estimated cost', `$${cost.costUsd.toFixed(4)}`],
    ['model calls', String(cost.calls)],
    ['tokens in / out', `${cost.inputTokens} / ${cost.outputTokens}`],
    ['images', String(cost.images)],
    ['models', cost.models.join(', ') || '—'],
    ...(cost.unpricedModels?.length
      ? [['not in the price table', cost.unpricedModels.join(', ')] as [string, string]]
      : []),
  ];
  const body = rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('');
  return `<section><h2>Cost</h2><dl class="facts">${body}</dl></section>`;
}

function figure(item: ReportDocument['items'][number]): string {
  const { dataUri, width, height } = item.thumbnail;
  if (!DATA_URI.test(dataUri)) throw new Error(`thumbnail of '${item.label}' is not an image data URI`);
  const score = item.score === undefined ? '' : ` <span class="score">${item.score.toFixed(2)}</span>`;
  return `<figure><img src="${dataUri}" width="${width}" height="${height}" alt="${escapeHtml(item.label)}"><figcaption>${escapeHtml(item.label)}${score}</figcaption></figure>`;
}

function promptList(prompts: { index: number; text: string }[]): string {
  const items = prompts.map((p) => `<li><b>#${p.index}</b> ${escapeHtml(p.text)}</li>`).join('\n');
  return `<section><h2>Prompts</h2><ul class="prompts">${items}</ul></section>`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

const STYLE = `
body{font:15px/1.45 system-ui,-apple-system,"DejaVu Sans",sans-serif;color:#222;margin:0 auto;max-width:1100px;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
.meta{color:#666;margin:4px 0}code{font-size:13px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:5px 10px;border-bottom:1px solid #eee}
th{font-weight:600;background:#fafafa}.num{text-align:right;font-variant-numeric:tabular-nums}
tr.failed td{color:#b00020}tr.skipped td{color:#888}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}.facts dt{color:#666}.facts dd{margin:0}
.grid{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}
figure{margin:0;padding:8px;border:1px solid #e4e4e4;border-radius:6px;background:#fff;text-align:center}
figure img{display:block;max-width:260px;height:auto;margin:0 auto 6px;background:#f4f4f4}
figcaption{font-size:13px}.score{display:inline-block;margin-left:6px;padding:0 6px;border-radius:8px;background:#e8f3ea;color:#1d6b33}
.prompts{list-style:none;padding:0}.prompts li{margin-bottom:6px}
`;
