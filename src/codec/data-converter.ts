/**
 * The data converter every client and worker of the project uses: Temporal's default converters and the
 * encryption codec over the configured keys. With no key set, payloads are left as they are (the embedded
 * default) and an encrypted payload fails with a message saying which setting to set, instead of the SDK's
 * `Unknown encoding`.
 */
import type { DataConverter } from '@temporalio/common';
import { codecKeysFromEnv, type CodecKeyring } from './codec-keys';
import { EncryptionCodec } from './encryption-codec';

/** The project's data converter over `keyring` (undefined: no encryption). */
export function directorDataConverter(keyring: CodecKeyring | undefined): DataConverter {
  return { payloadCodecs: [new EncryptionCodec(keyring)] };
}

/**
 * The project's data converter over the keys the environment configures (`DIRECTOR_CODEC_KEYS` or
 * `DIRECTOR_CODEC_KEY_FILE`). Throws a CodecConfigError naming the setting when they are invalid.
 */
export function dataConverterFromEnv(env: NodeJS.ProcessEnv = process.env): DataConverter {
  return directorDataConverter(codecKeysFromEnv(env));
}
