#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx director` works without a build step.
require('tsx/cjs');
require('../src/client.ts');
