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
);
