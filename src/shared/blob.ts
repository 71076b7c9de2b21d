import { z } from 'zod';

/**
 * A reference to bytes in the blob store. Images never ride in Temporal payloads: activities store bytes
 * and pass one of these (a few hundred bytes) instead.
 */
export const blobRefSchema = z.strictObject({
  key: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  mimeType: z.string().min(1),
  size: z.number().int().nonnegative(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});

/** A stored image: where it is, its content hash, format and dimensions. */
export type BlobRef = z.infer<typeof blobRefSchema>;
