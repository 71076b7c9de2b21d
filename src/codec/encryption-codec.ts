/**
 * The payload codec that keeps prompts, brand guides and results unreadable on a Temporal server that is
 * not the studio's own: each payload is encrypted whole (metadata included) with AES-256-GCM under the
 * current key and a fresh random 12-byte nonce, and stored as `encoding: binary/encrypted` with the key's id
 * in `encryption-key-id`. Decoding uses the key the metadata names, so old payloads stay readable after a
 * new key becomes current. Runs in the client and in the worker (outside the workflow sandbox), and in
 * `director codec-server`.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import {
  METADATA_ENCODING_KEY,
  type Payload,
  type PayloadCodec,
  type SerializationContext,
} from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { CODEC_KEY_FILE_ENV, CODEC_KEYS_ENV, keyIds, type CodecKey, type CodecKeyring } from './codec-keys';

/** The `encoding` metadata of an encrypted payload. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** The metadata entry naming the key a payload was encrypted with. */
export const KEY_ID_METADATA = 'encryption-key-id';

const ALGORITHM = 'aes-256-gcm';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

const utf8 = (bytes: Uint8Array | null | undefined) => (bytes ? Buffer.from(bytes).toString('utf8') : '');

/** Why a payload could not be decrypted. */
export type UndecryptableReason = 'no-keys' | 'unknown-key' | 'not-authentic' | 'malformed';

/**
 * A payload this process cannot decrypt: its key id is missing from the configured keys, or the key under
 * that id does not authenticate it (a wrong key, or altered bytes). The message names the key id and the
 * setting to fix. Its class name is its failure type in an activity task (retried within the activity's
 * bounded policy: during a rotation another worker may hold the key); in a workflow task it fails the
 * task, which shows in the run's history and the Web UI and is retried until a worker with the key takes
 * the run on (see README, "Encrypting payloads").
 */
export class PayloadNotDecryptable extends Error {
  constructor(
    message: string,
    readonly keyId: string | undefined,
    readonly reason: UndecryptableReason,
  ) {
    super(message);
    this.name = 'PayloadNotDecryptable';
  }
}

/** `of workflow X` / `of activity Y of workflow X`, when the SDK says whose payload it is. */
function whose(context: SerializationContext | undefined): string {
  if (!context) return '';
  if (context.type === 'workflow') return ` of workflow ${context.workflowId}`;
  const workflow = context.workflowId ? ` of workflow ${context.workflowId}` : '';
  return ` of activity ${context.activityId ?? '(unknown id)'}${workflow}`;
}

/** The payload codec of every Director client and worker; without keys it only explains encrypted payloads. */
export class EncryptionCodec implements PayloadCodec {
  /** `keyring` undefined: encoding leaves payloads as they are (no encryption configured). */
  constructor(readonly keyring: CodecKeyring | undefined) {}

  /** Encrypts every payload with the current key; without keys, returns them unchanged. */
  encode(payloads: Payload[]): Promise<Payload[]> {
    const keyring = this.keyring;
    if (!keyring) return Promise.resolve(payloads);
    return Promise.resolve(payloads.map((payload) => encrypt(payload, keyring.current)));
  }

  /**
   * Decrypts every `binary/encrypted` payload with the key its metadata names; others pass unchanged.
   * Throws PayloadNotDecryptable naming the key id and the setting when that key is not configured or does
   * not authenticate the payload.
   */
  decode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    // A throw inside the executor rejects the promise.
    return new Promise((resolve) => resolve(payloads.map((payload) => this.decrypt(payload, context))));
  }

  private decrypt(payload: Payload, context: SerializationContext | undefined): Payload {
    if (utf8(payload.metadata?.[METADATA_ENCODING_KEY]) !== ENCRYPTED_ENCODING) return payload;
    const keyId = utf8(payload.metadata?.[KEY_ID_METADATA]);
    const subject = `a payload${whose(context)}`;
    if (!keyId)
      throw new PayloadNotDecryptable(
        `${subject} is marked ${ENCRYPTED_ENCODING} but names no ${KEY_ID_METADATA}`,
        undefined,
        'malformed',
      );
    const keyring = this.keyring;
    if (!keyring)
      throw new PayloadNotDecryptable(
        `${subject} is encrypted with key '${keyId}', but this process has no encryption keys: set ` +
          `${CODEC_KEYS_ENV} (or ${CODEC_KEY_FILE_ENV}) to the key list that includes '${keyId}'`,
        keyId,
        'no-keys',
      );
    const key = keyring.byId.get(keyId);
    if (!key)
      throw new PayloadNotDecryptable(
        `${subject} is encrypted with key '${keyId}', which ${keyring.setting} does not hold (it holds ` +
          `${keyIds(keyring)
            .map((id) => `'${id}'`)
            .join(', ')}): add '${keyId}:<its base64 key>' to it; after a rotation keep the old key ` +
          'listed until no run still holds payloads encrypted with it',
        keyId,
        'unknown-key',
      );
    const data = payload.data ?? new Uint8Array();
    if (data.length < NONCE_BYTES + TAG_BYTES)
      throw new PayloadNotDecryptable(
        `${subject} (key '${keyId}') is too short to be encrypted data`,
        keyId,
        'malformed',
      );
    let plain: Buffer;
    try {
      const decipher = createDecipheriv(ALGORITHM, key.key, data.subarray(0, NONCE_BYTES));
      decipher.setAAD(Buffer.from(keyId, 'utf8'));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      plain = Buffer.concat([
        decipher.update(data.subarray(NONCE_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
    } catch {
      throw new PayloadNotDecryptable(
        `${subject} does not authenticate with key '${keyId}' of ${keyring.setting}: that key is not the ` +
          `one it was encrypted with, or the payload was altered; fix the key listed as '${keyId}'`,
        keyId,
        'not-authentic',
      );
    }
    return temporal.api.common.v1.Payload.decode(plain);
  }
}

/** The payload encrypted under `key`: fresh nonce, the key id bound in as additional authenticated data. */
function encrypt(payload: Payload, key: CodecKey): Payload {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv(ALGORITHM, key.key, nonce);
  cipher.setAAD(Buffer.from(key.id, 'utf8'));
  const plain = temporal.api.common.v1.Payload.encode(payload).finish();
  const sealed = Buffer.concat([nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  return {
    metadata: {
      [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING, 'utf8'),
      [KEY_ID_METADATA]: Buffer.from(key.id, 'utf8'),
    },
    data: sealed,
  };
}
