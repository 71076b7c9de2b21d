/**
 * A gate in front of a real Director activity: children arriving at it wait (heartbeating, so a cancel
 * reaches them) until the test opens it, then run the real activity. Lets a test hold lines in flight.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Context } from '@temporalio/activity';
import { createActivities, type Activities, type ActivityDeps } from '../../src/activities';

/** The gate: how many arrived, how many wait now; `open()` lets every waiting and later arrival through. */
export class Gate {
  arrived = 0;
  waiting = 0;
  private opened = false;

  /** @param passFirst arrivals that go straight through, before the gate starts holding. */
  constructor(private readonly passFirst = 0) {}

  /** Lets everyone through from now on. */
  open(): void {
    this.opened = true;
  }

  /** Holds the calling activity until the gate opens; throws its cancellation if it is cancelled. */
  async pass(): Promise<void> {
    this.arrived += 1;
    if (this.arrived <= this.passFirst) return;
    this.waiting += 1;
    try {
      while (!this.opened) {
        Context.current().heartbeat();
        await Context.current().sleep(100);
      }
    } finally {
      this.waiting -= 1;
    }
  }
}

/** `generateBackground` behind the gate, then the real one. */
export function gatedBackground(deps: ActivityDeps, gate: Gate): Partial<Activities> {
  const real = createActivities(deps).generateBackground;
  return {
    generateBackground: async (input) => {
      await gate.pass();
      return real(input);
    },
  };
}

/** Polls `check` until it holds; fails with `what` after `limitMs` (a guard against a hung test, not a timing claim). */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, limitMs = 180_000) {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await sleep(200);
  }
}
