import { fnv1a64Hex } from './fnv-hash';

/** Longest readable part of a run key; the hash that follows it keeps keys apart. */
const READABLE_LENGTH = 100;

/**
 * The folder-safe key of a run, derived from its workflow id: every output of the run is stored under it,
 * so a retried or replayed step overwrites its own output instead of adding another. Injective: a readable
 * part (the id with unsafe characters replaced, cut short) followed by a hash of the whole id, so `a/b` and
 * `a_b`, or two long ids sharing their first 100 characters, never share a folder.
 */
export function runKeyOf(workflowId: string): string {
  return `${readablePart(workflowId).slice(0, READABLE_LENGTH)}-${fnv1a64Hex(workflowId)}`;
}

/**
 * The run key as runs started before the injective key computed it (not injective: `a/b` and `a_b` collide,
 * and ids are cut at 120 characters). Only for runs in flight that began with it: their stored outputs live
 * under this key.
 */
export function legacyRunKeyOf(workflowId: string): string {
  return readablePart(workflowId).slice(0, 120) || 'run';
}

function readablePart(workflowId: string): string {
  return workflowId.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '');
}
