/**
 * A V8 code cache for the CLI's short commands. Node 20 compiles every module from source on each start
 * (`module.enableCompileCache` is Node 22), and compiling Temporal's client (its protobuf definitions,
 * gRPC) is a large part of `director status`. While installed, CommonJS modules are compiled through
 * `vm.Script` with the code V8 produced for them on an earlier run, and when a module had none (or V8
 * refused it), the code of this run is saved when the process exits.
 *
 * One file per command (`status.bin`, `help.bin`, …: each loads its own set of modules) under
 * `$XDG_CACHE_HOME/linn-director/compile-cache/<node version>-<arch>-<project>/` (`~/.cache` without
 * XDG_CACHE_HOME). An entry is used only for the same file, size and mtime; V8 checks its own version and
 * flags. A cache that is missing, corrupt or unwritable is ignored: the module compiles as usual.
 * DIRECTOR_COMPILE_CACHE=0 turns it off.
 */
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const os = require('node:os');
const path = require('node:path');
const vm = require('node:vm');

const MAGIC = 'LDCC1\n';
/** V8's hashbang syntax is only valid at a script's start, which `Module.wrap` moves: Node strips it too. */
const HASHBANG = /^#![^\n]*/;

/** A short, stable hash of a string (FNV-1a, 32 bits): names the project's folder without loading crypto. */
function shortHash(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

/** The cache file of `command` for the project at `root`, in this user's cache folder. */
function cacheFile(command, root, env = process.env) {
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  const folder = `${process.version}-${process.arch}-${shortHash(root)}`;
  return path.join(base, 'linn-director', 'compile-cache', folder, `${command}.bin`);
}

/**
 * Reads a cache file: a map from module file to its size, mtime and V8 code. Empty when the file is
 * missing or not one this version wrote (never throws).
 */
function readCache(file) {
  const entries = new Map();
  try {
    const blob = fs.readFileSync(file);
    if (blob.toString('latin1', 0, MAGIC.length) !== MAGIC) return entries;
    const indexLength = blob.readUInt32LE(MAGIC.length);
    const dataStart = MAGIC.length + 4 + indexLength;
    const index = JSON.parse(blob.toString('utf8', MAGIC.length + 4, dataStart));
    for (const [name, size, mtimeMs, offset, length] of index) {
      if (dataStart + offset + length > blob.length) return new Map(); // cut short: use none of it
      entries.set(name, {
        size,
        mtimeMs,
        data: blob.subarray(dataStart + offset, dataStart + offset + length),
      });
    }
  } catch {
    return new Map();
  }
  return entries;
}

/** Writes `entries` (module file → size, mtime, code) to `file` atomically; false when it cannot. */
function writeCache(file, entries) {
  const index = [];
  const buffers = [];
  let offset = 0;
  for (const [name, { size, mtimeMs, data }] of entries) {
    index.push([name, size, mtimeMs, offset, data.length]);
    buffers.push(data);
    offset += data.length;
  }
  const indexBuffer = Buffer.from(JSON.stringify(index));
  const header = Buffer.alloc(MAGIC.length + 4);
  header.write(MAGIC, 0, 'latin1');
  header.writeUInt32LE(indexBuffer.length, MAGIC.length);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temp, Buffer.concat([header, indexBuffer, ...buffers]));
    fs.renameSync(temp, file); // a reader sees the old file or the new one, never half of one
    return true;
  } catch {
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // an unwritable folder: nothing was written
    }
    return false;
  }
}

/** The `require` a module's code is given: the one Node's own `_compile` builds, from public pieces. */
function requireFor(module) {
  const require = (id) => module.require(id);
  const resolve = (request, options) => Module._resolveFilename(request, module, false, options);
  resolve.paths = (request) => Module._resolveLookupPaths(request, module);
  require.resolve = resolve;
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

/**
 * Compiles CommonJS modules with the code cached in `file` from now on, and saves the code of modules it
 * did not have when the process exits. Returns what it did, for tests: `{ hits, misses }` counters.
 */
function install(file) {
  const cached = readCache(file);
  const used = new Map(); // module file → { size, mtimeMs, script, data } (data: code still valid)
  const stats = { hits: 0, misses: 0 };
  const original = Module.prototype._compile;

  Module.prototype._compile = function compileWithCache(content, filename, format) {
    // `import()` in a vm.Script needs a loader callback that Node 20 loses with cached code: a package
    // that may call it compiles as usual (dist/ has none: build.js turns them into `require`).
    const anImport = filename.includes(`${path.sep}node_modules${path.sep}`) && content.includes('import(');
    if (format === 'module' || !filename.endsWith('.js') || anImport) {
      return original.apply(this, arguments);
    }
    let script;
    let entry;
    try {
      const { size, mtimeMs } = fs.statSync(filename);
      const known = cached.get(filename);
      const cachedData = known && known.size === size && known.mtimeMs === mtimeMs ? known.data : undefined;
      script = new vm.Script(Module.wrap(content.replace(HASHBANG, '')), { filename, cachedData });
      const hit = cachedData !== undefined && !script.cachedDataRejected;
      entry = { size, mtimeMs, script, data: hit ? cachedData : undefined };
      if (hit) stats.hits += 1;
      else stats.misses += 1;
    } catch {
      // Not plain CommonJS (ESM syntax, say) or unreadable: Node compiles it and says what is wrong.
      return original.apply(this, arguments);
    }
    used.set(filename, entry);
    const run = script.runInThisContext({ displayErrors: true });
    return run.call(this.exports, this.exports, requireFor(this), this, filename, path.dirname(filename));
  };

  process.once('exit', () => {
    if (stats.misses === 0) return; // every module came from the cache: it is up to date
    // What this run did not load stays (a catalog's status loads more than a Director's).
    const entries = new Map([...cached].filter(([name]) => !used.has(name)));
    for (const [name, { size, mtimeMs, script, data }] of used) {
      try {
        // Made now, after the command ran, the code includes the functions it compiled along the way.
        entries.set(name, { size, mtimeMs, data: data ?? script.createCachedData() });
      } catch {
        // a script V8 cannot serialize is compiled again next time
      }
    }
    writeCache(file, entries);
  });
  return stats;
}

module.exports = { install, cacheFile, readCache, writeCache };
