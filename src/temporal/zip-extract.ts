/**
 * Extracting one file of a zip archive (a wheel) with yauzl, which reads the central directory (zip64
 * included), refuses unsafe entry names and checks each entry's size. What yauzl leaves to its caller is
 * added here: the CRC-32 check, and a bound on the size an entry may claim.
 */
import { createWriteStream } from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import yauzl from 'yauzl';

/** The largest entry extracted (the Temporal CLI is ~150 MB): a bound against a forged size. */
export const MAX_ENTRY_BYTES = 1024 ** 3;

/**
 * Streams the first entry whose name satisfies `matches` to `destPath` (created or truncated, with
 * `mode`) and returns that name, or undefined when no entry matches. Throws when the file is not a zip,
 * when an entry's name is unsafe (absolute, `..`), when the entry is encrypted or compressed with a
 * method other than stored or deflate, larger than {@link MAX_ENTRY_BYTES}, or when its data does not
 * match its recorded size or CRC-32. `destPath` may hold partial data after a throw: write to a temporary
 * name.
 */
export async function extractZipMember(
  zipPath: string,
  matches: (name: string) => boolean,
  destPath: string,
  mode = 0o644,
): Promise<string | undefined> {
  const zip = await yauzl.openPromise(zipPath, { lazyEntries: true, autoClose: false });
  try {
    for await (const entry of zip.eachEntry()) {
      if (!matches(entry.fileName)) continue;
      if (!entry.canDecodeFileData()) {
        const why = entry.isEncrypted()
          ? 'is encrypted'
          : `uses compression method ${entry.compressionMethod}`;
        throw new Error(`${zipPath}: ${entry.fileName} ${why}; only stored and deflated entries are read`);
      }
      if (entry.uncompressedSize > MAX_ENTRY_BYTES) {
        throw new Error(
          `${zipPath}: ${entry.fileName} claims ${entry.uncompressedSize} bytes, over the bound`,
        );
      }
      const data = await zip.openReadStreamPromise(entry);
      await pipeline(data, new Crc32Check(entry), createWriteStream(destPath, { mode }));
      return entry.fileName;
    }
    return undefined;
  } finally {
    zip.close();
  }
}

/** Passes bytes through and fails the stream at its end when their CRC-32 is not the entry's. */
class Crc32Check extends Transform {
  private crc = 0;

  constructor(private readonly entry: yauzl.Entry) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.crc = zlib.crc32(chunk, this.crc);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.crc >>> 0 === this.entry.crc32 >>> 0) callback();
    else callback(new Error(`${this.entry.fileName}: CRC-32 mismatch`));
  }
}
