import type { ImageData } from '../model/creative-model';
import { renderReportHtml, type ReportDocument } from '../report/render-html';
import {
  REPORT_FILE_NAMES,
  reportSheetKey,
  type ReportItem,
  type RunReportFiles,
  type RunReportInput,
} from '../shared/run-report';
import type { ActivityDeps } from './deps';
import { withHeartbeat } from './heartbeat';
import { loadImage } from './model';

/** Longest side of the thumbnails embedded in report.html: enough to judge a picture, small enough to mail. */
export const REPORT_THUMBNAIL_SIDE = 320;

type Output = ReportItem & { data: ImageData };

/** Builds the report activities: a finished run's contact sheet and HTML report, and their undo. */
export function createReportActivities(deps: Pick<ActivityDeps, 'model' | 'blobs' | 'publisher'>) {
  const { model, blobs, publisher } = deps;

  /** The report's outputs as thumbnails, one at a time: a batch of full-size decodes would crowd memory. */
  async function thumbnails(outputs: Output[]): Promise<ReportDocument['items']> {
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
    return items;
  }

  return {
    /**
     * Draws the run's outputs as a labelled contact sheet (scores under the labels) and writes a
     * self-contained HTML report (stages and timings, facts, cost, prompts, thumbnails as data URIs), then
     * publishes both into the run's output folder as `contact-sheet.png` and `report.html`. Heartbeats
     * while it draws and writes nothing once cancelled. Idempotent: the sheet's blob key and the file
     * names derive from the run. Compensated by `deleteRunReport`. Throws `InvalidInput` when there are
     * no items.
     */
    async writeRunReport(input: RunReportInput): Promise<RunReportFiles> {
      const outputs: Output[] = await Promise.all(
        input.items.map(async (item) => ({ ...item, data: await loadImage(blobs, item.image) })),
      );
      const { sheet, items } = await withHeartbeat(async () => ({
        sheet: await model.contactSheet(
          outputs.map((o) => ({
            image: o.data,
            label: o.score === undefined ? o.label : `${o.label} · ${o.score.toFixed(2)}`,
          })),
        ),
        items: await thumbnails(outputs),
      }));
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

      const { contactSheet: sheetName, html: htmlName } = REPORT_FILE_NAMES;
      const sheetRef = await blobs.put(reportSheetKey(input.runKey), sheet);
      const sheetPath = await publisher.publish(input.runKey, sheetName, sheet.bytes);
      const htmlPath = await publisher.publish(input.runKey, htmlName, Buffer.from(html, 'utf8'));
      return {
        contactSheet: { name: sheetName, path: sheetPath, image: sheetRef },
        html: { name: htmlName, path: htmlPath },
      };
    },

    /** Removes a run's report: both published files and the contact sheet's blob. Idempotent. */
    async deleteRunReport(input: { runKey: string }): Promise<{ removed: number }> {
      const removed = await publisher.unpublish(input.runKey, Object.values(REPORT_FILE_NAMES));
      return { removed: removed + (await blobs.delete([reportSheetKey(input.runKey)])) };
    },
  };
}
