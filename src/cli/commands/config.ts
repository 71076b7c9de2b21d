import type { TLSConfig } from '@temporalio/client';
import { CODEC_KEYS_ENV, codecKeysFromEnv, keyIds } from '../../codec/codec-keys';
import { loadDirectorConfig, type DirectorConfig } from '../../config';
import { s3StoreUri } from '../../storage/store-settings';
import { chooseModel } from '../../model/model-choice';
import { EXIT } from '../exit-codes';
import { looksSecret, maskSecret } from '../mask-secret';
import { storeIdentity } from '../../storage/open-store';
import { taskQueueOrigin } from '../task-queue-origin';
import type { Output } from '../output';
import { targetOf, temporalSettings } from '../temporal-session';
import { formatQuota, quotaPerSecond, type Quota } from '../../worker-queues';

/** A section of the effective configuration, or why it is invalid. */
type Section = Record<string, unknown> | { error: string };

/** Secrets the project reads, shown masked. */
const SECRET_VARIABLES = ['GEMINI_API_KEY', 'GOOGLE_API_KEY', 'TEMPORAL_API_KEY'] as const;

function attempt(load: () => Record<string, unknown>): Section {
  try {
    return load();
  } catch (error: unknown) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

function masked(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => [
      name,
      looksSecret(name) && (typeof value === 'string' || value === undefined)
        ? maskSecret(value)
        : (value ?? null),
    ]),
  );
}

function describeTls(tls: TLSConfig | boolean | null | undefined): string {
  if (!tls) return 'off';
  if (tls === true) return 'on';
  const parts = [
    tls.serverNameOverride ? `server name ${tls.serverNameOverride}` : '',
    tls.serverRootCACertificate ? 'custom CA' : '',
    tls.clientCertPair ? 'client certificate' : '',
  ].filter(Boolean);
  return parts.length > 0 ? `on (${parts.join(', ')})` : 'on';
}

function formatValue(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (Array.isArray(value)) return value.length > 0 ? value.map(formatValue).join(', ') : '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? '—';
}

/** The store setting for people: where objects go and how the bucket is reached, never credentials. */
function describeStore(config: DirectorConfig): Record<string, unknown> {
  const { store } = config;
  if (store.kind === 'local') {
    return { store: storeIdentity(config), outputs: `local folder ${config.outputDir}` };
  }
  return {
    store: s3StoreUri(store),
    outputs: `${s3StoreUri(store).replace(/\?.*$/, '')}/outputs/<runKey>/`,
    s3Endpoint: store.endpoint ?? 'AWS',
    s3Region: store.region,
    s3ForcePathStyle: store.forcePathStyle,
  };
}

/** The model quotas as written, with the rate Temporal is given for them; unset: no limit. */
function describeQuotas(config: DirectorConfig): Record<string, string> {
  const describe = (quota: Quota | undefined) =>
    quota
      ? `${formatQuota(quota)} (${Number(quotaPerSecond(quota).toPrecision(4))} activities/s across all workers)`
      : 'no limit';
  return { imageQuota: describe(config.imageQuota), textQuota: describe(config.textQuota) };
}

/**
 * Where S3 credentials come from (the AWS SDK's default provider chain): which variables are set, never
 * their values.
 */
function describeAwsCredentials(env: NodeJS.ProcessEnv): Record<string, string> {
  const set = (name: string) => (env[name]?.trim() ? 'set' : 'not set');
  return {
    AWS_ACCESS_KEY_ID: set('AWS_ACCESS_KEY_ID'),
    AWS_SECRET_ACCESS_KEY: set('AWS_SECRET_ACCESS_KEY'),
    AWS_SESSION_TOKEN: set('AWS_SESSION_TOKEN'),
    AWS_PROFILE: env.AWS_PROFILE?.trim() || 'not set',
  };
}

/** The effective configuration, secrets masked, as `director config --json` prints it. */
export function effectiveConfig(): Record<string, Section> {
  const env = process.env;
  const director = attempt(() => {
    const config = loadDirectorConfig(env);
    return { ...config, ...taskQueueOrigin(config, env) };
  });
  const temporal = attempt(() => {
    const settings = temporalSettings();
    const { apiKey, tls, metadata } = settings.connectionOptions;
    return {
      ...targetOf(settings),
      tls: describeTls(tls),
      apiKey: maskSecret(apiKey),
      // Header values may be credentials: names only.
      headers: Object.keys(metadata ?? {}),
      profile: env.TEMPORAL_PROFILE ?? 'default',
      configFile: env.TEMPORAL_CONFIG_FILE ?? null,
    };
  });
  const model = attempt(() => {
    if ('error' in director) throw new Error('needs a valid project configuration');
    const { kind, reason } = chooseModel(env); // decides without building: no sharp, no Gemini SDK
    return { kind, reason };
  });
  // Key ids only: the keys themselves are never shown, not even masked.
  const encryption = attempt(() => {
    const keyring = codecKeysFromEnv(env);
    return keyring
      ? { payloads: 'AES-256-GCM', current: keyring.current.id, ids: keyIds(keyring), from: keyring.setting }
      : { payloads: `not encrypted (set ${CODEC_KEYS_ENV} for a cluster that is not yours)` };
  });
  const secrets = Object.fromEntries(SECRET_VARIABLES.map((name) => [name, maskSecret(env[name])]));
  if ('error' in director) return { director, temporal, model, encryption, secrets };
  const config = director as DirectorConfig;
  const rest = Object.fromEntries(Object.entries(config).filter(([name]) => name !== 'store'));
  const sections: Record<string, Section> = {
    director: { ...masked(rest), ...describeStore(config), ...describeQuotas(config) },
    temporal,
    model,
    encryption,
    secrets,
  };
  if (config.store.kind === 's3') sections.awsCredentials = describeAwsCredentials(env);
  return sections;
}

function renderSection(title: string, section: Section): string[] {
  const entries = Object.entries(section);
  const width = Math.max(...entries.map(([name]) => name.length));
  return [`${title}:`, ...entries.map(([name, value]) => `  ${name.padEnd(width)}  ${formatValue(value)}`)];
}

/**
 * `director config`: the effective configuration (project settings, Temporal connection, the model a
 * worker started here would use), secrets masked as `set (…last4)` / `not set`. Exit 2 when a setting is
 * invalid.
 */
export function configCommand(out: Output): Promise<number> {
  const config = effectiveConfig();
  out.document(config);
  const titles: Record<string, string> = {
    director: 'project (DIRECTOR_*)',
    temporal: 'Temporal connection (TEMPORAL_* / temporal.toml)',
    model: 'model (for a worker started with this environment)',
    encryption: 'payload encryption (DIRECTOR_CODEC_KEYS / DIRECTOR_CODEC_KEY_FILE)',
    secrets: 'secrets',
    awsCredentials: 'S3 credentials (the AWS SDK provider chain; values never shown)',
  };
  out.line(
    Object.entries(config)
      .map(([name, section]) => renderSection(titles[name] ?? name, section).join('\n'))
      .join('\n\n'),
  );
  const invalid = Object.values(config).some((section) => 'error' in section);
  return Promise.resolve(invalid ? EXIT.usage : EXIT.ok);
}
