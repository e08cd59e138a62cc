// How the CLI shows a file's path.
import path from 'node:path';

/** `/`-separated and relative to `base` when the file is inside it; otherwise absolute. */
export function displayPath(file: string, base: string): string {
  const relative = path.relative(base, file);
  const shown = relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
  return shown.split(path.sep).join('/');
}
