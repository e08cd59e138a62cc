// The config parser and the config edits (yaml + zod) would be most of the extension's bytes and
// are not needed to activate: they are loaded on the first config read (or edit), from their own
// bundle (dist/configParser.js, see esbuild.mjs), so VS Code loads a small extension.js.
import type * as YamlModules from '../core/config/yamlModules.js';

type Parser = typeof YamlModules;

let loading: Promise<Parser> | undefined;
let loaded: Parser | undefined;

export async function configParser(): Promise<Parser> {
  loading ??= import('../core/config/yamlModules.js').then((parser) => (loaded = parser));
  return loading;
}

/** The parser if `configParser()` has resolved (a model may come from the cache without it). */
export function loadedConfigParser(): Parser | undefined {
  return loaded;
}
