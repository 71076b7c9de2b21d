import path from 'node:path';
import { loadClientConnectConfig, type ClientConnectConfig } from '@temporalio/envconfig';
import { z } from 'zod';
import { TASK_QUEUE } from './shared/names';

/** The project's root folder (where package.json is). */
export const PROJECT_ROOT = path.resolve(__dirname, '..');

/**
 * The project's own settings, from the environment. Temporal connection settings are separate: they follow
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
  /** The task queue workers poll and the CLI starts runs on (an override for isolated test or staging workers). */
  taskQueue: z.string().min(1),
  /** Folders that input image paths must lie in; empty allows any path the worker can read. */
  inputDirs: z.array(z.string().min(1)),
});

/** Validated project settings. */
export type DirectorConfig = z.infer<typeof directorConfigSchema>;

/** Reads and validates the project settings; throws with the variable's name when one is invalid. */
export function loadDirectorConfig(env: NodeJS.ProcessEnv = process.env): DirectorConfig {
  const stateDir = path.resolve(env.DIRECTOR_STATE_DIR ?? path.join(PROJECT_ROOT, '.director'));
  const parsed = directorConfigSchema.safeParse({
    stateDir,
    dataDir: path.resolve(env.DIRECTOR_DATA_DIR ?? path.join(stateDir, 'blobs')),
    outputDir: path.resolve(env.DIRECTOR_OUTPUT_DIR ?? path.join(PROJECT_ROOT, 'output')),
    model: env.DIRECTOR_MODEL?.trim() || undefined,
    taskQueue: env.DIRECTOR_TASK_QUEUE?.trim() || TASK_QUEUE,
    inputDirs: (env.DIRECTOR_INPUT_DIRS ?? '')
      .split(path.delimiter)
      .filter(Boolean)
      .map((dir) => path.resolve(dir)),
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

/** Temporal connection settings from Temporal's standard environment configuration. */
export function loadTemporalConfig(): {
  connectionOptions: ClientConnectConfig['connectionOptions'];
  namespace: string;
} {
  const config = loadClientConnectConfig();
  return { connectionOptions: config.connectionOptions, namespace: config.namespace ?? 'default' };
}
