// Lint: TypeScript rules, the layer-import table of ../shared/ARCHITECTURE.md, and the rule that the
// core (everything below host/ and tools/) stays browser-safe and deterministic.
import js from '@eslint/js';
import importPlugin from 'eslint-plugin-import';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** layer → the layers it may import (besides itself). */
const LAYERS = {
  base: [],
  pe: ['base'],
  kernel: ['base', 'pe'],
  ntdll: ['base', 'pe', 'kernel/syscalls'],
  kernelbase: ['base', 'ntdll'],
  kernel32: ['base', 'ntdll', 'kernelbase'],
  advapi32: ['base', 'ntdll', 'kernelbase'],
  shell32: ['base', 'ntdll', 'kernelbase'],
  subsystems: ['base', 'ntdll', 'kernel/syscalls'],
  system: ['base', 'pe', 'kernel', 'ntdll', 'kernelbase', 'kernel32', 'advapi32', 'shell32', 'subsystems'],
  host: ['base', 'kernel/io'],
  tools: [
    'base',
    'pe',
    'kernel',
    'ntdll',
    'kernelbase',
    'kernel32',
    'advapi32',
    'shell32',
    'subsystems',
    'system',
    'host',
  ],
};
const zones = Object.entries(LAYERS).map(([layer, allowed]) => ({
  target: `./src/${layer}`,
  from: './src',
  except: [`./${layer}`, ...allowed.map((a) => `./${a}`)],
  message: `ARCHITECTURE.md: ${layer}/ may import only ${allowed.join(', ') || 'nothing'} below it.`,
}));
const CORE = Object.keys(LAYERS)
  .filter((l) => l !== 'host' && l !== 'tools')
  .map((l) => `src/${l}/**/*.ts`);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { import: importPlugin },
    languageOptions: { globals: { ...globals.node } },
    settings: { 'import/resolver': { typescript: { project: './tsconfig.json' } } },
    rules: {
      'import/no-restricted-paths': ['error', { zones }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: CORE,
    ignores: ['src/**/*.test.ts'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'os', 'child_process'],
              message: 'The core runs in a browser: no Node modules below host/ and tools/.',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Inject the seeded Clock.' },
        { object: 'Math', property: 'random', message: 'Inject the seeded Rng.' },
      ],
      'no-restricted-globals': [
        'error',
        ...[
          'setTimeout',
          'setInterval',
          'setImmediate',
          'console',
          'process',
          'Buffer',
          'window',
          'document',
        ].map((name) => ({ name, message: 'Not in the core: inject it (ARCHITECTURE.md).' })),
      ],
    },
  },
  { files: ['**/*.js'], languageOptions: { globals: { ...globals.node } } },
);
