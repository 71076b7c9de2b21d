import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import type { DirectorModel } from '../../src/model/director-model';
import type { BlobRef } from '../../src/shared/blob';
import type { BrandGuide } from '../../src/shared/brand-guide';
import { drawProduct } from '../helpers/drawn-images';
import { SAMPLE_PROMPT as PROMPT } from '../helpers/sample-prompt';
import { tempDeps } from '../helpers/temporal';

describe('model answers are checked by the activities', () => {
  it('fails a judgement that does not fit its schema as a typed, retried ModelAnswerInvalid', async (t) => {
    const deps = await tempDeps();
    t.after(() => deps.dispose());
    // A model whose judge answers with a score outside 0..1 (as a provider without a schema might).
    const model: DirectorModel = {
      ...deps.model,
      judgeImage: () => Promise.resolve({ score: 7, reasons: ['too bright'] }),
    };
    const activities = createActivities({ ...deps, model });
    const env = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') });
    const source = await drawProduct('tote');
    const intake: { image: BlobRef } = await env.run(activities.intakeImage, {
      runKey: 'answers',
      source,
      name: 'product',
    });
    const { guide }: { guide: BrandGuide } = await env.run(activities.loadBrandGuide, {
      brand: 'linn-atelier',
    });

    await assert.rejects(
      env.run(activities.judgeImage, { image: intake.image, prompt: PROMPT, guide }),
      (error: unknown) => {
        assert.ok(error instanceof ApplicationFailure, `a typed failure, not ${String(error)}`);
        assert.equal(error.type, 'ModelAnswerInvalid');
        assert.equal(error.nonRetryable, false, 'the model may answer well next time');
        assert.match(error.message, /judgement does not fit its schema/);
        return true;
      },
    );
  });
});
