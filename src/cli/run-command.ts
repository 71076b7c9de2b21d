import path from 'node:path';
import { loadTemporalConfig } from '../config';
import type { DirectorName } from '../shared/names';
import { connectClient } from './connections';
import { businessKey, buildInput, type RunFlags } from './director-inputs';
import { runDirector, startDirector } from './director-runs';

/** Exit codes of `director run`. */
export const EXIT = { ok: 0, runFailed: 1, badInput: 2 } as const;

function summaryLine(director: DirectorName, input: Record<string, unknown>): string {
  const image = typeof input.productImage === 'string' ? path.basename(input.productImage) : 'a stored image';
  const style = typeof input.style === 'string' ? input.style : 'studio-white';
  if (director === 'ecommerce') return `E-commerce shot of ${image} on ${style}`;
  if (director === 'product') return `${String(input.productType)} shots of ${image}`;
  const refs = Array.isArray(input.referenceImages) ? input.referenceImages.length : 0;
  return `${String(input.batchCount)} images for ${String(input.brand)}, mood "${String(input.mood)}", from ${refs} references`;
}

/**
 * `director run <director>`: builds and checks the input before anything starts, starts the Director on
 * the configured cluster and, unless `--no-wait`, follows it to the end. Resolves to the exit code.
 */
export async function runCommand(
  director: DirectorName,
  flags: RunFlags,
  print: (line: string) => void,
): Promise<number> {
  let input: Record<string, unknown>;
  try {
    input = (await buildInput(director, flags)) as Record<string, unknown>;
  } catch (error: unknown) {
    print((error as Error).message);
    return EXIT.badInput;
  }
  const { client, connection } = await connectClient(loadTemporalConfig());
  try {
    const options = { key: businessKey(director, input), summary: summaryLine(director, input) };
    if (!flags.wait) {
      print((await startDirector(client, director, input, options)).workflowId);
      return EXIT.ok;
    }
    const { outcome } = await runDirector(client, director, input, options, print);
    return outcome.ok ? EXIT.ok : EXIT.runFailed;
  } finally {
    await connection.close();
  }
}
