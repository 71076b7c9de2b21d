import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { creativeInputSchema } from '../shared/creative-input';
import { ecommerceInputSchema } from '../shared/ecommerce';
import type { DirectorName } from '../shared/names';
import { parseInput } from '../shared/parse-input';
import { productInputSchema } from '../shared/product-input';
import { absoluteSource } from './director-runs';

/** Flags of `director run <director>` (commander's parsed options). */
export interface RunFlags {
  input?: string;
  image?: string;
  style?: string;
  canvas?: string;
  brand?: string;
  ref?: string[];
  mood?: string;
  count?: string;
  size?: string;
  type?: string;
  approval?: boolean;
  approvalTimeout?: string;
  wait: boolean;
}

const SCHEMAS = {
  ecommerce: ecommerceInputSchema,
  creative: creativeInputSchema,
  product: productInputSchema,
};

const num = (value: string | undefined) => (value === undefined ? undefined : Number(value));

function fromFlags(director: DirectorName, flags: RunFlags): Record<string, unknown> {
  switch (director) {
    case 'ecommerce':
      return {
        productImage: flags.image,
        style: flags.style,
        canvasSize: num(flags.canvas),
        brand: flags.brand,
      };
    case 'creative':
      return {
        referenceImages: flags.ref,
        brand: flags.brand,
        mood: flags.mood,
        batchCount: num(flags.count),
        size: num(flags.size),
        ...(flags.approval
          ? {
              approval: {
                required: true,
                ...(flags.approvalTimeout ? { timeout: flags.approvalTimeout } : {}),
              },
            }
          : {}),
      };
    case 'product':
      return {
        productImage: flags.image,
        productType: flags.type,
        options: { size: num(flags.size), brand: flags.brand },
      };
  }
}

function dropUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropUndefined);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, dropUndefined(v)]),
  );
}

/**
 * Builds a Director's input from `--input file.json` (if given) overlaid with flags, resolves image paths,
 * and checks it against the workflow's own schema so a mistake fails here, naming the field. Throws
 * `InvalidInput` (an ApplicationFailure) or a file-reading error.
 */
export async function buildInput(director: DirectorName, flags: RunFlags): Promise<object> {
  const base: unknown = flags.input ? JSON.parse(await readFile(path.resolve(flags.input), 'utf8')) : {};
  const merged = { ...(base as object), ...(dropUndefined(fromFlags(director, flags)) as object) } as Record<
    string,
    unknown
  >;
  if (typeof merged.productImage === 'string') merged.productImage = absoluteSource(merged.productImage);
  if (Array.isArray(merged.referenceImages))
    merged.referenceImages = merged.referenceImages.map((r: string) => absoluteSource(r));
  parseInput(SCHEMAS[director] as z.ZodType, merged, director);
  return merged;
}

/** A short business key (brand, style or product type) for the workflow id. */
export function businessKey(director: DirectorName, input: Record<string, unknown>): string {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  if (director === 'product') return text(input.productType) ?? 'product';
  return text(input.brand) ?? text(input.style) ?? director;
}
