import sharp from 'sharp';
import type { ImageData } from '../model/creative-model';
import type { PostProcessing } from '../model/creative-capabilities';

/** Images on one contact sheet page: 8 × 6 thumbnails, a page a person can still scan. */
export const SHEET_PAGE_SIZE = 48;

/** Columns of a full page. */
const SHEET_COLUMNS = 8;

/** Side of a thumbnail's cell, in pixels: a full page is about 1,700 pixels wide. */
const SHEET_CELL = 192;

/** One image to show: its label (the SKU) and where it was published. */
export interface SheetTile {
  label: string;
  location: string;
}

/** The file name of a contact sheet page: `contact-sheet-001.png`, … (1-based). Pure. */
export function contactSheetName(page: number): string {
  return `contact-sheet-${String(page).padStart(3, '0')}.png`;
}

/** How many pages `count` images fill. Pure. */
export function pageCount(count: number): number {
  return Math.ceil(count / SHEET_PAGE_SIZE);
}

/**
 * Draws the tiles as contact sheet pages of `SHEET_PAGE_SIZE`, handing each finished page to `write` in
 * order. Each image is read and shrunk to a thumbnail before the next is read, so memory holds one page of
 * thumbnails, whatever the catalog's size. A tile whose image is gone or does not decode is left out
 * (`onMissing` hears of it); a page left with no image is not drawn. Returns the names of the pages written.
 */
export async function drawContactPages(
  model: Pick<PostProcessing, 'render' | 'contactSheet'>,
  tiles: readonly SheetTile[],
  read: (location: string) => Promise<Buffer | undefined>,
  write: (name: string, sheet: ImageData) => Promise<void>,
  onMissing: (tile: SheetTile, why: string) => void = () => {},
): Promise<string[]> {
  const written: string[] = [];
  for (let page = 0; page < pageCount(tiles.length); page += 1) {
    const thumbs: { image: ImageData; label: string }[] = [];
    for (const tile of tiles.slice(page * SHEET_PAGE_SIZE, (page + 1) * SHEET_PAGE_SIZE)) {
      const thumb = await thumbnail(model, tile, read).catch((error: unknown) => {
        onMissing(tile, error instanceof Error ? error.message : String(error));
        return undefined;
      });
      if (thumb) thumbs.push({ image: thumb, label: tile.label });
    }
    if (thumbs.length === 0) continue;
    const sheet = await model.contactSheet(thumbs, {
      columns: Math.min(SHEET_COLUMNS, thumbs.length),
      cell: SHEET_CELL,
    });
    const name = contactSheetName(page + 1);
    await write(name, sheet);
    written.push(name);
  }
  return written;
}

async function thumbnail(
  model: Pick<PostProcessing, 'render'>,
  tile: SheetTile,
  read: (location: string) => Promise<Buffer | undefined>,
): Promise<ImageData> {
  const bytes = await read(tile.location);
  if (!bytes) throw new Error(`no file at ${tile.location}`);
  const { width, height, format } = await sharp(bytes).metadata();
  if (!width || !height) throw new Error(`${tile.location} has no size`);
  const image = { bytes, mimeType: `image/${format}`, width, height };
  return model.render(image, { longestSide: SHEET_CELL, format: 'png' });
}
