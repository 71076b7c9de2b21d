/** Shortest secret whose last four characters may be shown: for a shorter one they give too much away. */
const SHOW_TAIL_FROM = 12;

/**
 * How a secret is shown: `not set`, or `set (…abcd)` with its last four characters so people can tell
 * which key is in use, never more. Short secrets show as just `set`.
 */
export function maskSecret(value: string | undefined): string {
  const secret = value?.trim();
  if (!secret) return 'not set';
  return secret.length >= SHOW_TAIL_FROM ? `set (…${secret.slice(-4)})` : 'set';
}

/** Whether a setting's name says it holds a secret (`apiKey`, `TOKEN`, `password`, …). */
export function looksSecret(name: string): boolean {
  return /key|token|secret|password|credential|authorization/i.test(name);
}
