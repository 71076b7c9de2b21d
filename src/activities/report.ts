import { renderReportHtml, type ReportDocument } from '../report/render-html';
import {
  REPORT_FILE_NAMES,
  reportSheetKey,
  type RunReportFiles,
  type RunReportInput,
} from '../shared/run-report';
import type { ActivityDeps } from './deps';
import { loadImage } from './model';

/** Longest side of the thumbnails embedded in report.html: enough to judge a picture, small enough to mail. */
export const REPORT_THUMBNAIL_SIDE = 320;

/** Builds the report activity: a finished run's contact sheet and HTML report. */
export function createReportActivities(deps: Pick<ActivityDeps, 'model' | 'blobs' | 'publisher'>) {
  const { model, blobs, publisher } = deps;
  return {
    /**
     * Draws the run's outputs as a labelled contact sheet (scores under the labels) and writes a
     * self-contained HTML report (stages and timings, facts, cost, prompts, thumbnails as data URIs), then
     * publishes both into the run's output folder as `contact-sheet.png` and `report.html`. Idempotent:
     * the sheet's blob key and the file names derive from the run. Compensated by `deleteRunReport`.
     * Throws `InvalidInput` when there are no items.
     */
    async writeRunReport(input: RunReportInput): Promise<RunReportFiles> {
      const outputs = await Promise.all(
        input.items.map(async (item) => ({ ...item, data: await loadImage(blobs, item.image) })),
      );
      const drawn = await model.contactSheet(
        outputs.map((o) => ({
          image: o.data,
          label: o.score === undefined ? o.label : `${o.label} · ${o.score.toFixed(2)}`,
        })),
      );
      const sheet = await blobs.put(reportSheetKey(input.runKey), drawn);
      const sheetPath = await publisher.publish(input.runKey, REPORT_FILE_NAMES.contactSheet, drawn.bytes);

      // One at a time: a whole batch of full-size decodes at once would crowd a small worker's memory.
      const items: ReportDocument['items'] = [];
      for (const { label, score, data } of outputs) {
        const thumb = await model.render(data, { longestSide: REPORT_THUMBNAIL_SIDE, format: 'jpeg' });
        const dataUri = `data:${thumb.mimeType};base64,${thumb.bytes.toString('base64')}`;
        items.push({
          label,
          ...(score === undefined ? {} : { score }),
          thumbnail: { dataUri, width: thumb.width, height: thumb.height },
        });
      }
      const html = renderReportHtml({
        title: input.title,
        director: input.director,
        runKey: input.runKey,
        generatedAt: new Date().toISOString(),
        summary: input.summary,
        items,
        ...(input.prompts ? { prompts: input.prompts } : {}),
        ...(input.cost ? { cost: input.cost } : {}),
        ...(input.facts ? { facts: input.facts } : {}),
        contactSheetName: REPORT_FILE_NAMES.contactSheet,
      });
      const htmlPath = await publisher.publish(
        input.runKey,
        REPORT_FILE_NAMES.html,
        Buffer.from(html, 'utf8'),
      );
      return {
        contactSheet: { name: REPORT_FILE_NAMES.contactSheet, path: sheetPath, image: sheet },
        html: { name: REPORT_FILE_NAMES.html, path: htmlPath },
      };
    },

    /** Removes a run's report: both published files and the contact sheet's blob. Idempotent. */
    async deleteRunReport(input: { runKey: string }): Promise<{ removed: number }> {
      const names = Object.values(REPORT_FILE_NAMES);
      const removed = await publisher.unpublish(input.runKey, names);
      return { removed: removed + (await blobs.delete([reportSheetKey(input.runKey)])) };
    },
  };
}
