// Lint: TypeScript rules, the layer-import table of ../shared/ARCHITECTURE.md, and the rule that the
// core (everything below host/ and tools/) stays browser-safe and deterministic.
import js from '@eslint/js';
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
const ALL = Object.keys(LAYERS);
// The table as import patterns, matched against each import specifier (no resolver needed: layer
// folder names are unique, so the pattern "**/host/**" is any path into host/). A layer allowed only
// part of another (ntdll → kernel/syscalls) gets a negated pattern for that part.
function forbiddenFor(layer) {
  const allowed = LAYERS[layer];
  const patterns = [];
  for (const other of ALL) {
    if (other === layer || allowed.includes(other)) continue;
    const parts = allowed.filter((a) => a.startsWith(`${other}/`));
    // gitignore semantics: a path under an excluded directory cannot be re-included, so a layer
    // with an allowed part excludes the layer's contents, not the directory itself.
    patterns.push(`**/${other}/**`);
    if (parts.length === 0) patterns.push(`**/${other}`);
    for (const part of allowed.filter((a) => a.startsWith(`${other}/`)))
      patterns.push(`!**/${part}/**`, `!**/${part}`);
  }
  return patterns;
}
const NODE_MODULES = ['node:*', 'fs', 'path', 'os', 'child_process'];
const layerRules = (layer, browserSafe) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        ...(forbiddenFor(layer).length === 0
          ? []
          : [
              {
                group: forbiddenFor(layer),
                message: `ARCHITECTURE.md: ${layer}/ may import only ${LAYERS[layer].join(', ') || 'nothing'} below it.`,
              },
            ]),
        ...(browserSafe
          ? [
              {
                group: NODE_MODULES,
                message: 'The core runs in a browser: no Node modules below host/ and tools/.',
              },
            ]
          : []),
      ],
    },
  ],
});
const CORE = Object.keys(LAYERS)
  .filter((l) => l !== 'host' && l !== 'tools')
  .map((l) => `src/${l}/**/*.ts`);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: CORE,
    ignores: ['src/**/*.test.ts'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: {
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
  // Tests beside the code keep the layer table but may use Node (to read fixtures from disk).
  ...ALL.flatMap((layer) => [
    {
      files: [`src/${layer}/**/*.ts`],
      ignores: ['src/**/*.test.ts'],
      rules: layerRules(layer, layer !== 'host' && layer !== 'tools'),
    },
    { files: [`src/${layer}/**/*.test.ts`], rules: layerRules(layer, false) },
  ]),
  { files: ['**/*.js'], languageOptions: { globals: { ...globals.node } } },
);
