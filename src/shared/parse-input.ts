import { z } from 'zod';
import { nonRetryable } from './failures';

// Workflow code runs in a sandbox: keep zod from generating code at run time.
z.config({ jitless: true });

/**
 * Parses a workflow or CLI input against its schema. Throws a non-retryable `InvalidInput` whose message
 * names each bad field, what was wrong and the value given.
 */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(raw, { reportInput: true });
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const field = issue.path.length > 0 ? issue.path.join('.') : '(input)';
    const given =
      'input' in issue && issue.input !== undefined ? ` (got ${JSON.stringify(issue.input)})` : '';
    return `${field}: ${issue.message}${given}`;
  });
  throw nonRetryable('InvalidInput', `invalid ${what} input: ${problems.join('; ')}`, { problems });
}
