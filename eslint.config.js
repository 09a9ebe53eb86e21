// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

const io = ['fastify', 'pino', 'prom-client', 'close-with-grace', 'node:fs', 'node:fs/promises', 'node:http', 'node:net', 'node:child_process', 'node:process', 'fs', 'http', 'child_process', '@kubernetes/client-node']

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // @kubernetes/client-node models are classes; we only use them as shapes.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      '@typescript-eslint/no-dynamic-delete': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { varsIgnorePattern: '^_', argsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      complexity: ['warn', 12],
      'max-depth': ['error', 4],
      'max-lines': ['warn', { max: 350, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // providers/ and api/ are pure: no I/O, no clock, no randomness, no environment.
    files: ['providers/**/*.ts', 'api/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: io.map((name) => ({ name, message: 'providers/ and api/ are pure; do I/O in hooks/ or runner/.', allowTypeImports: true })) }],
      'no-restricted-globals': ['error', { name: 'process', message: 'configuration arrives in the ReconcileContext' }, { name: 'fetch', message: 'providers are pure' }],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'the clock arrives in the ReconcileContext' }, { object: 'Math', property: 'random', message: 'providers are deterministic' }],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'the clock arrives in the ReconcileContext' }],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      'max-lines': 'off',
    },
  },
  { files: ['*.config.*', 'eslint.config.js'], ...tseslint.configs.disableTypeChecked },
)
