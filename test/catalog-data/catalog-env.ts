import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { after, before } from 'node:test';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import sharp from 'sharp';
import { createActivities, type ActivityDeps } from '../../src/activities';
import type { LineRecord } from '../../src/shared/catalog';
import { runKeyOf } from '../../src/shared/run-key';
import type { ObjectStore } from '../../src/storage/object-store';
import type { OutputCollection } from '../../src/storage/run-outputs';
import { S3ObjectStore } from '../../src/storage/s3-object-store';
import { drawProduct } from '../helpers/drawn-images';
import { tempDeps } from '../helpers/temp-deps';
import { startVersityGw, useGatewayCredentials, type VersityGw } from '../helpers/versitygw';

/** A store a catalog test runs on: its objects, its output collection, and the deps built over them. */
export interface CatalogTestEnv {
  deps: ActivityDeps;
  objects: ObjectStore;
  outputs: OutputCollection;
  /** Calls an activity as a worker would (with an activity context), returning its result. */
  run<I, O>(activity: (input: I) => Promise<O>, input: I): Promise<O>;
  activities: ReturnType<typeof createActivities>;
  /** Heartbeats the activities sent so far. */
  heartbeats(): number;
  /** The same store with another model (another id or version). */
  withDeps(changes: Partial<ActivityDeps>): CatalogTestEnv;
  dispose(): Promise<void>;
}

/** Which store a suite runs on. */
export type StoreKind =
  { kind: 'local' } | { kind: 's3'; gateway: () => VersityGw; bucket: string; prefix: string };

/**
 * The stores every catalog suite runs on: a local folder, and an S3 bucket on versitygw (started once for
 * the file by the hooks this registers). Each `open` gives a fresh folder or a fresh prefix of the bucket.
 */
export function catalogStores(bucket: string): { name: string; open: () => Promise<CatalogTestEnv> }[] {
  let gateway: VersityGw | undefined;
  let restoreEnv: (() => void) | undefined;
  before(async () => {
    gateway = await startVersityGw(bucket);
    restoreEnv = useGatewayCredentials(gateway);
  });
  after(async () => {
    restoreEnv?.();
    await gateway?.stop();
  });
  const running = (): VersityGw => {
    if (!gateway) throw new Error('versitygw did not start');
    return gateway;
  };
  return [
    { name: 'a local folder', open: () => catalogTestEnv({ kind: 'local' }) },
    {
      name: 'an S3 bucket (versitygw)',
      open: () =>
        catalogTestEnv({
          kind: 's3',
          gateway: running,
          bucket,
          prefix: `studio-${randomUUID().slice(0, 8)}`,
        }),
    },
  ];
}

/** Deps over a fresh local data folder and output folder, or over a fresh prefix of a versitygw bucket. */
export async function catalogTestEnv(store: StoreKind): Promise<CatalogTestEnv> {
  const base = await tempDeps();
  let deps: ActivityDeps = base;
  if (store.kind === 's3') {
    const objects = new S3ObjectStore(store.gateway().setting(store.bucket, store.prefix));
    deps = { ...base, objects, outputs: { store: objects, prefix: 'outputs/' }, store: objects };
  }
  return envOver(deps, () => base.dispose());
}

function envOver(deps: ActivityDeps, dispose: () => Promise<void>): CatalogTestEnv {
  const activities = createActivities(deps);
  const mock = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') });
  if (!deps.objects || !deps.outputs) throw new Error('catalog tests need objects and outputs');
  let beats = 0;
  mock.on('heartbeat', () => (beats += 1));
  return {
    deps,
    objects: deps.objects,
    outputs: deps.outputs,
    activities,
    run: (activity, input) => mock.run(activity, input),
    heartbeats: () => beats,
    withDeps: (changes) => envOver({ ...deps, ...changes }, async () => {}),
    dispose,
  };
}

/** Puts an image into the store content-addressed (`inputs/<sha256>.png`); returns its key. */
export async function putInput(objects: ObjectStore, bytes: Buffer): Promise<string> {
  const key = `inputs/${createHash('sha256').update(bytes).digest('hex')}.png`;
  await objects.put(key, bytes, { ifAbsent: true });
  return key;
}

let photos: Promise<{ tote: Buffer; sneaker: Buffer }> | undefined;

/** The drawn tote and sneaker photos, as bytes (drawn once per test file). */
export function drawnPhotos(): Promise<{ tote: Buffer; sneaker: Buffer }> {
  photos ??= (async () => {
    const [tote, sneaker] = await Promise.all([drawProduct('tote'), drawProduct('sneaker')]);
    return { tote: await readFile(tote), sneaker: await readFile(sneaker) };
  })();
  return photos;
}

/** A small PNG of one colour (a stand-in for a published product image). */
export async function swatch(index: number): Promise<Buffer> {
  const hue = (index * 47) % 360;
  const [r, g, b] = hsl(hue);
  return sharp({ create: { width: 96, height: 96, channels: 3, background: { r, g, b } } })
    .png()
    .toBuffer();
}

function hsl(hue: number): [number, number, number] {
  const f = (n: number) => {
    const k = (n + hue / 30) % 12;
    return Math.round(255 * (0.5 - 0.4 * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

/**
 * Publishes a child run's output as a Director would (`<prefix><runKey>/product.png`, `report.html`) and
 * returns the published record of that line.
 */
export async function publishedLine(
  env: CatalogTestEnv,
  catalogId: string,
  line: { index: number; sku: string; fingerprint: string; image?: Buffer },
): Promise<LineRecord> {
  const workflowId = `${catalogId}/${line.sku}`;
  const folder = `${env.outputs.prefix}${runKeyOf(workflowId)}/`;
  await env.outputs.store.put(`${folder}product.png`, line.image ?? (await swatch(line.index)));
  await env.outputs.store.put(`${folder}report.html`, Buffer.from('<p>report</p>'));
  return {
    index: line.index,
    line: line.index + 2,
    sku: line.sku,
    status: 'published',
    workflowId,
    fingerprint: line.fingerprint,
    outputs: [
      env.outputs.store.locate(`${folder}product.png`),
      env.outputs.store.locate(`${folder}report.html`),
    ],
    costUsd: 0.04,
    attempts: 1,
    settledAt: '2026-12-06T09:00:00.000Z',
  };
}

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF) into rows of cells. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}
