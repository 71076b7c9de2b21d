/**
 * The payload key settings: a valid list parses (first key current), and every invalid one is refused with
 * a message naming the setting and the key id, never the key's bytes.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { CodecConfigError, codecKeysFromEnv, keyIds, parseCodecKeys } from '../../src/codec/codec-keys';

const key = (bytes = 32) => randomBytes(bytes).toString('base64');
const dirs: string[] = [];
after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

/** Asserts `load` throws a CodecConfigError whose message matches `pattern` and holds none of `secrets`. */
function assertRefused(load: () => unknown, pattern: RegExp, secrets: string[] = []): void {
  let message = '';
  assert.throws(load, (error: unknown) => {
    assert.ok(error instanceof CodecConfigError, `a CodecConfigError, got ${String(error)}`);
    message = error.message;
    return true;
  });
  assert.match(message, pattern);
  for (const secret of secrets) assert.ok(!message.includes(secret), `the message shows a key: ${message}`);
}

describe('payload key settings', () => {
  it('parse a list whose first key is current, separated by commas or new lines', () => {
    const keyring = parseCodecKeys(`k2:${key()},\nk1:${key()}`, 'DIRECTOR_CODEC_KEYS');
    assert.equal(keyring.current.id, 'k2');
    assert.deepEqual(keyIds(keyring), ['k2', 'k1']);
    assert.equal(keyring.current.key.symmetricKeySize, 32);
  });

  it('are off when neither variable is set, and a blank variable counts as unset', () => {
    assert.equal(codecKeysFromEnv({}), undefined);
    assert.equal(codecKeysFromEnv({ DIRECTOR_CODEC_KEYS: '  ' }), undefined);
  });

  it('refuse a key that is not exactly 32 bytes, naming the variable and the id but not the key', () => {
    const short = key(16);
    assertRefused(
      () => codecKeysFromEnv({ DIRECTOR_CODEC_KEYS: `main:${short}` }),
      /^DIRECTOR_CODEC_KEYS: the key of 'main' is 16 bytes; AES-256-GCM needs exactly 32/,
      [short],
    );
    const long = key(33);
    assertRefused(() => parseCodecKeys(`k:${long}`, 'DIRECTOR_CODEC_KEYS'), /'k' is 33 bytes/, [long]);
  });

  it('refuse a key id given twice', () => {
    const [a, b] = [key(), key()];
    assertRefused(
      () => codecKeysFromEnv({ DIRECTOR_CODEC_KEYS: `k1:${a},k1:${b}` }),
      /^DIRECTOR_CODEC_KEYS: key id 'k1' appears twice/,
      [a, b],
    );
  });

  it('refuse an empty id, an entry without an id, a malformed id and a key that is not base64', () => {
    const secret = key();
    assertRefused(() => parseCodecKeys(`:${secret}`, 'DIRECTOR_CODEC_KEYS'), /entry 1 has an empty key id/, [
      secret,
    ]);
    assertRefused(
      () => parseCodecKeys(`k1:${key()},${secret}`, 'DIRECTOR_CODEC_KEYS'),
      /entry 2 is not <key id>:<base64 key>/,
      [secret],
    );
    assertRefused(() => parseCodecKeys(`a b/c+:${secret}`, 'X'), /^X: entry 1 is not <key id>/, [secret]);
    assertRefused(() => parseCodecKeys(`k+1:${secret}`, 'X'), /key id of entry 1 must be 1-64 letters/, [
      secret,
    ]);
    assertRefused(() => parseCodecKeys('k1:not-base64!', 'X'), /the key of 'k1' is not standard base64/);
    assertRefused(() => parseCodecKeys(' , ', 'X'), /^X: holds no key/);
  });

  it('read the same list from DIRECTOR_CODEC_KEY_FILE, and refuse both variables at once', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'director-codec-keys-'));
    dirs.push(dir);
    const file = path.join(dir, 'keys');
    await writeFile(file, `rotated-2026-12:${key()}\nlaunch:${key()}\n`);
    const keyring = codecKeysFromEnv({ DIRECTOR_CODEC_KEY_FILE: file });
    assert.deepEqual(keyring && keyIds(keyring), ['rotated-2026-12', 'launch']);
    assert.equal(keyring?.setting, `DIRECTOR_CODEC_KEY_FILE (${file})`);
    assertRefused(
      () => codecKeysFromEnv({ DIRECTOR_CODEC_KEY_FILE: file, DIRECTOR_CODEC_KEYS: `k:${key()}` }),
      /set either DIRECTOR_CODEC_KEYS or DIRECTOR_CODEC_KEY_FILE, not both/,
    );
    assertRefused(
      () => codecKeysFromEnv({ DIRECTOR_CODEC_KEY_FILE: path.join(dir, 'missing') }),
      /^DIRECTOR_CODEC_KEY_FILE \(.*missing\): cannot read the key file/,
    );
  });
});
