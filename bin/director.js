#!/usr/bin/env node
/**
 * The `director` command. Runs the compiled CLI in `dist/` (building it first when `src/` changed since,
 * see build.js), so a command starts in a fraction of a second instead of compiling TypeScript each time.
 * When it cannot be built, or with DIRECTOR_RUN_SOURCES=1 (development), it runs `src/` through tsx.
 * The short commands compile their modules through a V8 code cache (compile-cache.js).
 */
'use strict';
const path = require('node:path');

/**
 * Commands that start, do one thing and exit: their start-up is what a person waits for. The ones that run
 * a worker or a server (`start`, `dev`, `worker`, `replay`, `codec-server`) load far more, once.
 */
const SHORT_COMMANDS = new Set([
  ...['status', 'list', 'watch', 'result', 'report', 'fetch', 'history', 'config', 'run', 'rerun'],
  ...['cancel', 'approve', 'reject', 'review', 'pause', 'resume', 'budget', 'estimate'],
]);

/** The short command this command line runs (`help` for the help), or undefined for the others. */
function shortCommand(argv = process.argv.slice(2)) {
  const [first] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') return 'help';
  return SHORT_COMMANDS.has(first) ? first : undefined;
}

/** The short commands' one-file build beside `entry` (see build.js), when there is one. */
function bundleBeside(entry) {
  const bundle = path.join(path.dirname(entry), require('./build').BUNDLE);
  return require('node:fs').existsSync(bundle) ? bundle : undefined;
}

const entry = process.env.DIRECTOR_RUN_SOURCES === '1' ? undefined : require('./build').ensureBuilt();
if (entry) {
  const command = shortCommand();
  if (command && process.env.DIRECTOR_COMPILE_CACHE !== '0') {
    const cache = require('./compile-cache');
    cache.install(cache.cacheFile(command, path.resolve(__dirname, '..')));
  }
  // `--help` stays on dist/client.js: it loads nothing the bundle would save, and less source.
  require((command && command !== 'help' && bundleBeside(entry)) || entry);
} else {
  require('tsx/cjs');
  require('../src/client.ts');
}
