#!/usr/bin/env node
/**
 * `npm start` compiles only when dist/ is not current, and then with SWC (about a second) rather
 * than tsc (20-30 s on a busy 2-core machine). "Current" is a SHA-256 over the build's inputs (every
 * .ts of src/ and migrations/ except specs, the tsconfigs, nest-cli.json and this script), recorded
 * in dist/.inputs-sha256 by the build that produced dist/: content, not mtimes, so a checkout or a
 * rebase that touches files without changing them costs nothing.
 *
 * Type-checking is not SWC's job: `npm run build` (nest build, tsc) and `npm run typecheck` do it,
 * and CI runs both. `npm run build` stamps its output too (`--stamp`), so a start after it is free.
 * The SWC settings (SWC_OPTIONS) are the ones Jest compiles the whole suite with (jest.config.js).
 *
 *   node scripts/build-if-stale.js           build with SWC unless current
 *   node scripts/build-if-stale.js --stamp   record that dist/ matches the inputs (after nest build)
 *   node scripts/build-if-stale.js --check   exit 0 when current, 1 when stale
 *   node scripts/build-if-stale.js --start   build with SWC unless current, then run dist/src/main.js
 *                                            in this process (`npm start`)
 */
'use strict';
const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { dirname, join, relative } = require('node:path');

const ROOT = join(__dirname, '..');
const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, '.inputs-sha256');
const SOURCE_DIRS = ['src', 'migrations'];
const CONFIG_FILES = ['tsconfig.json', 'tsconfig.build.json', 'nest-cli.json', 'scripts/build-if-stale.js'];

function sources(root = ROOT) {
  const found = [];
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')) found.push(path);
    }
  };
  for (const dir of SOURCE_DIRS) walk(join(root, dir));
  return found.sort();
}

function inputsHash(root = ROOT) {
  const hash = createHash('sha256');
  const files = [...sources(root), ...CONFIG_FILES.map((f) => join(root, f)).filter((f) => existsSync(f))];
  for (const file of files) {
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

function isCurrent(root = ROOT) {
  const dist = join(root, 'dist');
  const stamp = join(dist, '.inputs-sha256');
  return existsSync(join(dist, 'src/main.js')) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === inputsHash(root);
}

/** How SWC compiles our TypeScript, here and in Jest (jest.config.js): legacy decorators with metadata, as tsc. */
const SWC_OPTIONS = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
};

async function buildWithSwc() {
  const swc = require('@swc/core');
  const options = { ...SWC_OPTIONS, sourceMaps: true };
  for (const dir of SOURCE_DIRS) rmSync(join(DIST, dir), { recursive: true, force: true });
  await Promise.all(
    sources().map(async (file) => {
      const out = join(DIST, relative(ROOT, file)).replace(/\.ts$/, '.js');
      const { code, map } = await swc.transformFile(file, {
        ...options,
        filename: file,
        sourceFileName: relative(dirname(out), file),
      });
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, `${code}\n//# sourceMappingURL=${out.split('/').pop()}.map\n`);
      if (map) writeFileSync(`${out}.map`, map);
    }),
  );
}

async function main() {
  const mode = process.argv[2];
  if (mode === '--check') process.exit(isCurrent() ? 0 : 1);
  if (mode === '--start') {
    // `npm start`: build if stale, then run the app in this same process (one Node start less).
    await buildIfStale();
    process.argv.splice(2, 1);
    setImmediate(() => require(join(DIST, 'src/main.js')));
    return;
  }
  if (mode === '--stamp') {
    mkdirSync(DIST, { recursive: true });
    writeFileSync(STAMP, inputsHash());
    return;
  }
  await buildIfStale();
}

async function buildIfStale() {
  if (isCurrent()) return;
  const started = Date.now();
  process.stderr.write('dist/ is not current: compiling with SWC (type-checking is `npm run build`)...\n');
  await buildWithSwc();
  writeFileSync(STAMP, inputsHash());
  process.stderr.write(`compiled in ${Date.now() - started} ms\n`);
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`build failed: ${error && error.message ? error.message : error}\n`);
    process.exit(1);
  });
}

module.exports = { inputsHash, isCurrent, SWC_OPTIONS };
