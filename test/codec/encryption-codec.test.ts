/**
 * The encryption codec on its own: what it writes (ciphertext, key id, fresh nonce), key rotation, and the
 * clear failures for an unknown key id, a wrong key under the right id, altered bytes, and no keys at all.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { parseCodecKeys } from '../../src/codec/codec-keys';
import { EncryptionCodec, PayloadNotDecryptable } from '../../src/codec/encryption-codec';

const key = () => randomBytes(32).toString('base64');
const keys = (list: string) => parseCodecKeys(list, 'DIRECTOR_CODEC_KEYS');
const SECRET_MOOD = 'moonlit boathouse, confidential spring line';
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');

function plainPayload(): Payload {
  return defaultPayloadConverter.toPayload({ mood: SECRET_MOOD, brand: 'linn-atelier' });
}

async function assertUndecryptable(
  codec: EncryptionCodec,
  payload: Payload,
  reason: PayloadNotDecryptable['reason'],
  pattern: RegExp,
): Promise<void> {
  await assert.rejects(
    codec.decode([payload], { type: 'workflow', namespace: 'default', workflowId: 'wf-1' }),
    (error: unknown) => {
      assert.ok(error instanceof PayloadNotDecryptable, String(error));
      assert.equal(error.reason, reason);
      assert.match(error.message, pattern);
      return true;
    },
  );
}

describe('the encryption codec', () => {
  it('writes binary/encrypted payloads naming the key id, with a fresh nonce each time, and reads them back', async () => {
    const codec = new EncryptionCodec(keys(`k1:${key()}`));
    const [first, second] = await codec.encode([plainPayload(), plainPayload()]);
    assert.ok(first && second);
    assert.equal(text(first.metadata?.encoding), 'binary/encrypted');
    assert.equal(text(first.metadata?.['encryption-key-id']), 'k1');
    assert.ok(!Buffer.from(first.data ?? []).includes(SECRET_MOOD), 'the plain text is not in the bytes');
    assert.notDeepEqual(first.data, second.data, 'the same value encrypts differently each time');
    const [decoded] = await codec.decode([first]);
    assert.deepEqual(defaultPayloadConverter.fromPayload(decoded!), {
      mood: SECRET_MOOD,
      brand: 'linn-atelier',
    });
    assert.equal(text(decoded!.metadata?.encoding), 'json/plain', 'the original metadata comes back');
  });

  it('decodes a payload encrypted with an old key after a new key became current', async () => {
    const old = key();
    const [sealed] = await new EncryptionCodec(keys(`k1:${old}`)).encode([plainPayload()]);
    const rotated = new EncryptionCodec(keys(`k2:${key()},k1:${old}`));
    const [fresh] = await rotated.encode([plainPayload()]);
    assert.equal(text(fresh!.metadata?.['encryption-key-id']), 'k2', 'new payloads use the new key');
    const [decoded] = await rotated.decode([sealed!]);
    assert.deepEqual(defaultPayloadConverter.fromPayload(decoded!), {
      mood: SECRET_MOOD,
      brand: 'linn-atelier',
    });
  });

  it('fails clearly when the key id is not configured, naming the id and the setting', async () => {
    const [sealed] = await new EncryptionCodec(keys(`k1:${key()}`)).encode([plainPayload()]);
    await assertUndecryptable(
      new EncryptionCodec(keys(`k2:${key()}`)),
      sealed!,
      'unknown-key',
      /payload of workflow wf-1 is encrypted with key 'k1', which DIRECTOR_CODEC_KEYS does not hold \(it holds 'k2'\): add 'k1:<its base64 key>'/,
    );
  });

  it('fails clearly when the key under the same id is a different key', async () => {
    const [sealed] = await new EncryptionCodec(keys(`k1:${key()}`)).encode([plainPayload()]);
    await assertUndecryptable(
      new EncryptionCodec(keys(`k1:${key()}`)),
      sealed!,
      'not-authentic',
      /does not authenticate with key 'k1' of DIRECTOR_CODEC_KEYS: that key is not the one it was encrypted with, or the payload was altered/,
    );
  });

  it('refuses a payload whose ciphertext or key id was altered', async () => {
    const codec = new EncryptionCodec(keys(`k1:${key()}`));
    const [sealed] = await codec.encode([plainPayload()]);
    const flipped = Buffer.from(sealed!.data!);
    flipped[20] = flipped[20]! ^ 1;
    await assertUndecryptable(codec, { ...sealed!, data: flipped }, 'not-authentic', /altered/);
    // The key id is authenticated too: the same bytes under another id of the same ring do not pass.
    const both = new EncryptionCodec(keys(`k1:${key()},k0:${key()}`));
    const [underK1] = await both.encode([plainPayload()]);
    const relabelled = {
      ...underK1!,
      metadata: { ...underK1!.metadata, 'encryption-key-id': Buffer.from('k0') },
    };
    await assertUndecryptable(both, relabelled, 'not-authentic', /key 'k0'/);
  });

  it('without keys leaves payloads as they are, and says which setting to set for an encrypted one', async () => {
    const none = new EncryptionCodec(undefined);
    const plain = plainPayload();
    assert.deepEqual(await none.encode([plain]), [plain]);
    assert.deepEqual(await none.decode([plain]), [plain]);
    const [sealed] = await new EncryptionCodec(keys(`k1:${key()}`)).encode([plain]);
    await assertUndecryptable(
      none,
      sealed!,
      'no-keys',
      /encrypted with key 'k1', but this process has no encryption keys: set DIRECTOR_CODEC_KEYS/,
    );
  });
});
