import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { drawSampleProduct } from '../../src/samples/sample-product';

/** Draws simple reference photos (colour fields with shapes) into a temp folder; returns their paths. */
export async function drawReferences(count: number): Promise<string[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'director-refs-'));
  const palettes = [
    ['#f4a259', '#bc4b51', '#f4e285'],
    ['#5b8e7d', '#8cb369', '#f4f1de'],
    ['#3d5a80', '#98c1d9', '#e0fbfc'],
  ];
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const [a, b, c] = palettes[i % palettes.length] as [string, string, string];
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="800">
        <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${a}"/><stop offset="1" stop-color="${b}"/></linearGradient></defs>
        <rect width="640" height="800" fill="url(#g)"/><circle cx="${220 + i * 60}" cy="360" r="150" fill="${c}"/>
        <rect x="120" y="560" width="400" height="120" fill="${b}" opacity="0.7"/></svg>`;
      const file = path.join(dir, `reference-${i}.png`);
      await writeFile(file, await sharp(Buffer.from(svg)).png().toBuffer());
      return file;
    }),
  );
}

/** Draws the sample product (a tote) into a temp folder; returns its path. */
export async function drawProduct(kind: 'tote' | 'tshirt' | 'sneaker' = 'tote'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'director-product-'));
  const file = path.join(dir, `${kind}.png`);
  await writeFile(file, await drawSampleProduct(kind));
  return file;
}
