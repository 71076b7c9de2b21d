import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';

/**
 * Draws a busy scene (a sky, a ground, and a crowd of small shapes in many colours, like a street or a
 * concert): a photo with no studio backdrop, so no product can be cut out of it. Deterministic. `width` is
 * small on purpose: filling a 1600 px canvas with it takes more than a 2× enlargement. Returns its path.
 */
export async function drawScene(width = 480, height = 360): Promise<string> {
  let seed = 7;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const colour = () =>
    `rgb(${Math.floor(next() * 255)},${Math.floor(next() * 255)},${Math.floor(next() * 255)})`;
  const shapes: string[] = [];
  for (let i = 0; i < 260; i++) {
    const x = Math.round(next() * width);
    const y = Math.round(height * 0.3 + next() * height * 0.75);
    const r = Math.round(4 + next() * 14);
    shapes.push(
      i % 2 === 0
        ? `<circle cx="${x}" cy="${y}" r="${r}" fill="${colour()}"/>`
        : `<rect x="${x}" y="${y}" width="${r * 2}" height="${r * 3}" fill="${colour()}"/>`,
    );
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="sky" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#1d2b53"/>
    <stop offset="1" stop-color="#7e2553"/></linearGradient></defs>
    <rect width="${width}" height="${height}" fill="url(#sky)"/>
    <rect y="${height * 0.55}" width="${width}" height="${height * 0.45}" fill="#3b3a30"/>
    ${shapes.join('')}</svg>`;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'director-scene-'));
  const file = path.join(dir, 'scene.jpg');
  await writeFile(file, await sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer());
  return file;
}
