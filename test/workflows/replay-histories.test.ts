import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Worker } from '@temporalio/worker';
import { useTemporal } from '../helpers/temporal';

const temporal = useTemporal();
const HISTORIES = path.resolve(__dirname, '../histories');

describe('replaying recorded histories', () => {
  it('replays every recorded Director history against the current workflow code', async (t) => {
    const files = (await readdir(HISTORIES)).filter((name) => name.endsWith('.json')).sort();
    assert.ok(files.length > 0, 'recorded histories exist (npm run record-histories)');
    for (const file of files) {
      await t.test(file, async () => {
        const history: unknown = JSON.parse(await readFile(path.join(HISTORIES, file), 'utf8'));
        // Throws DeterminismViolationError when the code no longer makes the same decisions.
        await Worker.runReplayHistory({ workflowBundle: temporal().workflowBundle }, history, file);
      });
    }
  });
});
