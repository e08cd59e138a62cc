// Builds the two bundles (extension, CLI) and, with --tests, transpiles src/ and test/
// file-by-file into out/ for mocha. `--production` minifies; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { cliBundles, configParserExternal, yamlModuleBuild } from './scripts/cliBundles.mjs';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');
const tests = args.has('--tests');
// `--outdir=DIR` transpiles only the tests, into DIR (lets parallel runs keep apart).
const testsOnlyDir = process.argv.find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length);

/** @type {import('esbuild').Plugin} */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
  plugins: [problemMatcher],
};

const bundles = [
  // The extension loads the config parser (yaml + zod, most of the bytes) from configParser.js
  // when it first reads a config, not while VS Code loads the extension.
  {
    ...common,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode'],
    plugins: [...common.plugins, yamlModuleBuild, configParserExternal],
    supported: { 'dynamic-import': false },
  },
  // The CLI, its lazily loaded config parser, and the scan workers (which load their own
  // script, found next to the bundle that starts them).
  ...cliBundles('dist', common),
];

async function listTs(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      out.push(path.join(entry.parentPath, entry.name));
    }
  }
  return out;
}

/** The JSON Schema for editors comes from the zod schema, so the two cannot drift. */
async function writeJsonSchema() {
  const tmp = 'out/schemaEntry.cjs';
  await esbuild.build({ ...common, minify: false, sourcemap: false, entryPoints: ['scripts/jsonSchema.ts'], outfile: tmp });
  const require = createRequire(import.meta.url);
  const { buildJsonSchema } = require(path.resolve(tmp));
  await mkdir('dist', { recursive: true });
  await writeFile('dist/outcomes.schema.json', JSON.stringify(buildJsonSchema(), null, 2) + '\n');
}

function testBuild(outdir) {
  return {
    outdir,
    outbase: '.',
    bundle: false,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    logLevel: 'warning',
    plugins: [problemMatcher],
  };
}

async function main() {
  if (testsOnlyDir) {
    await rm(testsOnlyDir, { recursive: true, force: true });
    await esbuild.build({ ...testBuild(testsOnlyDir), entryPoints: [...(await listTs('src')), ...(await listTs('test'))] });
    return;
  }
  await rm('dist', { recursive: true, force: true });
  if (tests) await rm('out', { recursive: true, force: true });
  const options = [...bundles];
  if (tests) options.push({ ...testBuild('out'), entryPoints: [...(await listTs('src')), ...(await listTs('test'))] });
  if (watch) {
    for (const o of options) {
      const ctx = await esbuild.context(o);
      await ctx.watch();
    }
    // Schema changes need a restart of watch; the file must exist for yamlValidation meanwhile.
    await writeJsonSchema();
    console.log('[watch] watching for changes');
    return;
  }
  await Promise.all(options.map((o) => esbuild.build(o)));
  await writeJsonSchema();
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
