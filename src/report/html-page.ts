/**
 * The opening every generated HTML page shares (a run's report, a catalog's report): a content security
 * policy that lets the page load nothing from anywhere, the escaped title, the page's own style, and a
 * header with the title and a line of facts (already escaped HTML).
 */
const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** The page from `<!doctype html>` to the end of its header. */
export function pageOpening(title: string, style: string, metaHtml: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
<p class="meta">${metaHtml}</p>
</header>`;
}

/** `2025-01-02T03:04:05.678Z` → `2025-01-02 03:04:05 UTC`: the same instant, easier to read. */
export function readableTime(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}
