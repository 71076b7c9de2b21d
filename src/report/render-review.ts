import type { ReviewCandidate, ReviewState } from '../shared/review';
import { escapeHtml, pageOpening, readableTime } from './html-page';
import type { Thumbnail } from './render-html';

/** Everything `review.html` shows, with thumbnails already made. */
export interface ReviewDocument {
  title: string;
  workflowId: string;
  /** ISO time the page was written. */
  generatedAt: string;
  state: ReviewState;
  /** One thumbnail per candidate, by candidate index. */
  thumbnails: Map<number, Thumbnail>;
  /** File name of the contact sheet beside the page. */
  contactSheetName: string;
}

// Only base64 image data URIs may reach an `src`: nothing else could run or load from elsewhere.
const DATA_URI = /^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/]+={0,2}$/;

/**
 * Renders the review page of a run at its approval gate: one card per candidate (its image, state, score,
 * seed, round, prompt and redo notes) and the commands that decide. Self-contained (images as data URIs,
 * a policy that loads nothing), every value escaped. Pure. Throws when a thumbnail is not an image data URI.
 */
export function renderReviewHtml(doc: ReviewDocument): string {
  const { state, workflowId } = doc;
  const id = escapeHtml(workflowId);
  const meta = `review round ${state.round} of at most ${state.maxRounds} · run <code>${id}</code> · written ${escapeHtml(readableTime(doc.generatedAt))}`;
  return `${pageOpening(doc.title, STYLE, meta)}
<section><h2>Candidates (${state.candidates.length})</h2>
<div class="grid">${state.candidates.map((c) => card(c, doc.thumbnails.get(c.index))).join('\n')}</div>
<p class="meta">Contact sheet: <a href="${escapeHtml(doc.contactSheetName)}">${escapeHtml(doc.contactSheetName)}</a></p>
</section>
<section><h2>Decide</h2>
<pre>director review ${id} --keep 0,2 --drop 1 --redo 3:"warmer light"
director approve ${id}   (keeps every undecided candidate)
director reject ${id}    (rejects the whole batch)</pre>
</section>
</body>
</html>
`;
}

function card(candidate: ReviewCandidate, thumbnail: Thumbnail | undefined): string {
  if (thumbnail && !DATA_URI.test(thumbnail.dataUri))
    throw new Error(`candidate #${candidate.index}: its thumbnail is not an image data URI`);
  const image = thumbnail
    ? `<img src="${thumbnail.dataUri}" width="${thumbnail.width}" height="${thumbnail.height}" alt="candidate ${candidate.index}">`
    : '<p class="meta">(no image)</p>';
  const notes = candidate.notes.length
    ? `<dt>notes</dt><dd>${candidate.notes.map(escapeHtml).join('<br>')}</dd>`
    : '';
  return `<figure class="candidate ${candidate.state}" id="candidate-${candidate.index}">${image}
<figcaption><strong>#${candidate.index}</strong> · <span class="state">${candidate.state}</span>${candidate.by ? ` by ${escapeHtml(candidate.by)}` : ''}
<dl><dt>score</dt><dd class="score">${candidate.score.toFixed(2)}</dd><dt>seed</dt><dd class="seed">${candidate.seed}</dd><dt>round</dt><dd class="round">${candidate.round}</dd>
<dt>prompt</dt><dd class="prompt">${escapeHtml(candidate.prompt)}</dd>${notes}</dl></figcaption></figure>`;
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#222}
h1{font-size:1.4rem;margin:0}.meta{color:#666}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(280px,1fr));gap:1rem}
figure{margin:0;border:2px solid #ddd;border-radius:6px;padding:.5rem}
figure img{max-width:100%;height:auto;display:block}
figure.kept{border-color:#2a7}figure.dropped{border-color:#c44;opacity:.6}figure.redoing{border-color:#e92}
dl{display:grid;grid-template-columns:auto 1fr;gap:.1rem .6rem;margin:.4rem 0 0}dt{color:#666}dd{margin:0}
pre{background:#f4f4f4;padding:.6rem;overflow-x:auto}`;
