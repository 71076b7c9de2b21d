import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { WorkflowHandle } from '@temporalio/client';
import type { CreativeResult } from '../../src/shared/creative-input';
import { reviewQuery, reviewUpdate } from '../../src/shared/messages';
import type { ReviewState } from '../../src/shared/review';
import { drawReferences } from '../helpers/drawn-images';
import { FakeGeminiServer } from '../helpers/fake-gemini-server';
import { geminiDeps } from '../helpers/gemini-deps';
import { callKind, geminiStudio } from '../helpers/gemini-studio';
import { runWorkflow } from '../helpers/run-workflow';
import { useTemporal } from '../helpers/temporal';

const temporal = useTemporal();
const KEY = 'AIzaFAKE-review-key-never-in-history-7';
let fake: FakeGeminiServer;

before(async () => {
  fake = await FakeGeminiServer.start(KEY);
});
after(() => fake.close());

async function atGate(handle: WorkflowHandle, round: number): Promise<ReviewState> {
  for (let i = 0; i < 600; i += 1) {
    const state = await handle.query(reviewQuery).catch(() => undefined);
    if (state?.waiting && state.round === round) return state;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`the run never waited at its gate in review round ${round}`);
}

describe('per-image review on the Gemini provider (fake Gemini server)', () => {
  it('sends a redo note to the image model in the redone image request, and pays for that image only', async () => {
    fake.setFallback(await geminiStudio());
    const deps = await geminiDeps(KEY, fake);
    const from = fake.requests.length;
    let atFirstGate = 0;
    const note = 'warmer light through linen curtains';
    const run = await runWorkflow<CreativeResult>(
      temporal(),
      deps,
      'creativeDirector',
      {
        referenceImages: await drawReferences(1),
        brand: 'linn-atelier',
        mood: 'calm',
        batchCount: 2,
        size: 256,
        validation: { maxRounds: 0 },
        approval: { required: true, timeout: '10 minutes' },
      },
      {
        drive: async (handle) => {
          await atGate(handle, 0);
          atFirstGate = fake.requests.length;
          await handle.executeUpdate(reviewUpdate, {
            args: [
              {
                decisions: [
                  { index: 0, action: 'keep' },
                  { index: 1, action: 'redo', note },
                ],
              },
            ],
          });
          await atGate(handle, 1);
          await handle.executeUpdate(reviewUpdate, { args: [{ decisions: [{ index: 1, action: 'keep' }] }] });
        },
      },
    );
    assert.ok(run.result, String(run.error));
    const images = (to: number, at = from) =>
      fake.requests.slice(at, to).filter((r) => callKind(r) === 'image');
    assert.equal(images(atFirstGate).length, 2, 'one image per prompt before the gate');
    assert.ok(!images(atFirstGate).some((r) => JSON.stringify(r.body).includes(note)));
    const redone = images(fake.requests.length, atFirstGate);
    assert.equal(redone.length, 1, 'the redo pays for one image');
    assert.ok(JSON.stringify(redone[0]?.body).includes(`Reviewer: ${note}`), 'its prompt carries the note');
    assert.ok(JSON.stringify(redone[0]?.body).includes('look-1:'), 'it is the redone candidate’s prompt');
    const judged = fake.requests.slice(atFirstGate).filter((r) => callKind(r) === 'judge');
    assert.equal(judged.length, 1, 'the redone image is judged again');
    assert.deepEqual(
      run.result.images.map((i) => [i.index, i.prompt.text.endsWith(`Reviewer: ${note}`)]),
      [
        [0, false],
        [1, true],
      ],
    );
    const history = JSON.stringify(await run.handle.fetchHistory());
    assert.ok(!history.includes(KEY), 'the API key never enters the history');
    await deps.dispose();
  });
});
