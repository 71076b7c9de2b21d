import { clearScreenDown, moveCursor } from 'node:readline';
import type { CatalogProgress } from '../../shared/catalog';
import { catalogBar, catalogRateLine, renderCatalogFrame } from './render-catalog';

/**
 * Draws a catalog's progress. On a terminal it redraws one frame in place (bar, rate, latest failures);
 * elsewhere (a pipe, a log) it prints a line when the status changes, a failure comes in, or another
 * 5 % of the lines settle, so a log of a 10,000-line catalog stays readable.
 */
export class CatalogView {
  private drawnLines = 0;
  private lastStatus: string | undefined;
  private lastStep = -1;
  private lastFailed = 0;
  private lastNote: string | undefined;

  constructor(private readonly stream: NodeJS.WriteStream) {}

  /** Shows a new snapshot. */
  update(progress: CatalogProgress): void {
    if (this.stream.isTTY) return this.redraw(renderCatalogFrame(progress));
    const settled = progress.done + progress.failed;
    const step = Math.floor((settled / Math.max(progress.total, 1)) * 20);
    const changed =
      progress.status !== this.lastStatus || step !== this.lastStep || progress.failed !== this.lastFailed;
    if (!changed) return;
    if (progress.status !== this.lastStatus)
      this.stream.write(`  ${progress.catalogId}: ${progress.status}\n`);
    const fresh = Math.min(progress.failed - this.lastFailed, 5);
    const failures = fresh > 0 ? progress.latestFailures.slice(-fresh) : [];
    for (const failure of failures)
      this.stream.write(`  ✗ line ${failure.line}  ${failure.sku}  ${failure.type}: ${failure.message}\n`);
    this.stream.write(`  ${catalogBar(progress)}  ${catalogRateLine(progress)}\n`);
    this.lastStatus = progress.status;
    this.lastStep = step;
    this.lastFailed = progress.failed;
  }

  /** Shows why there is no snapshot (no worker answered), once per reason. */
  note(reason: string): void {
    if (this.stream.isTTY) return this.redraw([`  (${reason})`]);
    if (reason !== this.lastNote) this.stream.write(`  (${reason})\n`);
    this.lastNote = reason;
  }

  /** Erases the frame on a terminal, so what follows stands alone. */
  clear(): void {
    if (!this.stream.isTTY || this.drawnLines === 0) return;
    moveCursor(this.stream, 0, -this.drawnLines);
    clearScreenDown(this.stream);
    this.drawnLines = 0;
  }

  private redraw(lines: string[]): void {
    // Lines longer than the terminal would wrap and break the cursor arithmetic: cut them.
    const columns = this.stream.columns > 0 ? this.stream.columns - 1 : 120;
    this.clear();
    this.stream.write(lines.map((line) => line.slice(0, columns)).join('\n') + '\n');
    this.drawnLines = lines.length;
  }
}
