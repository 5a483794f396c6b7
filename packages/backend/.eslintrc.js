module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  overrides: [
    {
      // The portal's tests reuse the module's test support (the throwaway PostgreSQL, free ports,
      // the pinned linters and Kubernetes tools), which the module does not export.
      files: ['src/**/*.test.ts', 'src/__testUtils__/**', 'bench/**'],
      rules: { '@backstage/no-forbidden-package-imports': 'off' },
    },
  ],
});
