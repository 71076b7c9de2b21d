import { z } from 'zod';
import { nonRetryable } from './failures';
import { knownKeysAt } from './schema-keys';
import { nearestKey } from './nearest-key';

// Workflow code runs in a sandbox: keep zod from generating code at run time.
z.config({ jitless: true });

/** Longest value echoed back in a message; longer ones are cut (a 20,000-character mood is not repeated). */
const MAX_ECHO = 60;

/** One thing wrong with an input: where (as the user named it), what, and the value given. */
interface InputProblem {
  /** The field's path in the input, e.g. `validation.maxRounds` (`(input)` for the whole input). */
  field: string;
  /** What was wrong, with a suggestion when there is one. */
  message: string;
  /** The value given, as JSON, cut to a readable length; absent for a missing field or an unknown key. */
  given?: string;
}

/** How to name a field in messages: by default its path in the input; the CLI names its flags instead. */
export type FieldNamer = (path: readonly PropertyKey[]) => string;

const pathName: FieldNamer = (path) => (path.length > 0 ? path.map(String).join('.') : '(input)');

/** A value as JSON for a message, cut to `MAX_ECHO` characters with its full length said. */
function echoValue(value: unknown): string {
  if (typeof value === 'string' && value.length > MAX_ECHO) {
    return `${JSON.stringify(`${value.slice(0, MAX_ECHO)}…`)} (${value.length.toLocaleString('en-US')} characters)`;
  }
  const json = JSON.stringify(value) ?? String(value);
  return json.length <= MAX_ECHO ? json : `${json.slice(0, MAX_ECHO)}…`;
}

function problemsOf(
  schema: z.ZodType,
  issues: readonly z.core.$ZodIssue[],
  name: FieldNamer,
): InputProblem[] {
  return issues.flatMap((issue): InputProblem[] => {
    if (issue.code === 'unrecognized_keys') {
      // One problem per unknown key, with the known key it most likely meant.
      const known = knownKeysAt(schema, issue.path);
      return issue.keys.map((key) => {
        const near = nearestKey(key, known);
        const hint = near ? `did you mean "${near}"?` : `known keys: ${known.join(', ')}`;
        return { field: name([...issue.path, key]), message: `unknown key (${hint})` };
      });
    }
    const given = 'input' in issue && issue.input !== undefined ? echoValue(issue.input) : undefined;
    return [{ field: name(issue.path), message: issue.message, ...(given !== undefined ? { given } : {}) }];
  });
}

/** The problems as one line: `field: what (got value); …`. */
function describeProblems(problems: readonly InputProblem[]): string {
  return problems
    .map((p) => `${p.field}: ${p.message}${p.given !== undefined ? ` (got ${p.given})` : ''}`)
    .join('; ');
}

/**
 * Parses a workflow or CLI input against its (strict) schema. Throws a non-retryable `InvalidInput` whose
 * message names each bad field, what was wrong and the value given (cut when long); an unknown key is
 * named with the known key nearest to it. `name` renames fields in the message (the CLI names its flags).
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  what: string,
  name: FieldNamer = pathName,
): z.output<S> {
  const parsed = schema.safeParse(raw, { reportInput: true });
  if (parsed.success) return parsed.data;
  const problems = problemsOf(schema, parsed.error.issues, name);
  throw nonRetryable('InvalidInput', `invalid ${what} input: ${describeProblems(problems)}`, {
    problems: problems.map((p) => describeProblems([p])),
  });
}
