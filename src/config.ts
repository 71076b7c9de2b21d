import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { storeTaskQueue } from './shared/store-identity';
import { storeIdentity } from './storage/open-store';
import { parseStageCacheBounds, stageCacheBoundsSchema } from './storage/stage-cache-settings';
import { parseStoreSetting, storeSettingSchema } from './storage/store-settings';
import { parseQuota, parseWorkerQueues, quotaSchema, WORKER_QUEUES } from './worker-queues';

/** The project's root folder (where package.json is). */
export const PROJECT_ROOT = path.resolve(__dirname, '..');

/**
 * The project's own settings, from a settings file and the environment. Temporal connection settings are separate: they follow
 * Temporal's standard environment configuration (`TEMPORAL_ADDRESS`, `TEMPORAL_NAMESPACE`, TLS, API key,
 * profiles in `temporal.toml`).
 */
export const directorConfigSchema = z.object({
  /** Project-local state: the dev server's SQLite file, cached binaries, blobs. Git-ignored. */
  stateDir: z.string().min(1),
  /** The blob store folder (images of runs in progress). */
  dataDir: z.string().min(1),
  /** The output collection: published images, one folder per run. */
  outputDir: z.string().min(1),
  /** Which creative model the worker uses; unset: Gemini when an API key is set, else the local model. */
  model: z.enum(['local', 'gemini', 'fake']).optional(),
  /**
   * The task queue workers poll and the CLI starts runs on: derived from the object store's identity
   * (`storeTaskQueue`), so only workers that see the same store share it; `DIRECTOR_TASK_QUEUE` or the
   * settings file override it.
   */
  taskQueue: z.string().min(1),
  /** Folders that input image paths must lie in; empty allows any path the worker can read. */
  inputDirs: z.array(z.string().min(1)),
  /**
   * Where run images, the memo and (for S3) published outputs live: the local data folder, or an S3-API
   * bucket (`DIRECTOR_STORE=s3://bucket/prefix`, `DIRECTOR_S3_*`). Credentials are never part of it.
   */
  store: storeSettingSchema,
  /**
   * The queues a worker process polls (`DIRECTOR_WORKER_QUEUES=main,images,text`; default all): `main`
   * runs the Directors and local steps, `images` and `text` the model calls, so a cluster can split them.
   */
  workerQueues: z.array(z.enum(WORKER_QUEUES)).min(1),
  /** Image model calls allowed across all workers (`DIRECTOR_IMAGE_QUOTA=10/min`); unset: no limit. */
  imageQuota: quotaSchema.optional(),
  /** Text model calls allowed across all workers (`DIRECTOR_TEXT_QUOTA=60/min`); unset: no limit. */
  textQuota: quotaSchema.optional(),
  /**
   * Bounds of the durable stage cache (`cache/` in the store): most entries
   * (`DIRECTOR_STAGE_CACHE_MAX_ENTRIES`, default 1000) and longest age (`DIRECTOR_STAGE_CACHE_MAX_AGE`,
   * default 30d).
   */
  stageCache: stageCacheBoundsSchema,
});

/** Validated project settings. */
export type DirectorConfig = z.infer<typeof directorConfigSchema>;

/** The optional settings file: the same settings, paths relative to the file. Env variables override it. */
const configFileSchema = z
  .object({
    stateDir: z.string().min(1),
    dataDir: z.string().min(1),
    outputDir: z.string().min(1),
    model: z.enum(['local', 'gemini', 'fake']),
    taskQueue: z.string().min(1),
    inputDirs: z.array(z.string().min(1)),
    /** `s3://bucket/prefix`, as `DIRECTOR_STORE`. */
    store: z.string(),
  })
  .partial()
  .strict();

type ConfigFile = z.infer<typeof configFileSchema>;

/** `DIRECTOR_CONFIG`, or `director.config.json` in the project when it exists. Throws naming the file. */
function readConfigFile(env: NodeJS.ProcessEnv): { file: string; values: ConfigFile } | undefined {
  const file = env.DIRECTOR_CONFIG
    ? path.resolve(env.DIRECTOR_CONFIG)
    : path.join(PROJECT_ROOT, 'director.config.json');
  if (!env.DIRECTOR_CONFIG && !existsSync(file)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error: unknown) {
    throw new Error(`cannot read the settings file ${file}: ${(error as Error).message}`);
  }
  const parsed = configFileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`);
    throw new Error(`invalid settings in ${file}: ${problems.join('; ')}`);
  }
  return { file, values: parsed.data };
}

/**
 * Reads and validates the project settings: `DIRECTOR_*` environment variables over the settings file
 * (`DIRECTOR_CONFIG` or `director.config.json`) over the defaults. Throws naming the variable or the file
 * when a setting is invalid.
 */
export function loadDirectorConfig(env: NodeJS.ProcessEnv = process.env): DirectorConfig {
  const fromFile = readConfigFile(env);
  const base = fromFile ? path.dirname(fromFile.file) : PROJECT_ROOT;
  const file: ConfigFile = fromFile?.values ?? {};
  const resolve = (value: string | undefined) =>
    value === undefined ? undefined : path.resolve(base, value);
  const stateDir = path.resolve(
    env.DIRECTOR_STATE_DIR ?? resolve(file.stateDir) ?? path.join(PROJECT_ROOT, '.director'),
  );
  const inputDirs = env.DIRECTOR_INPUT_DIRS
    ? env.DIRECTOR_INPUT_DIRS.split(path.delimiter)
        .filter(Boolean)
        .map((dir) => path.resolve(dir))
    : (file.inputDirs ?? []).map((dir) => path.resolve(base, dir));
  const storeValue = env.DIRECTOR_STORE?.trim()
    ? { value: env.DIRECTOR_STORE, name: 'DIRECTOR_STORE' }
    : file.store?.trim()
      ? { value: file.store, name: `store in ${fromFile?.file ?? 'the settings file'}` }
      : undefined;
  let store;
  try {
    store = parseStoreSetting({
      store: storeValue,
      endpoint: env.DIRECTOR_S3_ENDPOINT,
      region: env.DIRECTOR_S3_REGION,
      awsRegion: env.AWS_REGION,
      forcePathStyle: env.DIRECTOR_S3_FORCE_PATH_STYLE,
    });
  } catch (error: unknown) {
    throw new Error(`invalid configuration: ${(error as Error).message}`);
  }
  let queues;
  try {
    const imageQuota = parseQuota(env.DIRECTOR_IMAGE_QUOTA, 'DIRECTOR_IMAGE_QUOTA');
    const textQuota = parseQuota(env.DIRECTOR_TEXT_QUOTA, 'DIRECTOR_TEXT_QUOTA');
    queues = {
      stageCache: parseStageCacheBounds(env),
      workerQueues: parseWorkerQueues(env.DIRECTOR_WORKER_QUEUES),
      ...(imageQuota ? { imageQuota } : {}),
      ...(textQuota ? { textQuota } : {}),
    };
  } catch (error: unknown) {
    throw new Error(`invalid configuration: ${(error as Error).message}`);
  }
  const settings = {
    stateDir,
    dataDir: path.resolve(env.DIRECTOR_DATA_DIR ?? resolve(file.dataDir) ?? path.join(stateDir, 'blobs')),
    outputDir: path.resolve(
      env.DIRECTOR_OUTPUT_DIR ?? resolve(file.outputDir) ?? path.join(PROJECT_ROOT, 'output'),
    ),
    model: env.DIRECTOR_MODEL?.trim() || file.model,
    inputDirs,
    store,
    ...queues,
  };
  const parsed = directorConfigSchema.safeParse({
    ...settings,
    // Derived from the store unless named: two clones (two stores) never poll each other's queue.
    taskQueue: env.DIRECTOR_TASK_QUEUE?.trim() || file.taskQueue || storeTaskQueue(storeIdentity(settings)),
  });
  if (!parsed.success) {
    const names: Record<string, string> = { model: 'DIRECTOR_MODEL', inputDirs: 'DIRECTOR_INPUT_DIRS' };
    const problems = parsed.error.issues.map(
      (i) => `${names[String(i.path[0])] ?? String(i.path[0])}: ${i.message}`,
    );
    throw new Error(`invalid configuration: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/** Temporal connection settings (in temporal/temporal-config.ts, so the CLI reads them without zod). */
export { loadTemporalConfig } from './temporal/temporal-config';
