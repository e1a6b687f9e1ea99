// Three projects, all run by `npm test`:
//   unit         fast tests in-process (synth, guardrails, policies, review, CLI logic)
//   integration  tests that run a real external tool (terraform validate, actionlint, shellcheck)
//   e2e          real-server tests (each file starts its own OpenBao server)
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] };
const common = { testEnvironment: 'node', transform, moduleFileExtensions: ['ts', 'js', 'json'] };

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/**/*.test.ts'], testPathIgnorePatterns: ['/node_modules/', '/test/e2e/', '\\.integration\\.test\\.ts$'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/test/**/*.integration.test.ts'], testTimeout: 60000 },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'], testTimeout: 120000 },
  ],
};
