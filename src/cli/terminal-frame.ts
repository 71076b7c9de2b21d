import { clearScreenDown, moveCursor } from 'node:readline';

/**
 * A block of lines redrawn in place on a terminal: each draw erases the one before. Lines longer than the
 * terminal would wrap and break the cursor arithmetic, so they are cut to its width.
 */
export class TerminalFrame {
  private drawnLines = 0;

  constructor(private readonly stream: NodeJS.WriteStream) {}

  /** Replaces the frame on screen with `lines`. */
  draw(lines: string[]): void {
    const columns = this.stream.columns > 0 ? this.stream.columns - 1 : 120;
    this.clear();
    this.stream.write(lines.map((line) => line.slice(0, columns)).join('\n') + '\n');
    this.drawnLines = lines.length;
  }

  /** Erases the frame, so what follows stands alone. */
  clear(): void {
    if (!this.stream.isTTY || this.drawnLines === 0) return;
    moveCursor(this.stream, 0, -this.drawnLines);
    clearScreenDown(this.stream);
    this.drawnLines = 0;
  }
}
