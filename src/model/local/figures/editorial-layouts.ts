import type { CreativePrompt } from '../../../shared/creative';
import { mixHex } from '../colour';
import type { ColourRoles } from './editorial-palette';
import type { FigureSpec } from './editorial-figure';
import type { Random } from '../random';

/** A laid-out picture: the set behind, the figures standing in it. */
export interface Layout {
  back: string;
  figures: FigureSpec[];
}

/** Makes a figure standing at `x` with its feet at `feetY`, `height` tall, leaning `lean` degrees. */
export type FigureMaker = (x: number, feetY: number, height: number, lean: number) => FigureSpec;

/** Lays out the set and figures of a `width`×`height` picture for a composition. */
export function layOut(
  composition: CreativePrompt['composition'],
  width: number,
  height: number,
  roles: ColourRoles,
  random: Random,
  figure: FigureMaker,
): Layout {
  const area = { w: width, h: height, m: Math.min(width, height) };
  const fill = (x: number, y: number, w: number, h: number, colour: string, extra = '') =>
    `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="${colour}"${extra}/>`;
  // Figures are sized by the shorter fit of height and width, so a wide frame does not get a giant.
  const tall = (share: number) => Math.min(height * share, width * share * 2.4);

  switch (composition) {
    case 'centered': {
      const r = area.m * random.range(0.26, 0.34);
      const shape =
        random.next() < 0.5
          ? `<circle cx="${width / 2}" cy="${height * 0.42}" r="${r}" fill="${roles.accent}" opacity="0.9"/>`
          : arch(width / 2 - r, height * 0.16, r * 2, height * 0.64, roles.field);
      return {
        back: fill(0, 0, width, height, roles.base) + shape + floor(area, 0.8, roles.floor),
        figures: [figure(width / 2, height * 0.92, tall(0.76), 0)],
      };
    }
    case 'diagonal': {
      const rising = random.next() < 0.5;
      const [y0, y1] = rising ? [height * 1.0, height * 0.05] : [height * 0.05, height * 1.0];
      const t = height * random.range(0.22, 0.32);
      const band = `<polygon points="0,${y0} 0,${y0 - t} ${width},${y1 - t} ${width},${y1}" fill="${roles.field}"/>`;
      const stripe = `<polygon points="0,${y0 + t * 0.25} 0,${y0 + t * 0.1} ${width},${y1 + t * 0.1} ${width},${y1 + t * 0.25}" fill="${roles.accent}"/>`;
      const x = width * (rising ? random.range(0.36, 0.44) : random.range(0.56, 0.64));
      return {
        back: fill(0, 0, width, height, roles.base) + band + stripe,
        figures: [figure(x, height * 0.93, tall(0.78), rising ? 5 : -5)],
      };
    }
    case 'rule-of-thirds': {
      const left = random.next() < 0.5;
      const x = width * (left ? 1 / 3 : 2 / 3);
      const other = width * (left ? 2 / 3 : 1 / 3);
      const plinthW = width * 0.16;
      const plinth = fill(other - plinthW / 2, height * 0.52, plinthW, height * 0.2, roles.field);
      const sun = `<circle cx="${other}" cy="${height / 3}" r="${area.m * 0.08}" fill="${roles.accent}"/>`;
      return {
        back: fill(0, 0, width, height, roles.base) + floor(area, 2 / 3, roles.floor) + plinth + sun,
        figures: [figure(x, height * 0.93, tall(0.72), 0)],
      };
    }
    case 'split': {
      const seam = width * random.range(0.42, 0.58);
      const fields = fill(0, 0, seam, height, roles.base) + fill(seam, 0, width - seam, height, roles.field);
      const dot = `<circle cx="${seam < width / 2 ? width * 0.82 : width * 0.18}" cy="${height * 0.2}" r="${area.m * 0.05}" fill="${roles.accent}"/>`;
      return {
        back: fields + floor(area, 0.84, roles.floor, 0.7) + dot,
        figures: [figure(seam, height * 0.93, tall(0.78), 0)],
      };
    }
    case 'grid': {
      const cols = width > height ? 3 : 2;
      const rows = 2;
      const gutter = area.m * 0.02;
      const cw = (width - gutter * (cols + 1)) / cols;
      const ch = (height - gutter * (rows + 1)) / rows;
      const panelColours = [roles.base, roles.field, roles.floor, roles.accent];
      let back = fill(0, 0, width, height, mixHex(roles.base, '#ffffff', 0.6));
      const figures: FigureSpec[] = [];
      for (let row = 0; row < rows; row++) {
        for (let col = 0; col < cols; col++) {
          const x = gutter + col * (cw + gutter);
          const y = gutter + row * (ch + gutter);
          const figurePanel = (row + col) % 2 === 0;
          back += fill(
            x,
            y,
            cw,
            ch,
            figurePanel ? roles.base : (panelColours[(row * cols + col) % 4] ?? roles.field),
          );
          if (figurePanel) figures.push(figure(x + cw / 2, y + ch * 0.95, Math.min(ch * 0.86, cw * 2.2), 0));
          else
            back += `<circle cx="${x + cw / 2}" cy="${y + ch / 2}" r="${Math.min(cw, ch) * random.range(0.22, 0.34)}" fill="${roles.garment}" opacity="0.85"/>`;
        }
      }
      return { back, figures };
    }
  }
}

function floor(area: { w: number; h: number }, at: number, colour: string, opacity = 1): string {
  return `<rect x="0" y="${area.h * at}" width="${area.w}" height="${area.h * (1 - at)}" fill="${colour}" opacity="${opacity}"/>`;
}

function arch(x: number, y: number, w: number, h: number, colour: string): string {
  const r = w / 2;
  return `<path d="M${x} ${y + h} L${x} ${y + r} A${r} ${r} 0 0 1 ${x + w} ${y + r} L${x + w} ${y + h} Z" fill="${colour}"/>`;
}
