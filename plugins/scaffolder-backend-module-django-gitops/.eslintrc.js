module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  // Helpers named expect... (expectOwnTestsPass) assert too.
  testRules: { 'jest/expect-expect': ['warn', { assertFunctionNames: ['expect', 'expect*'] }] },
  overrides: [
    {
      // Test support, as __testUtils__/ is (the two folders are to become one): it imports
      // devDependencies and finds the repository's scripts and templates from its own path.
      files: ['src/testing/**'],
      rules: { '@backstage/no-undeclared-imports': 'off', 'no-restricted-syntax': 'off' },
    },
  ],
});
