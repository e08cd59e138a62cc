// Narrows the rules worth testing against a path. Every rule gets exactly one key, derived
// from the literal parts of its pattern; a key may only ever over-approximate (let through a
// rule that then fails to match), never leave out a rule that would match.

export type IndexKey =
  /** Anchored patterns starting with literal folders: `src/checkout/**` → [src, checkout]. */
  | { kind: 'prefix'; segments: string[] }
  /** Patterns that need some path segment to equal a name: `legacy/`, `**\/legacy/**`. */
  | { kind: 'segment'; name: string }
  /** `*.md`, `*.test.ts`: some path segment must end in that extension. */
  | { kind: 'extension'; extension: string }
  /** Everything else (wildcards up front, escapes): tested against every path. */
  | { kind: 'always' };

interface PrefixNode<T> {
  items: T[];
  /** Made for the first child: most nodes are leaves (a rule naming one file). */
  children: Map<string, PrefixNode<T>> | undefined;
}

export class CandidateIndex<T> {
  private readonly prefixRoot: PrefixNode<T> = { items: [], children: undefined };
  private readonly bySegment = new Map<string, T[]>();
  private readonly byExtension = new Map<string, T[]>();
  private readonly always: T[] = [];

  /** `body` is the gitignore pattern without its negating `!`. */
  add(body: string, item: T, key = indexKeyOf(body)): void {
    switch (key.kind) {
      case 'prefix': {
        let node = this.prefixRoot;
        for (const segment of key.segments) {
          let child = node.children?.get(segment);
          if (!child) {
            child = { items: [], children: undefined };
            (node.children ??= new Map()).set(segment, child);
          }
          node = child;
        }
        node.items.push(item);
        break;
      }
      case 'segment':
        pushTo(this.bySegment, key.name, item);
        break;
      case 'extension':
        pushTo(this.byExtension, key.extension, item);
        break;
      case 'always':
        this.always.push(item);
        break;
    }
  }

  /** Candidates for a normalised relative path, each once, in no particular order. */
  lookup(path: string): T[] {
    const segments = segmentsOf(path);
    const directory = this.directory(segments.slice(0, -1));
    return [...directory.items, ...(this.inDirectory(directory, segments[segments.length - 1] ?? '') ?? [])];
  }

  /**
   * The first half of a lookup, shared by every path in one folder: the candidates that the
   * folder's own segments bring (`dirSegments`: the path's segments but the last).
   */
  directory(dirSegments: readonly string[]): DirectoryCandidates<T> {
    const items = [...this.always];
    let node: PrefixNode<T> | undefined = this.prefixRoot;
    for (const segment of dirSegments) {
      node = node.children?.get(segment);
      if (!node) break;
      for (const item of node.items) items.push(item);
    }
    // Each item has one key, so it is found once, except through a name or an extension that
    // occurs in more than one segment: those are looked up for their first occurrence only.
    const names = new Set<string>();
    const extensions = new Set<string>();
    for (const segment of dirSegments) {
      if (!names.has(segment)) {
        names.add(segment);
        const named = this.bySegment.get(segment);
        if (named) for (const item of named) items.push(item);
      }
      const extension = extensionOf(segment);
      if (extension !== undefined && !extensions.has(extension)) {
        extensions.add(extension);
        const withExtension = this.byExtension.get(extension);
        if (withExtension) for (const item of withExtension) items.push(item);
      }
    }
    return { items, names, node, extensions };
  }

  /**
   * The second half: the candidates the last segment, `name`, brings, in a new array, or
   * `undefined` for none (the common case, so no array is made for it).
   */
  inDirectory(directory: DirectoryCandidates<T>, name: string): T[] | undefined {
    let found: T[] | undefined;
    const exact = directory.node?.children?.get(name)?.items;
    if (exact && exact.length > 0) found = [...exact];
    if (this.bySegment.size > 0 && !directory.names.has(name)) {
      const named = this.bySegment.get(name);
      if (named) found = found ? [...found, ...named] : [...named];
    }
    if (this.byExtension.size > 0) {
      const extension = extensionOf(name);
      if (extension !== undefined && !directory.extensions.has(extension)) {
        const withExtension = this.byExtension.get(extension);
        if (withExtension) found = found ? [...found, ...withExtension] : [...withExtension];
      }
    }
    return found;
  }
}

/** What a folder's segments contribute to the lookup of any path in it. */
export interface DirectoryCandidates<T> {
  /** Found through the folder's segments (and the rules tested against every path). */
  items: T[];
  /** The folder's segments, and their extensions, already looked up. */
  names: ReadonlySet<string>;
  extensions: ReadonlySet<string>;
  /** The prefix trie node of the whole folder path, when there is one. */
  node: PrefixNode<T> | undefined;
}

/**
 * Whether `CandidateIndex.lookup(path)` would return a rule with this `body`, without building
 * an index: for one lookup (explaining one file) that is cheaper than indexing every rule.
 */
export function couldMatch(body: string, path: string | readonly string[]): boolean {
  const key = indexKeyOf(body);
  const segments = typeof path === 'string' ? segmentsOf(path) : path;
  switch (key.kind) {
    case 'prefix':
      return key.segments.length <= segments.length && key.segments.every((segment, i) => segments[i] === segment);
    case 'segment':
      return segments.includes(key.name);
    case 'extension':
      return segments.some((segment) => {
        const dot = segment.lastIndexOf('.');
        return dot >= 0 && segment.slice(dot + 1) === key.extension;
      });
    case 'always':
      return true;
  }
}

/** After the last dot: what an `extension` key is compared with. */
function extensionOf(segment: string): string | undefined {
  const dot = segment.lastIndexOf('.');
  return dot >= 0 ? segment.slice(dot + 1) : undefined;
}

/** A path's segments, without a trailing `/`: what `couldMatch` takes to test many rules. */
export function segmentsOf(path: string): string[] {
  return (path.endsWith('/') ? path.slice(0, -1) : path).split('/');
}

function pushTo<T>(map: Map<string, T[]>, key: string, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}

/** Whether `text` has `*`, `?` or `[` (a plain loop: this runs for every rule of a config). */
function hasWildcard(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 42 /* * */ || c === 63 /* ? */ || c === 91 /* [ */) return true;
  }
  return false;
}

function isLiteralSegment(segment: string): boolean {
  return segment !== '' && !hasWildcard(segment);
}

export function indexKeyOf(body: string): IndexKey {
  // Escapes are rare in path rules; leaving them to the matcher keeps this conservative.
  if (body.includes('\\')) return { kind: 'always' };
  let end = body.length;
  while (end > 0 && body.charCodeAt(end - 1) === 32) end--;
  let pattern = end === body.length ? body : body.slice(0, end);
  if (pattern.endsWith('/')) pattern = pattern.slice(0, -1);
  const anchored = pattern.includes('/');
  if (pattern.startsWith('/')) pattern = pattern.slice(1);
  if (pattern === '' || pattern.startsWith('#')) return { kind: 'always' };
  const segments = pattern.split('/');
  if (segments.some((s) => s === '')) return { kind: 'always' };

  if (!anchored) {
    const only = segments[0] ?? '';
    if (isLiteralSegment(only)) return { kind: 'segment', name: only };
    return extensionKeyOf(only);
  }

  const literalPrefix: string[] = [];
  for (const segment of segments) {
    if (!isLiteralSegment(segment)) break;
    literalPrefix.push(segment);
  }
  if (literalPrefix.length > 0) return { kind: 'prefix', segments: literalPrefix };

  // `**/name/...` matches wherever some segment is `name`, at any depth.
  let first = 0;
  while (segments[first] === '**') first++;
  const after = segments[first];
  if (first > 0 && after !== undefined && isLiteralSegment(after)) return { kind: 'segment', name: after };
  return { kind: 'always' };
}

/** `*.ext` and `*.a.b`: a segment ending in `.a.b` has `b` after its last dot. */
function extensionKeyOf(segment: string): IndexKey {
  if (!segment.startsWith('*')) return { kind: 'always' };
  const suffix = segment.slice(1);
  const dot = suffix.lastIndexOf('.');
  if (dot < 0 || hasWildcard(suffix) || dot === suffix.length - 1) return { kind: 'always' };
  return { kind: 'extension', extension: suffix.slice(dot + 1) };
}
