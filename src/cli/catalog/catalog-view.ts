import { TerminalFrame } from '../terminal-frame';
import type { CatalogProgress } from '../../shared/catalog';
import { catalogBar, catalogRateLine, renderCatalogFrame } from './render-catalog';

/**
 * Draws a catalog's progress. On a terminal it redraws one frame in place (bar, rate, latest failures);
 * elsewhere (a pipe, a log) it prints a line when the status changes, a failure comes in, or another
 * 5 % of the lines settle, so a log of a 10,000-line catalog stays readable.
 */
export class CatalogView {
  private readonly frame: TerminalFrame;
  private lastStatus: string | undefined;
  private lastStep = -1;
  private lastFailed = 0;
  private lastNote: string | undefined;

  constructor(private readonly stream: NodeJS.WriteStream) {
    this.frame = new TerminalFrame(stream);
  }

  /** Shows a new snapshot. */
  update(progress: CatalogProgress): void {
    if (this.stream.isTTY) return this.frame.draw(renderCatalogFrame(progress));
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
    if (this.stream.isTTY) return this.frame.draw([`  (${reason})`]);
    if (reason !== this.lastNote) this.stream.write(`  (${reason})\n`);
    this.lastNote = reason;
  }

  /** Erases the frame on a terminal, so what follows stands alone. */
  clear(): void {
    this.frame.clear();
  }
}
