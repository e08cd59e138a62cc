// The config parser (yaml + zod) is most of the extension's bytes and is not needed to activate:
// it is loaded on the first config read, from its own bundle (dist/configParser.js, see
// esbuild.mjs), so VS Code loads a small extension.js.
import type * as Loader from '../core/config/loader.js';

type Parser = typeof Loader;

let loading: Promise<Parser> | undefined;
let loaded: Parser | undefined;

export async function configParser(): Promise<Parser> {
  loading ??= import('../core/config/loader.js').then((parser) => (loaded = parser));
  return loading;
}

/** The parser if `configParser()` has resolved (a model may come from the cache without it). */
export function loadedConfigParser(): Parser | undefined {
  return loaded;
}
