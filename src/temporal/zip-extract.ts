/**
 * A small zip reader for wheels: parses the central directory and streams one stored or deflated entry
 * to a file, checking its size and CRC-32. Anything else (zip64, encryption, other methods) is refused
 * with {@link UnsupportedZipError}, and the caller may fall back to Python's `zipfile`.
 */
import { execFile } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, writeFile } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const METHOD_STORED = 0;
const METHOD_DEFLATE = 8;

/** One file in a zip archive, as its central directory describes it. */
export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  crc32: number;
  localHeaderOffset: number;
}

/** Raised for a valid zip this reader does not handle (zip64, encryption, a compression other than deflate). */
export class UnsupportedZipError extends Error {
  override readonly name = 'UnsupportedZipError';
}

/** Lists the entries of a zip file; throws when it is not a zip, or {@link UnsupportedZipError} for zip64. */
export async function listZipEntries(zipPath: string): Promise<ZipEntry[]> {
  const file = await open(zipPath, 'r');
  try {
    const { size } = await file.stat();
    const tailLength = Math.min(size, 22 + 0xffff);
    const tail = Buffer.alloc(tailLength);
    await file.read(tail, 0, tailLength, size - tailLength);
    let eocd = -1;
    for (let i = tailLength - 22; i >= 0 && eocd < 0; i--)
      if (tail.readUInt32LE(i) === EOCD_SIGNATURE) eocd = i;
    if (eocd < 0) throw new Error(`${zipPath} is not a zip file (no end-of-central-directory record)`);
    const count = tail.readUInt16LE(eocd + 10);
    const directorySize = tail.readUInt32LE(eocd + 12);
    const directoryOffset = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
      throw new UnsupportedZipError(`${zipPath} is a zip64 archive`);
    }
    const directory = Buffer.alloc(directorySize);
    await file.read(directory, 0, directorySize, directoryOffset);
    return parseCentralDirectory(directory, count, zipPath);
  } finally {
    await file.close();
  }
}

function parseCentralDirectory(directory: Buffer, count: number, zipPath: string): ZipEntry[] {
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== CENTRAL_SIGNATURE) {
      throw new Error(`${zipPath}: corrupt central directory at entry ${i}`);
    }
    const nameLength = directory.readUInt16LE(at + 28);
    const entry: ZipEntry = {
      name: directory.toString('utf8', at + 46, at + 46 + nameLength),
      method: directory.readUInt16LE(at + 10),
      crc32: directory.readUInt32LE(at + 16),
      compressedSize: directory.readUInt32LE(at + 20),
      size: directory.readUInt32LE(at + 24),
      localHeaderOffset: directory.readUInt32LE(at + 42),
    };
    if ((directory.readUInt16LE(at + 8) & 1) !== 0)
      throw new UnsupportedZipError(`${entry.name} is encrypted`);
    if ([entry.compressedSize, entry.size, entry.localHeaderOffset].includes(0xffffffff)) {
      throw new UnsupportedZipError(`${entry.name} is a zip64 entry`);
    }
    entries.push(entry);
    at += 46 + nameLength + directory.readUInt16LE(at + 30) + directory.readUInt16LE(at + 32);
  }
  return entries;
}

/**
 * Streams one entry of a zip to `destPath` (created or truncated, with `mode`); throws when the data is
 * corrupt (size or CRC-32 mismatch) or {@link UnsupportedZipError} for a method other than stored/deflate.
 */
export async function extractZipEntry(
  zipPath: string,
  entry: ZipEntry,
  destPath: string,
  mode = 0o644,
): Promise<void> {
  if (entry.method !== METHOD_STORED && entry.method !== METHOD_DEFLATE) {
    throw new UnsupportedZipError(`${entry.name} uses compression method ${entry.method}`);
  }
  if (entry.compressedSize === 0) {
    if (entry.size !== 0)
      throw new Error(`${zipPath}: ${entry.name} has no data but a size of ${entry.size}`);
    await writeFile(destPath, Buffer.alloc(0), { mode });
    return;
  }
  const dataStart = await localDataOffset(zipPath, entry);
  const check = new SizeAndCrcCheck(entry);
  const output = createWriteStream(destPath, { mode });
  const input = createReadStream(zipPath, { start: dataStart, end: dataStart + entry.compressedSize - 1 });
  if (entry.method === METHOD_DEFLATE) await pipeline(input, zlib.createInflateRaw(), check, output);
  else await pipeline(input, check, output);
}

async function localDataOffset(zipPath: string, entry: ZipEntry): Promise<number> {
  const file = await open(zipPath, 'r');
  try {
    const header = Buffer.alloc(30);
    await file.read(header, 0, 30, entry.localHeaderOffset);
    if (header.readUInt32LE(0) !== LOCAL_SIGNATURE)
      throw new Error(`${zipPath}: corrupt local header of ${entry.name}`);
    return entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  } finally {
    await file.close();
  }
}

/** Passes bytes through, and fails the stream at its end when their count or CRC-32 is not the entry's. */
class SizeAndCrcCheck extends Transform {
  private bytes = 0;
  private crc = 0;

  constructor(private readonly entry: ZipEntry) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    this.crc = zlib.crc32(chunk, this.crc);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    const { name, size, crc32 } = this.entry;
    if (this.bytes !== size) callback(new Error(`${name}: extracted ${this.bytes} bytes, expected ${size}`));
    else if (this.crc >>> 0 !== crc32) callback(new Error(`${name}: CRC-32 mismatch`));
    else callback();
  }
}

const PYTHON_EXTRACT = [
  'import re, shutil, sys, zipfile',
  'z = zipfile.ZipFile(sys.argv[1])',
  'names = [n for n in z.namelist() if re.fullmatch(sys.argv[2], n)]',
  'if not names: sys.exit("no entry matches " + sys.argv[2])',
  'with z.open(names[0]) as src, open(sys.argv[3], "wb") as dst: shutil.copyfileobj(src, dst)',
  'print(names[0])',
].join('\n');

/**
 * Extracts the first entry whose name fully matches `pattern` with `python3`'s zipfile module (the fallback
 * for archives this reader refuses); returns the entry's name, throws when python3 fails or nothing matches.
 */
export async function extractZipEntryWithPython(
  zipPath: string,
  pattern: RegExp,
  destPath: string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'python3',
      ['-c', PYTHON_EXTRACT, zipPath, pattern.source, destPath],
      (error, stdout, stderr) => {
        if (error) reject(new Error(`python3 zipfile extraction failed: ${stderr.trim() || error.message}`));
        else resolve(stdout.trim());
      },
    );
  });
}
