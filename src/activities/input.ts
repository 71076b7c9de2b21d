import type { z } from 'zod';
import { creativeInputSchema } from '../shared/creative-input';
import { ecommerceInputSchema } from '../shared/ecommerce';
import type { DirectorName } from '../shared/names';
import { parseInput } from '../shared/parse-input';
import { productInputSchema } from '../shared/product-input';

/** Each Director's input schema, by Director name. */
export const DIRECTOR_INPUT_SCHEMAS = {
  creative: creativeInputSchema,
  ecommerce: ecommerceInputSchema,
  product: productInputSchema,
} as const satisfies Record<DirectorName, z.ZodType>;

/** A Director's input with every default filled in. */
export type ResolvedInput<D extends DirectorName> = z.output<(typeof DIRECTOR_INPUT_SCHEMAS)[D]>;

/** The activity that fixes a run's input once, when it starts. */
export function createInputActivities() {
  return {
    /**
     * Parses a Director's raw input against its schema and returns it with every default filled in. Run
     * as the Director's first step, so the result (and with it every default the run decided on) is
     * recorded in the run's history: a default changed later does not change a run in flight. Pure and
     * idempotent; throws a non-retryable `InvalidInput` naming each bad field and value.
     */
    // eslint-disable-next-line @typescript-eslint/require-await -- every activity returns a promise
    async resolveInput<D extends DirectorName>(request: {
      director: D;
      input: unknown;
    }): Promise<{ input: ResolvedInput<D> }> {
      const schema = DIRECTOR_INPUT_SCHEMAS[request.director];
      return {
        input: parseInput(schema, request.input, WORKFLOW_WHAT[request.director]) as ResolvedInput<D>,
      };
    },
  };
}

// The name the old in-workflow parse used in its messages, kept so errors read the same either way.
const WORKFLOW_WHAT: Record<DirectorName, string> = {
  creative: 'creativeDirector',
  ecommerce: 'ecommerceDirector',
  product: 'productDirector',
};
