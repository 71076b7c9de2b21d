#!/usr/bin/env node
/**
 * The `director` command. Runs the compiled CLI in `dist/` (building it first when `src/` changed since,
 * see build.js), so a command starts in a fraction of a second instead of compiling TypeScript each time.
 * When it cannot be built, or with DIRECTOR_RUN_SOURCES=1 (development), it runs `src/` through tsx.
 */
'use strict';
const entry = process.env.DIRECTOR_RUN_SOURCES === '1' ? undefined : require('./build').ensureBuilt();
if (entry) {
  require(entry);
} else {
  require('tsx/cjs');
  require('../src/client.ts');
}
