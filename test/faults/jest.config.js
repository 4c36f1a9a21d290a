// `npm run test:faults`: the fault drills (test/faults/*.fault-spec.ts), one file at a time, against
// the production build (dist/, built first by scripts/build-if-stale.js). Not part of `npm test`.
const { transform, transformIgnorePatterns } = require('../../jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  transform,
  transformIgnorePatterns,
  testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'],
  maxWorkers: 1,
  // Bounds for a saturated machine; each drill normally takes 10-40 s.
  testTimeout: 400000,
};
