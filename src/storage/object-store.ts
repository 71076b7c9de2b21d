/**
 * Objects under string keys: the one interface that run images, the memo, published outputs and uploaded
 * inputs are kept behind, so that a local folder and an S3 bucket are interchangeable. Keys are relative,
 * `/`-separated, and derived from content or from the run and step that wrote them.
 */
export interface ObjectStore {
  /**
   * The store's identity: `file:///abs/folder` for a local folder, `s3://bucket/prefix` (plus the
   * endpoint when it is not AWS) for a bucket. Two stores are the same store exactly when these are equal.
   */
  readonly uri: string;
  /** Where `key` is, for people: an absolute path or an `s3://bucket/prefix/key` URI. */
  locate(key: string): string;
  /**
   * Writes `bytes` under `key` whole or not at all. With `ifAbsent`, an existing object is kept (a
   * conditional write: `If-None-Match: *` on S3) and the call returns `false`; otherwise it returns `true`.
   * Throws `InvalidInput` for an unsafe key.
   */
  put(key: string, bytes: Uint8Array, options?: PutOptions): Promise<boolean>;
  /** The object's bytes, or `undefined` when there is none. */
  get(key: string): Promise<Buffer | undefined>;
  /** Deletes objects by key; missing ones are fine (idempotent). Returns how many were there. */
  delete(keys: readonly string[]): Promise<number>;
  /** Deletes every object whose key starts with `prefix`; returns how many there were. Idempotent. */
  deletePrefix(prefix: string): Promise<number>;
  /** Every object whose key starts with `prefix`, in key order. */
  list(prefix: string): Promise<StoredObject[]>;
}

/** Options of {@link ObjectStore.put}. */
export interface PutOptions {
  /** Keep an existing object instead of replacing it. */
  ifAbsent?: boolean;
  /** The MIME type to record (S3 serves it back); default `application/octet-stream`. */
  contentType?: string;
}

/** One listed object. */
export interface StoredObject {
  key: string;
  size: number;
  /** Last write, ms since the epoch. */
  modifiedMs: number;
}
