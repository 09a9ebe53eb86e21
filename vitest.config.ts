import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'threads',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    setupFiles: ['test/support/setup.ts'],
    coverage: {
      provider: 'v8',
      include: ['api/**', 'providers/**', 'hooks/**', 'runner/**', 'cli/**'],
    },
  },
})
