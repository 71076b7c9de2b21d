import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config';

/**
 * The bench worker's workflow entry (bench/workflows): every Director plus the benchmark's own workflows.
 * From the project's root, not this file's folder: the compiled bench worker runs from `.director/`.
 */
export const BENCH_WORKFLOWS = path.join(PROJECT_ROOT, 'bench', 'workflows', 'index.ts');
