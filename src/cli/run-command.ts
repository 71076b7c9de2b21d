import { loadTemporalConfig } from '../config';
import { ecommerceInputSchema, type EcommerceInput } from '../shared/ecommerce';
import { parseInput } from '../shared/parse-input';
import { BACKGROUND_STYLES } from '../shared/styles';
import { connectClient } from './connections';
import { runEcommerce, startEcommerce } from './ecommerce-command';

/** Flags of `director run ecommerce`. */
export interface EcommerceFlags {
  image: string;
  style: string;
  canvas?: string;
  brand?: string;
  wait: boolean;
}

/** The exit code for an input the CLI refused before starting anything. */
export const EXIT_BAD_INPUT = 2;

/**
 * `director run ecommerce`: checks the flags against the workflow's own schema (so a typo fails here, not
 * in a run), starts the Director on the configured cluster and, unless `--no-wait`, follows it to the end.
 */
export async function runEcommerceCommand(flags: EcommerceFlags, print: (line: string) => void): Promise<number> {
  let input: EcommerceInput;
  try {
    const raw = { productImage: flags.image, style: flags.style, canvasSize: flags.canvas ? Number(flags.canvas) : undefined, brand: flags.brand };
    input = parseInput(ecommerceInputSchema, raw, 'ecommerce') as EcommerceInput;
  } catch (error: unknown) {
    print(`${(error as Error).message}\nstyles: ${BACKGROUND_STYLES.join(', ')}`);
    return EXIT_BAD_INPUT;
  }
  const { client, connection } = await connectClient(loadTemporalConfig());
  try {
    if (!flags.wait) {
      const handle = await startEcommerce(client, input);
      print(handle.workflowId);
      return 0;
    }
    const { outcome } = await runEcommerce(client, input, print);
    return outcome.ok ? 0 : 1;
  } finally {
    await connection.close();
  }
}
