import { z } from 'zod';
import { hexColorSchema } from './product';

/** Output renditions a brand asks for: a name, a size (longest side) and a format. */
export const renditionSchema = z.object({
  name: z.string().regex(/^[a-z0-9-]+$/),
  longestSide: z.number().int().min(64).max(4096),
  format: z.enum(['png', 'jpeg', 'webp']),
});

/** A brand guide: what a Creative Director writes prompts from and checks images against. */
export const brandGuideSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  voice: z.string().min(1).max(500),
  palette: z.array(hexColorSchema).min(2).max(8),
  moods: z.array(z.string().min(1)).min(1),
  avoid: z.array(z.string()).default([]),
  aspectRatio: z.enum(['1:1', '3:4', '4:5', '9:16', '16:9']),
  renditions: z.array(renditionSchema).min(1),
  /** Minimum judge score (0..1) an image needs to pass validation. */
  minScore: z.number().min(0).max(1),
});

/** A validated brand guide. */
export type BrandGuide = z.infer<typeof brandGuideSchema>;

const EXTENSIONS = { png: 'png', jpeg: 'jpg', webp: 'webp' } as const;

/** The file name of an image's rendition, e.g. `3-web.jpg`: the same in the activity and the workflow's undo. */
export function renditionFileName(label: string, rendition: z.infer<typeof renditionSchema>): string {
  return `${label}-${rendition.name}.${EXTENSIONS[rendition.format]}`;
}
