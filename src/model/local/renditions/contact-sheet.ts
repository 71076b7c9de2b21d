import sharp from 'sharp';
import type { ImageData } from '../../creative-model';
import { decode, open, toPng } from '../pixels';
import { requireInt } from '../require-int';

/**
 * A contact sheet: each image fitted into a `cell`-pixel square (default 256) on white, its label written
 * under it, `columns` per row (default ceil(√n)); a PNG. Throws a non-retryable `InvalidInput` for no
 * items, a cell outside 32..1024 or columns outside 1..n, and `CorruptImage` when an image does not decode.
 */
export async function contactSheet(
  items: { image: ImageData; label: string }[],
  options: { columns?: number; cell?: number } = {},
): Promise<ImageData> {
  requireInt('items', items.length, 1, 400);
  const cell = options.cell ?? 256;
  requireInt('cell', cell, 32, 1024);
  const columns = options.columns ?? Math.ceil(Math.sqrt(items.length));
  requireInt('columns', columns, 1, items.length);
  const rows = Math.ceil(items.length / columns);
  const gap = Math.max(4, Math.round(cell * 0.06));
  const fontSize = Math.max(10, Math.min(20, Math.round(cell * 0.06)));
  const labelHeight = Math.round(fontSize * 2);
  const width = columns * cell + (columns + 1) * gap;
  const height = rows * (cell + labelHeight) + (rows + 1) * gap;
  const slot = (i: number) => ({
    left: gap + (i % columns) * (cell + gap),
    top: gap + Math.floor(i / columns) * (cell + labelHeight + gap),
  });

  const thumbs = await Promise.all(
    items.map(async (item, i) => {
      const { data, info } = await decode(
        open(item.image)
          .resize({ width: cell, height: cell, fit: 'inside' })
          .flatten({ background: '#ffffff' })
          .png()
          .toBuffer({ resolveWithObject: true }),
      );
      const { left, top } = slot(i);
      return {
        input: data,
        left: left + Math.floor((cell - info.width) / 2),
        top: top + Math.floor((cell - info.height) / 2),
      };
    }),
  );
  // Roughly 0.58 em per character in DejaVu Sans: cut long labels so they stay under their own cell.
  const maxChars = Math.max(4, Math.floor(cell / (fontSize * 0.58)));
  const labels = items
    .map((item, i) => {
      const { left, top } = slot(i);
      const text = item.label.length > maxChars ? `${item.label.slice(0, maxChars - 1)}…` : item.label;
      return `<rect x="${left}" y="${top}" width="${cell}" height="${cell}" fill="none" stroke="#e2e2e2"/><text x="${left + cell / 2}" y="${top + cell + fontSize * 1.3}" font-family="DejaVu Sans, sans-serif" font-size="${fontSize}" fill="#333333" text-anchor="middle">${escapeXml(text)}</text>`;
    })
    .join('');
  const overlay = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${labels}</svg>`,
  );
  const canvas = sharp({ create: { width, height, channels: 3, background: '#ffffff' } });
  return toPng(canvas.composite([...thumbs, { input: overlay, left: 0, top: 0 }]));
}

// Text made safe inside SVG markup.
function escapeXml(text: string): string {
  return text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c,
  );
}
