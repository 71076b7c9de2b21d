import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { freePort } from '../helpers/free-port';
import { assertExit, jsonOf, runCli } from './cli-process';

// These cases need no Temporal server: they fail before connecting, or find none on purpose.

interface ErrorDocument {
  error: { kind: string; message: string };
  exitCode: number;
}

describe('director CLI without a server', () => {
  it('documents its exit codes in --help', async () => {
    const run = await runCli(['--help']);
    assertExit(run, 0);
    for (const line of [
      /0 +ok/,
      /1 +the run failed/,
      /2 +bad input/,
      /3 +the Temporal server is unreachable/,
      /4 +no workflow with that id/,
    ])
      assert.match(run.stdout, line);
  });

  it('refuses a run with bad input with exit 2, naming the field, before connecting', async () => {
    const closed = `127.0.0.1:${await freePort()}`;
    const missing = await runCli(['run', 'ecommerce'], { address: closed });
    assertExit(missing, 2);
    assert.match(missing.stderr, /productImage/);
    assert.equal(missing.stdout, '');
    const tooSmall = await runCli(['run', 'ecommerce', '--image', 'x.png', '--canvas', '5', '--json'], {
      address: closed,
    });
    assertExit(tooSmall, 2);
    const document = jsonOf<ErrorDocument>(tooSmall);
    assert.equal(document.error.kind, 'usage');
    assert.match(document.error.message, /--canvas: /);
  });

  it('names the flag the user typed, not the schema field behind it', async () => {
    const closed = `127.0.0.1:${await freePort()}`;
    const creative = ['run', 'creative', '--ref', 'look.png', '--brand', 'linn-atelier', '--mood', 'calm'];
    const count = await runCli([...creative, '--count', '0'], { address: closed });
    assertExit(count, 2);
    assert.match(count.stderr, /--count: .*\(got 0\)/);
    assert.doesNotMatch(count.stderr, /batchCount/);
    const word = await runCli([...creative, '--count', 'six'], { address: closed });
    assertExit(word, 2);
    assert.match(word.stderr, /--count must be a number \(got "six"\)/);
    const canvas = await runCli(['run', 'ecommerce', '--image', 'x.png', '--canvas', '99999'], {
      address: closed,
    });
    assert.match(canvas.stderr, /--canvas: /);
    assert.doesNotMatch(canvas.stderr, /canvasSize/);
    const timeout = await runCli([...creative, '--count', '2', '--approval', '--approval-timeout', 'soon'], {
      address: closed,
    });
    assertExit(timeout, 2);
    assert.match(timeout.stderr, /--approval-timeout: .*"soon"/);
  });

  it('cuts a long value in the message instead of echoing it whole', async () => {
    const closed = `127.0.0.1:${await freePort()}`;
    const mood = 'quiet '.repeat(3500); // 21,000 characters
    const run = await runCli(
      ['run', 'creative', '--ref', 'look.png', '--brand', 'linn-atelier', '--count', '2', '--mood', mood],
      { address: closed },
    );
    assertExit(run, 2);
    assert.match(run.stderr, /--mood: .*21,000 characters/);
    assert.ok(
      run.stderr.length < 1000,
      `a short message, not the whole mood: ${run.stderr.length} characters`,
    );
  });

  it('refuses an unknown key in --input, naming it and the key it most likely meant', async () => {
    const closed = `127.0.0.1:${await freePort()}`;
    const dir = await mkdtemp(path.join(os.tmpdir(), 'director-cli-input-'));
    const file = path.join(dir, 'request.json');
    await writeFile(
      file,
      JSON.stringify({
        referenceImages: ['look.png'],
        brand: 'linn-atelier',
        mood: 'calm',
        batchCount: 2,
        approvel: { required: true },
        validation: { maxRound: 1 },
      }),
    );
    const run = await runCli(['run', 'creative', '--input', file, '--json'], { address: closed });
    assertExit(run, 2);
    const message = jsonOf<ErrorDocument>(run).error.message;
    assert.match(message, /approvel: unknown key \(did you mean "approval"\?\)/);
    assert.match(message, /validation\.maxRound: unknown key \(did you mean "maxRounds"\?\)/);
    // Fields from the file are named as the file names them.
    await writeFile(file, JSON.stringify({ productImage: 'x.png', canvasSize: 5 }));
    const fromFile = await runCli(['run', 'ecommerce', '--input', file], { address: closed });
    assertExit(fromFile, 2);
    assert.match(fromFile.stderr, /canvasSize: /);
  });

  it('director dev and director worker with TEMPORAL_ADDRESS where no server answers exit 3 with the usual message', async () => {
    for (const command of ['dev', 'worker']) {
      const address = `127.0.0.1:${await freePort()}`;
      const run = await runCli([command], { address });
      assertExit(run, 3);
      assert.match(
        run.stderr,
        new RegExp(`cannot reach the Temporal server at ${address}: .*TEMPORAL_ADDRESS`),
        command,
      );
      assert.doesNotMatch(run.stderr, /tonic|transport/i, command);
    }
  });

  it('answers unknown flags, bad choices and bad numbers with exit 2', async () => {
    assertExit(await runCli(['status']), 2); // missing <workflowId>
    assertExit(await runCli(['list', '--frobnicate']), 2);
    assertExit(await runCli(['list', '--status', 'sleeping']), 2);
    const limit = await runCli(['list', '--limit', 'many', '--json']);
    assertExit(limit, 2);
    assert.match(jsonOf<ErrorDocument>(limit).error.message, /--limit must be a whole number/);
    assertExit(await runCli(['run', 'creative', '--input', '/no/such/request.json']), 2);
  });

  it('says the server is unreachable with exit 3, naming the address and how to start one', async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const run = await runCli(['status', 'ecommerce-anything'], { address });
    assertExit(run, 3);
    assert.match(run.stderr, new RegExp(`cannot reach the Temporal server at ${address}`));
    assert.match(run.stderr, /director -- dev/);
    const json = await runCli(['list', '--json'], { address });
    assertExit(json, 3);
    assert.equal(jsonOf<ErrorDocument>(json).error.kind, 'unreachable');
  });

  it('shows the effective configuration with API keys masked', async () => {
    const geminiKey = 'AIzaFAKE-not-a-real-key-9f3c';
    const temporalKey = 'tmprl-FAKE-api-key-00a1';
    const env = {
      GEMINI_API_KEY: geminiKey,
      GOOGLE_API_KEY: '',
      TEMPORAL_API_KEY: temporalKey,
      DIRECTOR_MODEL: '',
    };
    const text = await runCli(['config'], { env });
    assertExit(text, 0);
    assert.ok(!text.stdout.includes(geminiKey) && !text.stdout.includes(temporalKey), text.stdout);
    assert.match(text.stdout, /GEMINI_API_KEY +set \(…9f3c\)/);
    assert.match(text.stdout, /GOOGLE_API_KEY +not set/);
    const json = await runCli(['config', '--json'], { env });
    assertExit(json, 0);
    assert.ok(!json.stdout.includes(geminiKey) && !json.stdout.includes(temporalKey));
    const config = jsonOf<{
      secrets: Record<string, string>;
      temporal: { apiKey: string };
      model: { kind: string };
      director: { stateDir: string };
    }>(json);
    assert.equal(config.secrets.GEMINI_API_KEY, 'set (…9f3c)');
    assert.equal(config.secrets.TEMPORAL_API_KEY, 'set (…00a1)');
    assert.equal(config.temporal.apiKey, 'set (…00a1)');
    assert.equal(config.model.kind, 'gemini', 'a worker with this environment would use Gemini');
    assert.ok(path.isAbsolute(config.director.stateDir));
  });

  it('reports an invalid setting in the configuration with exit 2', async () => {
    const run = await runCli(['config'], { env: { DIRECTOR_MODEL: 'telepathy' } });
    assertExit(run, 2);
    assert.match(run.stdout, /DIRECTOR_MODEL/);
  });

  it('refuses to replay a file that is not a history with exit 2', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'director-cli-'));
    const file = path.join(dir, 'not-a-history.json');
    await writeFile(file, JSON.stringify({ hello: 'world' }));
    const run = await runCli(['replay', file]);
    assertExit(run, 2);
    assert.match(run.stderr, /not a Temporal history/);
    assertExit(await runCli(['replay', path.join(dir, 'missing.json')]), 2);
  });
});
