// Narrows the rules worth testing against a path. Every rule gets exactly one key, derived
// from the literal parts of its pattern; a key may only ever over-approximate (let through a
// rule that then fails to match), never leave out a rule that would match.

type IndexKey =
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
  children: Map<string, PrefixNode<T>>;
}

export class CandidateIndex<T> {
  private readonly prefixRoot: PrefixNode<T> = { items: [], children: new Map() };
  private readonly bySegment = new Map<string, T[]>();
  private readonly byExtension = new Map<string, T[]>();
  private readonly always: T[] = [];

  /** `body` is the gitignore pattern without its negating `!`. */
  add(body: string, item: T): void {
    const key = indexKeyOf(body);
    switch (key.kind) {
      case 'prefix': {
        let node = this.prefixRoot;
        for (const segment of key.segments) {
          let child = node.children.get(segment);
          if (!child) {
            child = { items: [], children: new Map() };
            node.children.set(segment, child);
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
    const segments = (path.endsWith('/') ? path.slice(0, -1) : path).split('/');
    const found = new Set<T>(this.always);
    let node: PrefixNode<T> | undefined = this.prefixRoot;
    for (const segment of segments) {
      node = node.children.get(segment);
      if (!node) break;
      for (const item of node.items) found.add(item);
    }
    for (const segment of segments) {
      for (const item of this.bySegment.get(segment) ?? []) found.add(item);
      const dot = segment.lastIndexOf('.');
      if (dot >= 0) for (const item of this.byExtension.get(segment.slice(dot + 1)) ?? []) found.add(item);
    }
    return [...found];
  }
}

function pushTo<T>(map: Map<string, T[]>, key: string, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}

const wildcardChars = /[*?[]/;

function isLiteralSegment(segment: string): boolean {
  return segment !== '' && !wildcardChars.test(segment);
}

function indexKeyOf(body: string): IndexKey {
  // Escapes are rare in path rules; leaving them to the matcher keeps this conservative.
  if (body.includes('\\')) return { kind: 'always' };
  let pattern = body.replace(/ +$/, '');
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
  if (dot < 0 || wildcardChars.test(suffix) || dot === suffix.length - 1) return { kind: 'always' };
  return { kind: 'extension', extension: suffix.slice(dot + 1) };
}
