import { findFreePort } from '../../src/temporal/ports';

/** Asks the OS for a free TCP port on 127.0.0.1 (the project's own finder, src/temporal/ports.ts). */
export function freePort(): Promise<number> {
  return findFreePort();
}
