import { randomBytes } from 'node:crypto';

/** A workflow id that carries its business keys: director, brand or style, time, and a random suffix. */
export function newWorkflowId(director: string, key: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  const safeKey =
    key
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'run';
  return `${director}-${safeKey}-${stamp}-${randomBytes(3).toString('hex')}`;
}
