import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EcommerceResult } from '../../src/shared/ecommerce';
import { activityEvents } from '../helpers/activity-events';
import { drawProduct } from '../helpers/drawn-images';
import { runFailure } from '../helpers/failures';
import { failing } from '../helpers/inject';
import { runWorkflow } from '../helpers/run-workflow';
import { tempDeps, useTemporal } from '../helpers/temporal';
import { localActivityTypes } from '../helpers/history';

const temporal = useTemporal();

describe('activity presets', () => {
  it('schedules every ordinary activity, compensations included, with a heartbeat timeout', async () => {
    const deps = await tempDeps();
    // The report fails after the publish: the run has stored, published and compensated.
    const run = await runWorkflow<EcommerceResult>(
      temporal(),
      deps,
      'ecommerceDirector',
      { productImage: await drawProduct('tote') },
      { overrides: failing('writeRunReport') },
    );
    await deps.dispose();
    assert.equal(runFailure(run.error).failure.type, 'InjectedFailure');
    const { activities } = await activityEvents(run.handle);
    const types = new Set(activities.map((a) => a.type));
    // Publishing and the report are local activities (`short-steps.ts`): their worker runs the workflow.
    assert.deepEqual(await localActivityTypes(run.handle), ['publishImages', 'writeRunReport']);
    for (const type of ['unpublishImages', 'deleteBlobs', 'deleteRunReport']) {
      assert.ok(types.has(type), `the run scheduled ${type}`);
    }
    const without = activities.filter((a) => a.heartbeatTimeoutSeconds <= 0).map((a) => a.type);
    assert.deepEqual(without, [], 'activities scheduled without a heartbeat timeout');
  });
});
