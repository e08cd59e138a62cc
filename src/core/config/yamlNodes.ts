// Finding the YAML node behind a value, so every problem points at the text that caused it.
import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Document, Node, Pair, YAMLMap } from 'yaml';

export type ValuePath = readonly PropertyKey[];

/** A node's key as text (keys in outcomes.yaml are plain strings; anything else is stringified). */
export function keyText(pair: Pair): string {
  const key = pair.key;
  if (isScalar(key)) return String(key.value);
  return String(key);
}

/** The last pair with this key: with duplicate keys (already an error) the last one wins, as in toJS. */
export function findPair(map: YAMLMap, key: string): Pair | undefined {
  let found: Pair | undefined;
  for (const pair of map.items) if (keyText(pair) === key) found = pair;
  return found;
}

export function resolveAlias(doc: Document, node: unknown): Node | undefined {
  if (isAlias(node)) return node.resolve(doc);
  return isMap(node) || isSeq(node) || isScalar(node) ? node : undefined;
}

export interface Located {
  /** The deepest node reached along the path. */
  node: Node;
  /** The key node of the last step, when that step was a mapping key. */
  keyNode?: Node;
  /** Whether the whole path was found (otherwise `node` is the closest ancestor). */
  complete: boolean;
}

export function locate(doc: Document, base: Node, path: ValuePath): Located {
  let node = base;
  let keyNode: Node | undefined;
  for (const segment of path) {
    const current = resolveAlias(doc, node);
    let next: Node | undefined;
    keyNode = undefined;
    if (isMap(current) && typeof segment !== 'symbol') {
      const pair = findPair(current, String(segment));
      if (pair) {
        next = resolveAlias(doc, pair.value) ?? (isScalar(pair.key) ? pair.key : undefined);
        keyNode = isScalar(pair.key) ? pair.key : undefined;
      }
    } else if (isSeq(current) && typeof segment === 'number') {
      next = resolveAlias(doc, current.items[segment]);
    }
    if (!next) return keyNode ? { node, keyNode, complete: false } : { node, complete: false };
    node = next;
  }
  return keyNode ? { node, keyNode, complete: true } : { node, complete: true };
}

/** [start, end] offsets of a node's value (comments after it excluded). */
export function nodeSpan(node: Node): [number, number] | undefined {
  const range = node.range;
  if (!range) return undefined;
  return [range[0], range[1]];
}
