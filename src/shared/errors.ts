/**
 * Error names for failures that must not be retried. Every non-retryable failure carries one of these as
 * its `type`, and a message that names the field and the value that were wrong.
 */
export const NON_RETRYABLE_ERRORS = [
  'InvalidInput',
  'ImageNotFound',
  'UnsupportedImage',
  'CorruptImage',
  'ImageTooLarge',
  'SafetyBlocked',
  'QualityRejected',
  'CostCapExceeded',
  'BudgetExceeded',
  'ApprovalRejected',
  'ModelBadRequest',
  'ModelUnauthorized',
  'ModelForbidden',
  'ModelNotFound',
  'StoreMisconfigured',
  'StoreMismatch',
  'ManifestMalformed',
  'ManifestNotFound',
  'InvalidLine',
  'CatalogCancelled',
] as const;

/** One of the non-retryable error names. */
export type NonRetryableErrorType = (typeof NON_RETRYABLE_ERRORS)[number];

/** Error names for failures that Temporal retries (within a bounded policy). */
export type RetryableErrorType =
  'ModelUnavailable' | 'ModelRateLimited' | 'ModelNoImage' | 'ModelAnswerInvalid' | 'StorageUnavailable';

/** Any error name this project raises. */
export type DirectorErrorType = NonRetryableErrorType | RetryableErrorType;
