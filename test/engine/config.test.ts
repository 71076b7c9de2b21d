import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadDirectorConfig } from '../../src/config';

async function settingsFile(content: unknown): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'director-config-'));
  const file = path.join(dir, 'director.config.json');
  await writeFile(file, JSON.stringify(content));
  return file;
}

describe('project settings', () => {
  it('reads a settings file, paths relative to it, with environment variables taking precedence', async () => {
    const file = await settingsFile({
      outputDir: 'shots',
      model: 'local',
      inputDirs: ['in'],
      taskQueue: 'staging',
    });
    const dir = path.dirname(file);
    const config = loadDirectorConfig({ DIRECTOR_CONFIG: file, DIRECTOR_TASK_QUEUE: 'override' });
    assert.equal(config.outputDir, path.join(dir, 'shots'));
    assert.deepEqual(config.inputDirs, [path.join(dir, 'in')]);
    assert.equal(config.model, 'local');
    assert.equal(config.taskQueue, 'override');
  });

  it('names the file and the field of an invalid setting', async () => {
    const file = await settingsFile({ model: 'gpt', colour: 'red' });
    assert.throws(
      () => loadDirectorConfig({ DIRECTOR_CONFIG: file }),
      (error: Error) => {
        assert.match(error.message, new RegExp(`invalid settings in ${file.replace(/[.\\/]/g, '\\$&')}`));
        assert.match(error.message, /model: /);
        assert.match(error.message, /colour/);
        return true;
      },
    );
    assert.throws(() => loadDirectorConfig({ DIRECTOR_MODEL: 'gpt' }), /DIRECTOR_MODEL/);
  });
});
