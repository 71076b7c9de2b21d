/** Every byte of a workflow's history as text, for searching it for things that must never be there. */
import type { Client } from '@temporalio/client';

/** Strings and byte arrays of `value`, depth first, concatenated (bytes as latin1, so any byte matches). */
function collect(value: unknown, out: string[]): void {
  if (value instanceof Uint8Array) out.push(Buffer.from(value).toString('latin1'));
  else if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) collect(item, out);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) collect(item, out);
}

/** The text of every history event of every workflow in the namespace (children included). */
export async function allHistoriesText(client: Client): Promise<{ workflows: number; text: string }> {
  const out: string[] = [];
  let workflows = 0;
  for await (const execution of client.workflow.list()) {
    const history = await client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
    collect(history, out);
    workflows += 1;
  }
  return { workflows, text: out.join('\n') };
}
