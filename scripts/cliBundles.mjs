// The CLI's bundles, shared by esbuild.mjs (dist/) and the bench (which bundles the current
// sources into its own folder):
//   cli.js           the CLI; requires the two below at run time, from its own folder
//   configParser.js  the config parser and edits (yaml + zod, most of the bytes), loaded only when the
//                    CLI's model cache misses (see src/cli/loadModel.ts), so a warm `explain`
//                    neither compiles nor runs it
//   scanWorker.js    a scan worker thread (see src/core/index/workerPool.ts)
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Bundles `yaml` from its ES module build: its CommonJS build (what node resolves) cannot be
 * tree-shaken, and loads slower. The ES build is the same code; warnings go to console.warn
 * instead of process.emitWarning.
 */
export const yamlModuleBuild = {
  name: 'yaml-module-build',
  setup(build) {
    const yamlModule = path.join(path.dirname(createRequire(import.meta.url).resolve('yaml/package.json')), 'browser', 'index.js');
    build.onResolve({ filter: /^yaml$/ }, () => ({ path: yamlModule }));
  },
};

/** Makes `import('…/config/yamlModules.js')` (the CLI's and the extension's) load the separate configParser.js. */
export const configParserExternal = {
  name: 'config-parser-external',
  setup(build) {
    build.onResolve({ filter: /\/config\/yamlModules\.js$/ }, (args) => (args.kind === 'dynamic-import' ? { path: './configParser.js', external: true } : undefined));
  },
};

/** esbuild options for the three CLI bundles, written to `outdir`. */
export function cliBundles(outdir, common) {
  return [
    {
      ...common,
      entryPoints: ['src/cli/main.ts'],
      outfile: path.join(outdir, 'cli.js'),
      banner: { js: '#!/usr/bin/env node' },
      plugins: [...(common.plugins ?? []), yamlModuleBuild, configParserExternal],
      // As require(): node's import() of a CommonJS file first lexes all of it for its exports.
      supported: { 'dynamic-import': false },
    },
    { ...common, entryPoints: ['src/core/config/yamlModules.ts'], outfile: path.join(outdir, 'configParser.js'), plugins: [...(common.plugins ?? []), yamlModuleBuild] },
    { ...common, entryPoints: ['src/core/index/scanWorker.ts'], outfile: path.join(outdir, 'scanWorker.js'), plugins: [...(common.plugins ?? []), yamlModuleBuild] },
  ];
}
