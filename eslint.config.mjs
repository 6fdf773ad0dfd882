import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'mirror/dist/**', 'node_modules/**', 'data/**', 'coverage/**', 'models/outfit/**', 'bench/results.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // The MagicMirror² module is plain JavaScript, as MagicMirror modules are: a browser script
    // (MMM-Miroir.js, MagicMirror's globals) and CommonJS for its node_helper and lib/.
    files: ['integrations/magicmirror/**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { Module: 'readonly', Log: 'readonly', config: 'readonly', document: 'readonly', Intl: 'readonly', fetch: 'readonly', AbortController: 'readonly', TextDecoder: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', clearTimeout: 'readonly' },
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly', URL: 'readonly', setTimeout: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
