// The `paths` rule that names exactly one file or folder, in the gitignore syntax the rules use.

/**
 * `relativePath` is `/`-separated and relative to the config's folder. Characters that mean
 * something in a pattern (`*`, `?`, `[`, `\`, a leading `!` or `#`, trailing spaces) are
 * escaped. A path at the folder's root gets a leading `/`: without it, a pattern with no
 * slash would match that name at any depth (`docs/` would match `src/docs/` too).
 */
export function pathRuleFor(relativePath: string, kind: 'file' | 'folder'): string {
  const path = relativePath.replace(/^\/+|\/+$/g, '');
  if (path === '' || path.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) {
    throw new Error(`"${relativePath}" is not a path inside the folder`);
  }
  let pattern = path.replace(/[\\*?[]/g, (c) => `\\${c}`);
  pattern = pattern.replace(/ +$/, (spaces) => '\\ '.repeat(spaces.length));
  if (!path.includes('/')) pattern = `/${pattern}`;
  else if (pattern.startsWith('!') || pattern.startsWith('#')) pattern = `\\${pattern}`;
  return kind === 'folder' ? `${pattern}/` : pattern;
}
