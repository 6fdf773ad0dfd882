/** Jest runs TypeScript through SWC (fast, no type check); `npm test` type-checks separately with tsc. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  moduleNameMapper: {
    '^@server/(.*)$': '<rootDir>/server/$1',
    '^@skills/(.*)$': '<rootDir>/skills/$1',
    '^@mirror/(.*)$': '<rootDir>/mirror/$1',
    '^@app/(.*)$': '<rootDir>/app/$1',
    '^@models/(.*)$': '<rootDir>/models/$1',
    '^@test/(.*)$': '<rootDir>/test/$1',
    '^@locales/(.*)$': '<rootDir>/locales/$1',
  },
  testTimeout: 30000,
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.js'],
};
