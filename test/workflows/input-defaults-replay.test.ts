import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { bundleWorkflowCode, Worker, type WorkflowBundle } from '@temporalio/worker';
import type { CreativeResult } from '../../src/shared/creative-input';
import { INPUT_DEFAULTS } from '../../src/shared/input-defaults';
import { drawReferences } from '../helpers/drawn-images';
import { runWorkflow } from '../helpers/run-workflow';
import { tempDeps, useTemporal } from '../helpers/temporal';

const temporal = useTemporal();
const CHANGED_DEFAULTS = path.resolve(__dirname, '../helpers/changed-input-defaults.ts');
const HISTORIES = path.resolve(__dirname, '../histories');

/** Minimal view of webpack's module factory hooks, enough to redirect one import. */
interface Compiler {
  hooks: {
    normalModuleFactory: {
      tap(name: string, fn: (factory: { hooks: BeforeResolveHooks }) => void): void;
    };
  };
}
interface BeforeResolveHooks {
  beforeResolve: { tap(name: string, fn: (data: { request: string; context: string }) => void): void };
}

/** The workflow bundle as it would be built after someone edited a default in `input-defaults.ts`. */
async function bundleWithChangedDefaults(): Promise<WorkflowBundle> {
  const redirect = {
    apply(compiler: Compiler) {
      compiler.hooks.normalModuleFactory.tap('changed-input-defaults', (factory) =>
        factory.hooks.beforeResolve.tap('changed-input-defaults', (data) => {
          // Every import of the defaults module, except the changed module's own import of the released one.
          const fromChanged = data.context === path.dirname(CHANGED_DEFAULTS);
          if (/(^|\/)input-defaults$/.test(data.request) && !fromChanged) data.request = CHANGED_DEFAULTS;
        }),
      );
    },
  };
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../src/workflows'),
    webpackConfigHook: (config) => ({ ...config, plugins: [...(config.plugins ?? []), redirect] }),
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} },
  });
  assert.ok(code.includes('changed-input-defaults'), 'the bundle holds the changed defaults');
  return { code };
}

describe('a default changed in code does not change runs in flight', () => {
  let changed: WorkflowBundle;
  before(async () => {
    changed = await bundleWithChangedDefaults();
  });

  it('replays a run recorded before the default changed, with the new code', async () => {
    assert.equal(INPUT_DEFAULTS.creative.concurrency, 4, 'the released default this test changes');
    const deps = await tempDeps();
    // Three images with the default concurrency (4) are scheduled in one workflow task; with 1, only one.
    const run = await runWorkflow<CreativeResult>(temporal(), deps, 'creativeDirector', {
      referenceImages: await drawReferences(1),
      brand: 'linn-atelier',
      mood: 'calm',
      batchCount: 3,
      size: 256,
    });
    assert.ok(run.result, String(run.error));
    const history = await run.handle.fetchHistory();
    await Worker.runReplayHistory({ workflowBundle: changed }, history, run.handle.workflowId);
    await deps.dispose();
  });

  it('would decide differently if the default were read in workflow code (runs recorded before the fix)', async () => {
    // Recorded by the code that applied defaults inside the workflow: the changed default changes its decisions.
    const history: unknown = JSON.parse(
      await readFile(path.join(HISTORIES, '2026-11', 'creative-success.json'), 'utf8'),
    );
    await assert.rejects(
      Worker.runReplayHistory({ workflowBundle: changed }, history, 'history-creative-success'),
      { name: 'DeterminismViolationError' },
    );
  });
});
