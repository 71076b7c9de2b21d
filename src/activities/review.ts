import type { ImageData } from '../model/creative-model';
import type { Thumbnail } from '../report/render-html';
import { renderReviewHtml } from '../report/render-review';
import type { BlobRef } from '../shared/blob';
import type { ReviewState } from '../shared/review';
import type { ActivityDeps } from './deps';
import { withHeartbeat } from './heartbeat';
import { loadImage } from './model';

/** The review's files, inside the run's output folder: removed together by `unpublishReview`. */
export const REVIEW_FILE_NAMES = {
  html: 'review/review.html',
  contactSheet: 'review/contact-sheet.png',
} as const;

/** Longest side of the JPEG thumbnails embedded in review.html: enough to judge, small enough to mail. */
export const REVIEW_THUMBNAIL_SIDE = 480;

/** Input of `publishReview`: the gate's state and each candidate's current image. */
export interface PublishReviewInput {
  runKey: string;
  workflowId: string;
  title: string;
  state: ReviewState;
  images: { index: number; image: BlobRef }[];
}

/** Builds the review activities: publishing the candidates at an approval gate, and its undo. */
export function createReviewActivities(deps: Pick<ActivityDeps, 'model' | 'blobs' | 'publisher'>) {
  const { model, blobs, publisher } = deps;
  return {
    /**
     * Publishes the candidates at a run's approval gate as `review/contact-sheet.png` (a labelled grid) and a
     * self-contained `review/review.html` (each candidate's thumbnail as a JPEG data URI, score, seed, round,
     * prompt, notes) in the run's output folder; returns where the page is (a path or an `s3://` URI).
     * Idempotent (fixed names, replaced whole); heartbeats while it draws. Compensated by `unpublishReview`.
     */
    async publishReview(input: PublishReviewInput): Promise<{ location: string; contactSheet: string }> {
      const { candidates } = input.state;
      const sources = new Map(input.images.map((i) => [i.index, i.image]));
      const { sheet, thumbnails } = await withHeartbeat(async () => {
        const thumbnails = new Map<number, Thumbnail>();
        const cells: { image: ImageData; label: string }[] = [];
        // One image at a time: a batch of full-size decodes would crowd memory.
        for (const candidate of candidates) {
          const ref = sources.get(candidate.index);
          if (!ref) continue;
          const data = await loadImage(blobs, ref);
          const thumb = await model.render(data, { longestSide: REVIEW_THUMBNAIL_SIDE, format: 'jpeg' });
          const dataUri = `data:${thumb.mimeType};base64,${thumb.bytes.toString('base64')}`;
          thumbnails.set(candidate.index, { dataUri, width: thumb.width, height: thumb.height });
          cells.push({
            image: thumb,
            label: `#${candidate.index} · ${candidate.score.toFixed(2)} · ${candidate.state}`,
          });
        }
        return { sheet: await model.contactSheet(cells), thumbnails };
      });
      const html = renderReviewHtml({
        title: input.title,
        workflowId: input.workflowId,
        generatedAt: new Date().toISOString(),
        state: input.state,
        thumbnails,
        contactSheetName: 'contact-sheet.png',
      });
      const contactSheet = await publisher.publish(input.runKey, REVIEW_FILE_NAMES.contactSheet, sheet.bytes);
      const location = await publisher.publish(
        input.runKey,
        REVIEW_FILE_NAMES.html,
        Buffer.from(html, 'utf8'),
      );
      return { location, contactSheet };
    },

    /** Removes a run's review folder (both files; an emptied local folder goes too). Idempotent. */
    async unpublishReview(input: { runKey: string }): Promise<{ removed: number }> {
      return { removed: await publisher.unpublish(input.runKey, Object.values(REVIEW_FILE_NAMES)) };
    },
  };
}
