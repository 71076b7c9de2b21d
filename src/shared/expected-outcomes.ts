/**
 * How a Director may end that is the business working as meant, not a fault: a result the checks
 * rejected, a reviewer's rejection, a user's cancel. The worker logs these as one line, without a stack
 * trace (nobody needs to look at code); every other failure keeps its stack.
 */
export const EXPECTED_OUTCOMES: ReadonlySet<string> = new Set([
  'QualityRejected',
  'ApprovalRejected',
  'DirectorCancelled',
]);

/** The log attribute that marks a Director's expected outcome (its failure type) in the worker's log. */
export const OUTCOME_LOG_KEY = 'directorOutcome';
