import { z } from 'zod';
import type { ReportFact } from './run-report';

/**
 * The workflow id of the run a run was re-run from (`director rerun <id>`), shown in its report. Every
 * Director's input accepts it; it changes nothing the run does.
 */
export const rerunOfSchema = z.string().min(1).max(400).optional();

/** The report fact naming the earlier run, when there is one. */
export function rerunFacts(rerunOf: string | undefined): ReportFact[] {
  return rerunOf === undefined ? [] : [{ name: 'rerun of', value: rerunOf }];
}
