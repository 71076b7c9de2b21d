/**
 * The payload encryption keys, from configuration only (never from inputs or history): `DIRECTOR_CODEC_KEYS`
 * = `id1:base64key,id2:base64key`, or `DIRECTOR_CODEC_KEY_FILE` naming a file that holds the same list
 * (entries separated by commas or new lines). The first entry is the current key, which encrypts; every
 * entry decrypts what was encrypted under its id, so keys can rotate. Messages name the setting and the key
 * id, never a key's bytes.
 */
import { createSecretKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** The variable holding the key list. */
export const CODEC_KEYS_ENV = 'DIRECTOR_CODEC_KEYS';
/** The variable naming a file that holds the key list (for secrets mounted as files). */
export const CODEC_KEY_FILE_ENV = 'DIRECTOR_CODEC_KEY_FILE';

/** AES-256 takes a key of exactly this many bytes. */
export const KEY_BYTES = 32;

/** How to make a key, for messages. */
export const MAKE_A_KEY = 'make one with `openssl rand -base64 32`';

/** A key id: letters, digits, `.`, `_`, `-`; up to 64 characters. Ids are shown in messages and metadata. */
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** Standard base64 (what `openssl rand -base64` prints), padding included. */
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** One key: its id, and the key itself as a KeyObject (which never prints its bytes). */
export interface CodecKey {
  id: string;
  key: KeyObject;
}

/** The keys a process holds: the current one (encrypts) and all of them by id (decrypt). */
export interface CodecKeyring {
  current: CodecKey;
  byId: ReadonlyMap<string, CodecKey>;
  /** The setting the keys came from, as messages should name it (`DIRECTOR_CODEC_KEYS`, or the file one). */
  setting: string;
}

/** A key setting that is invalid; the message names the setting and the key id, never key bytes. */
export class CodecConfigError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`${setting}: ${message}`);
    this.name = 'CodecConfigError';
  }
}

/**
 * Parses a key list (`id:base64key` entries separated by commas or white space; the first is current).
 * Throws a CodecConfigError naming `setting` for an empty list, an entry that is not `id:key`, an empty,
 * malformed or repeated id, a key that is not base64, or a key that is not exactly 32 bytes.
 */
export function parseCodecKeys(text: string, setting: string): CodecKeyring {
  const entries = text.split(/[,\s]+/).filter(Boolean);
  if (entries.length === 0) throw new CodecConfigError(setting, `holds no key (${MAKE_A_KEY})`);
  const byId = new Map<string, CodecKey>();
  let current: CodecKey | undefined;
  entries.forEach((entry, index) => {
    const colon = entry.indexOf(':');
    // The entry itself is never shown: it may be a key without its id.
    if (colon < 0) throw new CodecConfigError(setting, `entry ${index + 1} is not <key id>:<base64 key>`);
    const id = entry.slice(0, colon);
    const encoded = entry.slice(colon + 1);
    if (id === '') throw new CodecConfigError(setting, `entry ${index + 1} has an empty key id`);
    if (!KEY_ID.test(id))
      throw new CodecConfigError(
        setting,
        `the key id of entry ${index + 1} must be 1-64 letters, digits, '.', '_' or '-'`,
      );
    if (byId.has(id)) throw new CodecConfigError(setting, `key id '${id}' appears twice`);
    if (!BASE64.test(encoded))
      throw new CodecConfigError(setting, `the key of '${id}' is not standard base64 (${MAKE_A_KEY})`);
    const bytes = Buffer.from(encoded, 'base64');
    if (bytes.length !== KEY_BYTES)
      throw new CodecConfigError(
        setting,
        `the key of '${id}' is ${bytes.length} bytes; AES-256-GCM needs exactly ${KEY_BYTES} (${MAKE_A_KEY})`,
      );
    const key = { id, key: createSecretKey(bytes) };
    bytes.fill(0); // the KeyObject holds its own copy
    byId.set(id, key);
    current ??= key;
  });
  if (!current) throw new CodecConfigError(setting, `holds no key (${MAKE_A_KEY})`);
  return { current, byId, setting };
}

/**
 * The keys the environment configures, or undefined when neither variable is set (no encryption: the
 * embedded default). Throws a CodecConfigError when both are set, the file cannot be read, or the list is
 * invalid (see parseCodecKeys).
 */
export function codecKeysFromEnv(env: NodeJS.ProcessEnv = process.env): CodecKeyring | undefined {
  const inline = env[CODEC_KEYS_ENV]?.trim();
  const file = env[CODEC_KEY_FILE_ENV]?.trim();
  if (inline && file)
    throw new CodecConfigError(
      CODEC_KEYS_ENV,
      `set either ${CODEC_KEYS_ENV} or ${CODEC_KEY_FILE_ENV}, not both`,
    );
  if (inline) return parseCodecKeys(inline, CODEC_KEYS_ENV);
  if (!file) return undefined;
  const setting = `${CODEC_KEY_FILE_ENV} (${file})`;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error: unknown) {
    throw new CodecConfigError(setting, `cannot read the key file: ${(error as Error).message}`);
  }
  return parseCodecKeys(text, setting);
}

/** The ids a keyring holds, current first, for messages and `director config`. */
export function keyIds(keyring: CodecKeyring): string[] {
  return [...keyring.byId.keys()];
}
