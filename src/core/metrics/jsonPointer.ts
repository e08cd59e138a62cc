// RFC 6901 JSON Pointer lookup. Small enough to own rather than add a dependency.

export type PointerLookup = { found: true; value: unknown } | { found: false; reason: string };

/**
 * Resolves `pointer` (e.g. `/checkout/conversion`, `/items/0/value`) in `document`.
 * Also accepts the URI fragment form (`#/checkout/conversion`), which people copy from specs.
 */
export function lookUpJsonPointer(document: unknown, pointer: string): PointerLookup {
  let path = pointer;
  if (path.startsWith('#')) {
    try {
      path = decodeURIComponent(path.slice(1));
    } catch {
      return { found: false, reason: `JSON pointer "${pointer}" has an invalid %-escape` };
    }
  }
  if (path === '') return { found: true, value: document };
  if (!path.startsWith('/')) return { found: false, reason: `JSON pointer "${pointer}" must start with "/"` };
  let current: unknown = document;
  let walked = '';
  for (const rawToken of path.slice(1).split('/')) {
    const token = rawToken.replace(/~1/g, '/').replace(/~0/g, '~');
    walked += `/${rawToken}`;
    if (Array.isArray(current)) {
      // RFC 6901: array indices are decimal without leading zeros; "-" names the element after the last.
      if (!/^(0|[1-9]\d*)$/.test(token) || Number(token) >= current.length) {
        return { found: false, reason: `JSON pointer "${pointer}": no array element at ${walked}` };
      }
      current = current[Number(token)] as unknown;
    } else if (current !== null && typeof current === 'object' && Object.prototype.hasOwnProperty.call(current, token)) {
      current = (current as Record<string, unknown>)[token];
    } else {
      return { found: false, reason: `JSON pointer "${pointer}": nothing at ${walked}` };
    }
  }
  return { found: true, value: current };
}
