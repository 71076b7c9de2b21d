// Lint: type-aware rules everywhere, plus a fence that keeps I/O out of workflow code.
import tseslint from 'typescript-eslint';

const workflowFence = {
  patterns: [
    { group: ['node:*'], message: 'Workflow code is deterministic: no Node built-ins.' },
    {
      group: ['**/activities/*', '**/activities'],
      allowTypeImports: true,
      message: 'Workflows import activities as types only.',
    },
  ],
  paths: [
    'fs',
    'path',
    'os',
    'crypto',
    'child_process',
    'http',
    'https',
    'net',
    'sharp',
    '@google/genai',
    '@temporalio/worker',
    '@temporalio/client',
    '@temporalio/activity',
  ].map((name) => ({
    name,
    message: `Workflow code does no I/O: '${name}' belongs in activities or the worker.`,
  })),
};

// Sibling steps are awaited through the engine's `settleAll` (or `fanOut`), never a bare `Promise.all`:
// it rejects on the first failure while the siblings still run, so an undo could start while a step it
// undoes may still write. Undo bodies (an `undo:` stage option, `registerUndo(...)`) are exempt.
const siblingFence = {
  selector: [
    "CallExpression[callee.object.name='Promise'][callee.property.name=/^(all|allSettled|race|any)$/]",
    ":not(Property[key.name='undo'] *)",
    ":not(CallExpression[callee.property.name='registerUndo'] *)",
  ].join(''),
  message:
    'Sibling steps must settle before anything is decided: use settleAll (engine/settle-siblings) or fanOut, not a bare Promise combinator.',
};

// Workflow files take their activity proxies from engine/activity-proxies.ts and their signals, queries
// and updates from src/shared/messages.ts: each is defined once, where the CLI can import it too.
const definedOnce = {
  name: '@temporalio/workflow',
  importNames: ['proxyActivities', 'defineSignal', 'defineQuery', 'defineUpdate'],
  message:
    'Defined once: activity proxies in engine/activity-proxies.ts, messages in src/shared/messages.ts.',
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.director/**', 'output/**', 'eslint.config.mjs', 'bin/**'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', name: ['describe', 'it', 'test', 'suite'], package: 'node:test' },
          ],
        },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/workflows/**/*.ts', 'src/shared/**/*.ts', 'bench/workflows/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', workflowFence] },
  },
  {
    files: ['src/workflows/**/*.ts'],
    ignores: ['src/workflows/engine/activity-proxies.ts'],
    rules: {
      'no-restricted-imports': ['error', { ...workflowFence, paths: [...workflowFence.paths, definedOnce] }],
    },
  },
  {
    files: ['src/workflows/**/*.ts'],
    ignores: ['src/workflows/engine/settle-siblings.ts'],
    rules: { 'no-restricted-syntax': ['error', siblingFence] },
  },
);
