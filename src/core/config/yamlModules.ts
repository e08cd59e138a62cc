// Everything that needs the yaml and zod libraries: the config loader and the config edits.
// esbuild bundles this module on its own (dist/configParser.js, see scripts/cliBundles.mjs), and
// the CLI and the extension import() it on first use, so neither library is loaded to start.
export * from './loader';
export { addOutcomeEntry, addToOutcomeList } from '../edit/configEdits';
