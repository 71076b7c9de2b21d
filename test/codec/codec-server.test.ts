/**
 * The codec server (`director codec-server`): Temporal's remote codec protocol over HTTP (encode, decode,
 * CORS for the Web UI's origin, clear 4xx answers), and the Web UI of a dev server started with
 * `--ui-codec-endpoint` showing an encrypted run's input as plain JSON in headless Chromium.
 */
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { NativeConnection } from '@temporalio/worker';
import { codecServerCommand } from '../../src/cli/commands/codec-server';
import { CliError } from '../../src/cli/exit-codes';
import { startCodecServer, type RunningCodecServer } from '../../src/codec/codec-http';
import { parseCodecKeys } from '../../src/codec/codec-keys';
import { directorDataConverter } from '../../src/codec/data-converter';
import { EncryptionCodec } from '../../src/codec/encryption-codec';
import { payloadToJson, type JsonPayload } from '../../src/codec/payload-json';
import type { CreativeResult } from '../../src/shared/creative-input';
import { startDevServer, uiRunUrl } from '../../src/temporal/dev-server';
import { resolveTemporalCli } from '../../src/temporal/resolve-binary';
import { createDirectorWorker } from '../../src/worker';
import { launchChromiumOrSkip } from '../helpers/chromium';
import { creativeInput } from '../helpers/creative-input';
import { freePort } from '../helpers/free-port';
import { tempDeps, useTemporal } from '../helpers/temporal';
import { openUntil, UI_TIMEOUT_MS } from '../helpers/ui-page';

const temporal = useTemporal();
const PROJECT_ROOT = path.resolve(__dirname, '../..');
const UI_ORIGIN = 'http://127.0.0.1:8233';
const TIMEOUT_MS = UI_TIMEOUT_MS;
const KEYS = `k1:${randomBytes(32).toString('base64')}`;
const codec = new EncryptionCodec(parseCodecKeys(KEYS, 'DIRECTOR_CODEC_KEYS'));

const cleanups: Array<() => Promise<unknown>> = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function codecServer(): Promise<RunningCodecServer> {
  const server = await startCodecServer({ codec, port: 0, origins: [UI_ORIGIN] });
  cleanups.push(() => server.close());
  return server;
}

/** POSTs `{ payloads }` to `url` as the Web UI does; resolves to the status, headers and body. */
async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-namespace': 'default', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

const payloadsOf = (text: string) => (JSON.parse(text) as { payloads: JsonPayload[] }).payloads;

/** Starts `director codec-server` from the sources; resolves once it has printed its URL and advice. */
async function spawnCodecServer(
  args: string[],
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/client.ts', 'codec-server', ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DIRECTOR_CODEC_KEYS: '', DIRECTOR_CODEC_KEY_FILE: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exitOf(child);
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed:\n${output}`)), TIMEOUT_MS);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /codec server on (http:\/\/\S+)/.exec(output)?.[1];
      if (found && output.includes('Ctrl-C stops it.')) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${output}`));
    });
  });
  return { child, url, output: () => output };
}

const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code)),
  );

describe('the codec server', () => {
  it('encodes and decodes payloads over HTTP, under any path prefix', async () => {
    const server = await codecServer();
    const value = { mood: 'a secret mood', count: 3 };
    const plain = payloadToJson(defaultPayloadConverter.toPayload(value));
    const encoded = await post(`${server.url}/encode`, { payloads: [plain] });
    assert.equal(encoded.status, 200, encoded.text);
    const [sealed] = payloadsOf(encoded.text);
    assert.equal(Buffer.from(sealed?.metadata?.encoding ?? '', 'base64').toString(), 'binary/encrypted');
    assert.ok(!Buffer.from(sealed?.data ?? '', 'base64').includes('a secret mood'));

    // The Temporal CLI templates the namespace into the path: only the last segment counts.
    const decoded = await post(`${server.url}/default/decode`, { payloads: [sealed] });
    assert.equal(decoded.status, 200, decoded.text);
    assert.deepEqual(payloadsOf(decoded.text), [plain]);
  });

  it('answers the CORS preflight for the allowed Web UI origin only', async () => {
    const server = await codecServer();
    const preflight = (origin: string) =>
      fetch(`${server.url}/decode`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,x-namespace',
        },
      });
    const allowed = await preflight(UI_ORIGIN);
    assert.equal(allowed.status, 204);
    assert.equal(allowed.headers.get('access-control-allow-origin'), UI_ORIGIN);
    assert.match(allowed.headers.get('access-control-allow-methods') ?? '', /POST/);
    assert.match(allowed.headers.get('access-control-allow-headers') ?? '', /x-namespace/);
    const other = await preflight('https://elsewhere.example');
    assert.equal(other.status, 403);
    assert.equal(other.headers.get('access-control-allow-origin'), null);

    const fromUi = await post(`${server.url}/encode`, { payloads: [] }, { origin: UI_ORIGIN });
    assert.equal(fromUi.status, 200);
    assert.equal(fromUi.headers.get('access-control-allow-origin'), UI_ORIGIN);
  });

  it('answers 400 naming the problem: not JSON, an unknown field, a payload under a key it lacks', async () => {
    const server = await codecServer();
    assert.equal((await post(`${server.url}/decode`, '{nope')).status, 400);
    const unknown = await post(`${server.url}/decode`, { payloads: [{ data: '', extra: 1 }] });
    assert.equal(unknown.status, 400);
    assert.match(unknown.text, /payloads\[0\] has unknown field\(s\): extra/);
    const elsewhere = new EncryptionCodec(parseCodecKeys(`k9:${randomBytes(32).toString('base64')}`, 'X'));
    const [foreign] = await elsewhere.encode([defaultPayloadConverter.toPayload('x')]);
    const refused = await post(`${server.url}/decode`, { payloads: [payloadToJson(foreign!)] });
    assert.equal(refused.status, 400);
    assert.match(refused.text, /encrypted with key 'k9', which DIRECTOR_CODEC_KEYS does not hold/);
    assert.equal((await fetch(`${server.url}/decode`)).status, 405);
    assert.equal((await post(`${server.url}/other`, { payloads: [] })).status, 404);
  });

  it('as `director codec-server` refuses to start without keys (exit 2, naming the variable)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/client.ts', 'codec-server'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DIRECTOR_CODEC_KEYS: '', DIRECTOR_CODEC_KEY_FILE: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    assert.equal(await exitOf(child), 2);
    assert.match(output, /director codec-server needs the payload keys: set DIRECTOR_CODEC_KEYS/);
  });

  it('as `director codec-server` refuses a bad --port or --origin with a usage error naming the flag', async () => {
    const refused = async (flags: Parameters<typeof codecServerCommand>[0], pattern: RegExp) =>
      assert.rejects(
        codecServerCommand(flags, () => {}),
        (error: unknown) => {
          assert.ok(error instanceof CliError && error.exitCode === 2, String(error));
          assert.match(error.message, pattern);
          return true;
        },
      );
    await refused({ port: '70000' }, /--port must be a whole number from 1 to 65535, got "70000"/);
    await refused({ port: '8x' }, /--port must be a whole number/);
    await refused(
      { origin: ['http://127.0.0.1:8233/namespaces'] },
      /--origin must be just scheme:\/\/host\[:port\]/,
    );
    await refused({ origin: ['ftp://example.com'] }, /--origin must be just scheme/);
    await refused({ origin: ['not a url'] }, /--origin must be a URL origin/);
  });

  it('lets the Temporal CLI and the Web UI of a dev server started with --ui-codec-endpoint show an encrypted run as plain JSON', async (t) => {
    const uiPort = await freePort();
    const ui = `http://127.0.0.1:${uiPort}`;
    const codecPort = await freePort();
    const command = await spawnCodecServer(['--port', String(codecPort), '--origin', ui], {
      DIRECTOR_CODEC_KEYS: KEYS,
    });
    assert.match(command.output(), new RegExp(`--ui-codec-endpoint ${command.url}`));

    const cli = await resolveTemporalCli({ log: () => {} });
    const stateDir = await mkdtemp(path.join(os.tmpdir(), 'director-codec-ui-'));
    cleanups.push(() => rm(stateDir, { recursive: true, force: true }));
    const server = await startDevServer({
      cliPath: cli.path,
      stateDir,
      port: await freePort(),
      uiPort,
      uiCodecEndpoint: command.url,
    });
    cleanups.push(() => server.stop());

    const dataConverter = directorDataConverter(parseCodecKeys(KEYS, 'DIRECTOR_CODEC_KEYS'));
    const nativeConnection = await NativeConnection.connect({ address: server.address });
    cleanups.push(() => nativeConnection.close());
    const client = new Client({
      connection: await Connection.connect({ address: server.address }),
      dataConverter,
    });
    cleanups.push(() => client.connection.close());
    const deps = await tempDeps();
    cleanups.push(() => deps.dispose());
    const worker = await createDirectorWorker({
      connection: nativeConnection,
      namespace: server.namespace,
      deps,
      workflowBundle: temporal().workflowBundle,
      taskQueue: 'codec-ui',
      dataConverter,
    });
    const mood = `lantern-lit pier ${randomUUID().slice(0, 8)}`;
    const workflowId = `test-codec-ui-${randomUUID()}`;
    const handle = await client.workflow.start('creativeDirector', {
      taskQueue: 'codec-ui',
      workflowId,
      args: [await creativeInput(mood)],
    });
    const result = (await worker.runUntil(handle.result())) as CreativeResult;
    assert.equal(result.summary.status, 'completed');

    // The official CLI decodes through the same endpoint (`--codec-endpoint`), and not without it.
    const inputShownByCli = async (extra: string[]) => {
      const args = [
        'workflow',
        'show',
        '-w',
        workflowId,
        '--address',
        server.address,
        '-o',
        'json',
        ...extra,
      ];
      const history = JSON.parse(await temporalCli(cli.path, args)) as {
        events: Array<{ workflowExecutionStartedEventAttributes?: { input: { payloads: JsonPayload[] } } }>;
      };
      const [input] = history.events[0]?.workflowExecutionStartedEventAttributes?.input.payloads ?? [];
      const bytes = (base64: string | undefined) => Buffer.from(base64 ?? '', 'base64').toString('utf8');
      return { encoding: bytes(input?.metadata?.encoding), data: bytes(input?.data) };
    };
    const decodedByCli = await inputShownByCli(['--codec-endpoint', command.url]);
    assert.equal(decodedByCli.encoding, 'json/plain');
    assert.ok(decodedByCli.data.includes(mood), `the CLI shows the decoded input: ${decodedByCli.data}`);
    const rawForCli = await inputShownByCli([]);
    assert.equal(rawForCli.encoding, 'binary/encrypted', 'without the codec server the CLI sees ciphertext');

    const browser = await launchChromiumOrSkip(t, 'the Web UI codec check');
    if (!browser) return;
    cleanups.push(() => browser.close());

    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const decodeCalls: string[] = [];
    // Only the UI and the codec server: the UI's news feed and anything else stay out of the check.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(command.url)) decodeCalls.push(url);
      return url.startsWith(ui) || url.startsWith(command.url) ? route.continue() : route.abort();
    });
    const page = await context.newPage();
    const shown = await openUntil(
      page,
      uiRunUrl(ui, server.namespace, workflowId, handle.firstExecutionRunId),
      mood,
    );
    assert.ok(shown.includes('linn-atelier'), 'the decoded input is shown as JSON');
    assert.ok(
      decodeCalls.some((url) => new URL(url).pathname === '/decode'),
      `the page decoded through the codec server: ${decodeCalls.join(', ')}`,
    );
    const shot = path.join(os.tmpdir(), `director-codec-ui-${workflowId}.png`);
    await page.screenshot({ path: shot, fullPage: true });
    await context.close();
    console.log(`Web UI through the codec server: ${shot}`);

    command.child.kill('SIGTERM');
    assert.equal(await exitOf(command.child), 0, 'the codec server stops cleanly on SIGTERM');
    assert.match(command.output(), /codec server stopped \(SIGTERM\)/);
  });
});

/** Runs the Temporal CLI; resolves to its stdout, rejects with its output when it fails. */
function temporalCli(cliPath: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cliPath, args, { maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) =>
      error ? reject(new Error(`temporal ${args.join(' ')}: ${error.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}
