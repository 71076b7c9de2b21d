import Table from 'cli-table3';
import type { WorkflowExecutionInfo } from '@temporalio/client';
import { SEARCH_ATTRIBUTES, WORKFLOW_TYPES } from '../../shared/names';
import {
  directorBrandKey,
  directorNameKey,
  directorParentKey,
  directorProgressKey,
  directorStageKey,
} from '../../shared/search-attributes';
import { EXIT, usageError } from '../exit-codes';
import type { Output } from '../output';
import { formatDuration } from '../render-summary';
import { LIST_STATUSES } from '../list-statuses';
import { withTemporal } from '../temporal-session';

export { LIST_STATUSES };

/** Options of `director list`. */
export interface ListFlags {
  director?: string;
  brand?: string;
  status?: string;
  limit?: string;
  /** Also list child runs (a Product Director's branches); by default only the runs people started. */
  children?: boolean;
}

/** One row of `director list --json`. */
export interface ListedRun {
  workflowId: string;
  runId: string;
  type: string;
  director: string | null;
  brand: string | null;
  /** The workflow id of the run that started this one (child runs only). */
  parent: string | null;
  status: string;
  stage: string | null;
  percent: number | null;
  startTime: string;
  closeTime: string | null;
  durationMs: number;
}

/** The `DirectorName` values `--director` accepts: each Director's, and `catalog` for catalogs. */
export const LISTED_DIRECTORS: readonly string[] = [...Object.keys(WORKFLOW_TYPES), 'catalog'];

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 1000;

function quoted(field: string, value: string): string {
  // Visibility queries have no escape that every server accepts: refuse quotes instead of guessing.
  if (/['"\\]/.test(value)) throw usageError(`${field} must not contain quotes or backslashes: ${value}`);
  return `'${value}'`;
}

/**
 * The visibility query for the filters: Director runs only (those carrying `DirectorName`), top-level ones
 * unless `children` (child runs carry `DirectorParent`), narrowed by Director, brand and execution status
 * (without a status, the segments a catalog closed by continuing as new are left out).
 * Throws a usage error for an unknown value.
 */
export function listQuery(flags: ListFlags): string {
  const clauses = [`${SEARCH_ATTRIBUTES.name.name} IS NOT NULL`];
  if (flags.director !== undefined) {
    if (!LISTED_DIRECTORS.includes(flags.director))
      throw usageError(`--director must be one of ${LISTED_DIRECTORS.join(', ')}`);
    clauses[0] = `${SEARCH_ATTRIBUTES.name.name} = ${quoted('--director', flags.director)}`;
  }
  if (!flags.children) clauses.push(`${SEARCH_ATTRIBUTES.parent.name} IS NULL`);
  if (flags.brand !== undefined)
    clauses.push(`${SEARCH_ATTRIBUTES.brand.name} = ${quoted('--brand', flags.brand)}`);
  if (flags.status !== undefined) {
    const status = LIST_STATUSES[flags.status.toLowerCase() as keyof typeof LIST_STATUSES];
    if (!status) throw usageError(`--status must be one of ${Object.keys(LIST_STATUSES).join(', ')}`);
    clauses.push(`ExecutionStatus = '${status}'`);
  } else {
    // A catalog continues as new every few hundred lines: list its latest run, not every segment.
    clauses.push(`ExecutionStatus != '${LIST_STATUSES['continued-as-new']}'`);
  }
  return clauses.join(' AND ');
}

function parseLimit(value: string | undefined): number {
  if (value === undefined) return DEFAULT_LIMIT;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    throw usageError(`--limit must be a whole number from 1 to ${MAX_LIMIT}, got ${value}`);
  return limit;
}

function toRow(info: WorkflowExecutionInfo): ListedRun {
  const attributes = info.typedSearchAttributes;
  const end = info.closeTime ?? new Date();
  return {
    workflowId: info.workflowId,
    runId: info.runId,
    type: info.type,
    director: attributes.get(directorNameKey) ?? null,
    brand: attributes.get(directorBrandKey) ?? null,
    parent: attributes.get(directorParentKey) ?? null,
    status: info.status.name.toLowerCase(),
    stage: attributes.get(directorStageKey) ?? null,
    percent: attributes.get(directorProgressKey) ?? null,
    startTime: info.startTime.toISOString(),
    closeTime: info.closeTime?.toISOString() ?? null,
    durationMs: end.getTime() - info.startTime.getTime(),
  };
}

function renderRuns(runs: ListedRun[]): string {
  const table = new Table({
    head: ['workflow id', 'director', 'brand', 'status', 'stage', '%', 'started', 'took'],
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const run of runs) {
    table.push([
      run.workflowId,
      run.director ?? '',
      run.brand ?? '',
      run.status,
      run.stage ?? '',
      run.percent ?? '',
      run.startTime.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
      formatDuration(run.durationMs),
    ]);
  }
  return table.toString();
}

/**
 * `director list [--director d] [--brand b] [--status s] [--limit n] [--children]`: recent top-level
 * Director runs (with `--children`, their child runs too), newest first,
 * through the visibility store (which may lag a run's start by a second or so). Exit 2 for a bad filter.
 */
export async function listCommand(flags: ListFlags, out: Output): Promise<number> {
  const query = listQuery(flags);
  const limit = parseLimit(flags.limit);
  return withTemporal(async (session) => {
    const runs: ListedRun[] = [];
    for await (const info of session.client.workflow.list({ query, pageSize: Math.min(limit, 100) })) {
      runs.push(toRow(info));
      if (runs.length >= limit) break;
    }
    out.document({ query, runs });
    out.line(runs.length > 0 ? renderRuns(runs) : `no runs match: ${query}`);
    return EXIT.ok;
  });
}
