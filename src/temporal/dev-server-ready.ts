/** Waiting for a freshly started Temporal server to serve a namespace, and registering search attributes. */
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { SEARCH_ATTRIBUTES } from '../shared/names';

const SDK_TYPES = { Keyword: 'KEYWORD', Int: 'INT' } as const;

/**
 * Connects to `address` and calls `describeNamespace` until it answers, retrying until `timeoutMs` has
 * passed; returns the open connection. Throws when `gaveUp()` says to stop (the server exited) or on timeout.
 */
export async function connectWhenReady(options: {
  address: string;
  namespace: string;
  timeoutMs: number;
  gaveUp: () => string | undefined;
}): Promise<Connection> {
  const { address, namespace, timeoutMs, gaveUp } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no attempt made';
  for (;;) {
    const reason = gaveUp();
    if (reason) throw new Error(reason);
    try {
      const connection = await Connection.connect({ address, connectTimeout: '2s' });
      try {
        await connection.withDeadline(Date.now() + 3_000, () =>
          connection.workflowService.describeNamespace({ namespace }),
        );
        return connection;
      } catch (error: unknown) {
        await connection.close();
        throw error;
      }
    } catch (error: unknown) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `Temporal at ${address} did not serve namespace ${namespace} within ${timeoutMs / 1000} s: ${lastError}`,
      );
    }
    await sleep(250);
  }
}

/**
 * Makes sure the project's search attributes (`DirectorName`, …) exist in `namespace`, adding the missing
 * ones; returns the names it added. Throws when one exists with another type, or the server refuses.
 */
export async function ensureSearchAttributes(
  connection: Connection,
  namespace: string,
  log: (message: string) => void,
): Promise<string[]> {
  const listed = await connection.operatorService.listSearchAttributes({ namespace });
  const existing = { ...listed.systemAttributes, ...listed.customAttributes };
  const missing: Record<string, number> = {};
  for (const { name, type } of Object.values(SEARCH_ATTRIBUTES)) {
    const wanted = encodeSearchAttributeIndexedValueType(SDK_TYPES[type]);
    if (wanted === undefined) throw new Error(`search attribute ${name}: unknown type ${type}`);
    const found = existing[name];
    if (found === undefined) missing[name] = wanted;
    else if (found !== wanted)
      throw new Error(`search attribute ${name} exists in ${namespace} with another type than ${type}`);
  }
  const added = Object.keys(missing);
  if (added.length > 0) {
    log(`registering search attributes ${added.join(', ')} in ${namespace}`);
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: missing });
  }
  return added;
}
