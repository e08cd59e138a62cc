// Runs one part of the config (an outcome, a metric, a source) through its zod schema and
// turns the issues into compiler-style problems at the YAML node that caused each one.
// zod's own messages never reach the user: they name types the YAML author never wrote.
import * as z from 'zod';
import type { Document, Node } from 'yaml';
import { closestMatch } from '../suggest';
import type { ProblemSink } from './problemSink';
import { locate } from './yamlNodes';
import type { ValuePath } from './yamlNodes';

type Issue = z.core.$ZodIssue;

export interface SchemaCheckContext {
  doc: Document;
  sink: ProblemSink;
  /** The node `value` was read from. */
  node: Node;
  /** How to name the value itself, e.g. `outcome "KR-1"` or `source "prod"`. */
  label: string;
  /**
   * Unknown keys are warnings (the part survives without them), except in a `from:` override,
   * where a key the named source's type does not have is an error: `overrideOf` names that source.
   */
  overrideOf?: string;
  /**
   * Keep the part when some of its fields are broken: each invalid field is left out (as if
   * absent, so defaults apply), and each invalid entry of a list field is left out of the list.
   * A required field that is invalid or missing drops the part, unless `fallbacks` has a value
   * for it. The problems are reported either way.
   */
  dropInvalidFields?: boolean;
  /** With `dropInvalidFields`: values for required fields that are missing or invalid, e.g. an outcome's id as its title. */
  fallbacks?: Readonly<Record<string, unknown>>;
}

/** A valid part, and where the entries of its lists were in the input. */
export interface CheckedFields<T> {
  value: T;
  /**
   * Where entry `index` of list `field` in `value` was in the input (the YAML): entries left
   * out of a list move the later ones up, but problems and ranges must point at the text.
   */
  inputIndex: (field: string, index: number) => number;
}

/** The parsed value, with unknown keys dropped; `undefined` when the part is not valid. */
export function checkWithSchema<T>(schema: z.ZodType<T>, value: unknown, context: SchemaCheckContext): T | undefined {
  return checkFieldsWithSchema(schema, value, context)?.value;
}

/** `checkWithSchema`, telling where the kept entries of lists that lost some were in the input. */
export function checkFieldsWithSchema<T>(schema: z.ZodType<T>, value: unknown, context: SchemaCheckContext): CheckedFields<T> | undefined {
  const result = schema.safeParse(value);
  if (result.success) return { value: result.data, inputIndex: (_field, index) => index };
  const issues = result.error.issues;
  for (const issue of issues) reportIssue(schema, value, context, issue, []);
  const onlyUnknownKeys = issues.every((issue) => issue.code === 'unrecognized_keys');
  if (context.overrideOf !== undefined) return undefined;
  const dropFields = context.dropInvalidFields === true && isPlainObject(value);
  if (!onlyUnknownKeys && !dropFields) return undefined;
  const { stripped, droppedEntries } = withoutInvalid(value, issues);
  if (dropFields && isPlainObject(stripped)) {
    for (const [field, fallback] of Object.entries(context.fallbacks ?? {})) if (!(field in stripped)) stripped[field] = fallback;
  }
  // The problems are all reported above; a part that is still not valid (say, without a valid
  // required field) is left out.
  const retry = schema.safeParse(stripped);
  if (!retry.success) return undefined;
  return { value: retry.data, inputIndex: (field, index) => inputIndexOf(droppedEntries.get(field), index) };
}

/** The input index of the `index`-th kept entry, given the (input) indices that were left out. */
function inputIndexOf(dropped: ReadonlySet<number> | undefined, index: number): number {
  let input = index;
  for (const left of [...(dropped ?? [])].sort((a, b) => a - b)) if (left <= input) input++;
  return input;
}

function reportIssue(schema: z.ZodType, root: unknown, context: SchemaCheckContext, issue: Issue, prefix: ValuePath): void {
  const path = [...prefix, ...issue.path];
  const { doc, sink, node } = context;
  const located = locate(doc, node, path);
  const at = located.complete ? sink.rangeOf(located.node, located.keyNode) : sink.rangeOf(located.node);
  const value = valueAt(root, path);
  const label = describePath(path, context.label);

  switch (issue.code) {
    case 'unrecognized_keys': {
      const candidates = knownKeys(schema, path);
      for (const key of issue.keys) {
        const keyLocation = locate(doc, node, [...path, key]);
        const keyRange = sink.rangeOf(keyLocation.keyNode ?? keyLocation.node);
        const suggestion = closestMatch(key, candidates);
        const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
        if (context.overrideOf !== undefined) {
          sink.error('source-override', `"${key}" does not apply to ${context.overrideOf}${hint}`, keyRange, suggestion);
        } else {
          const where = path.length === 0 ? context.label : describePath(path, context.label);
          sink.warning('unknown-key', `unknown key "${key}" in ${where}${hint}`, keyRange, suggestion);
        }
      }
      return;
    }
    case 'invalid_type': {
      const parentPath = path.slice(0, -1);
      const parent = valueAt(root, parentPath);
      const key = path[path.length - 1];
      if (value === undefined && typeof key === 'string' && isPlainObject(parent) && !(key in parent)) {
        const mapping = locate(doc, node, parentPath).node;
        sink.error('missing-field', `${describePath(parentPath, context.label)} is missing required field "${key}"`, sink.missingFieldRange(mapping));
        return;
      }
      sink.error('invalid-value', `${label} must be ${expectedName(issue.expected)}, ${describeActual(value)}`, at);
      return;
    }
    case 'too_small':
    case 'too_big': {
      const limit = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const small = issue.code === 'too_small';
      let message: string;
      if (issue.origin === 'string' && small && Number(limit) === 1) message = `${label} must not be empty`;
      else if (issue.origin === 'array') message = `${label} must have ${small ? 'at least' : 'at most'} ${String(limit)} entries`;
      else if (issue.origin === 'string') message = `${label} must be ${small ? 'at least' : 'at most'} ${String(limit)} characters long`;
      else if (issue.inclusive === false) message = `${label} must be ${small ? 'greater' : 'less'} than ${String(limit)}, not ${String(value)}`;
      else message = `${label} must be ${small ? 'at least' : 'at most'} ${String(limit)}, not ${String(value)}`;
      sink.error('invalid-value', message, at);
      return;
    }
    case 'invalid_format': {
      const shown = JSON.stringify(value);
      if (issue.format === 'url') sink.error('invalid-value', `${label} must be a URL, not ${shown}`, at);
      else if (issue.message.startsWith('expected ')) sink.error('invalid-value', `${label} must be ${issue.message.slice('expected '.length)}, not ${shown}`, at);
      else sink.error('invalid-value', `${label} ${shown} is not valid: ${issue.message}`, at);
      return;
    }
    case 'invalid_value': {
      const allowed = issue.values.map((v) => String(v));
      const suggestion = typeof value === 'string' ? closestMatch(value, allowed) : undefined;
      const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
      const expected = allowed.length === 1 ? String(allowed[0]) : `one of ${allowed.join(', ')}`;
      sink.error('invalid-value', `${label} must be ${expected}, not ${JSON.stringify(value) ?? 'empty'}${hint}`, at, suggestion);
      return;
    }
    case 'invalid_union': {
      if (issue.discriminator !== undefined && 'options' in issue && issue.options) {
        const options = issue.options.map((o) => String(o));
        if (value === undefined) {
          const mapping = locate(doc, node, path.slice(0, -1)).node;
          sink.error('missing-field', `${describePath(path.slice(0, -1), context.label)} is missing required field "${issue.discriminator}" (one of ${options.join(', ')})`, sink.missingFieldRange(mapping));
          return;
        }
        const suggestion = typeof value === 'string' ? closestMatch(value, options) : undefined;
        const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
        sink.error('invalid-value', `${label} must be one of ${options.join(', ')}, not ${JSON.stringify(value)}${hint}`, at, suggestion);
        return;
      }
      reportUnion(schema, root, context, issue.errors, path, value, label, at);
      return;
    }
    case 'invalid_key':
    case 'invalid_element':
      for (const inner of issue.issues) reportIssue(schema, root, context, inner, path);
      return;
    default:
      sink.error('invalid-value', `${label} is not valid: ${lowerFirst(issue.message)}`, at);
  }
}

/**
 * A union failed on every branch. When the value's type fits no branch, say which types are
 * allowed; otherwise report the branch that came closest (fewest issues, unknown keys counting
 * most), as if it had been the only option.
 */
function reportUnion(schema: z.ZodType, root: unknown, context: SchemaCheckContext, branches: Issue[][], path: ValuePath, value: unknown, label: string, at: ReturnType<ProblemSink['rangeOf']>): void {
  const wrongType = (issues: Issue[]) => issues.some((i) => i.code === 'invalid_type' && i.path.length === 0);
  const candidates = branches.filter((issues) => !wrongType(issues));
  if (candidates.length === 0) {
    const expected = [...new Set(branches.flatMap((issues) => issues.filter((i) => i.code === 'invalid_type').map((i) => expectedName(i.expected))))];
    context.sink.error('invalid-value', `${label} must be ${expected.join(' or ') || 'something else'}, ${describeActual(value)}`, at);
    return;
  }
  const score = (issues: Issue[]) => issues.reduce((sum, i) => sum + (i.code === 'unrecognized_keys' ? 10 : 1), 0);
  const best = candidates.reduce((a, b) => (score(b) < score(a) ? b : a));
  for (const inner of best) reportIssue(schema, root, context, inner, path);
}

function expectedName(expected: string): string {
  switch (expected) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'int':
      return 'a whole number';
    case 'boolean':
      return 'true or false';
    case 'array':
    case 'tuple':
      return 'a list';
    case 'object':
    case 'record':
    case 'map':
      return 'a mapping';
    default:
      return expected;
  }
}

export function describeActual(value: unknown): string {
  if (value === null || value === undefined) return 'but it has no value';
  if (typeof value === 'string') return `not the string ${JSON.stringify(value)}`;
  // A number where a string belongs is usually an ID that YAML read as a number.
  if (typeof value === 'number') return `not the number ${String(value)}`;
  if (typeof value === 'boolean') return `not ${String(value)}`;
  if (Array.isArray(value)) return 'not a list';
  return 'not a mapping';
}

/** `"title"`, `entry 3 of "paths"`, or the part's own label for the empty path. */
export function describePath(path: ValuePath, rootLabel: string): string {
  const last = path[path.length - 1];
  if (last === undefined) return rootLabel;
  if (typeof last === 'number') return `entry ${last + 1} of ${describePath(path.slice(0, -1), rootLabel)}`;
  return `"${String(last)}"`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function valueAt(root: unknown, path: ValuePath): unknown {
  let current = root;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else if (isPlainObject(current) && typeof segment === 'string') current = current[segment];
    else return undefined;
  }
  return current;
}

/** The keys the schema allows at `path`, for "did you mean". */
export function knownKeys(schema: z.ZodType, path: ValuePath): string[] {
  let layer: z.ZodType[] = [schema];
  for (const segment of path) layer = layer.flatMap((s) => childSchemas(s, segment));
  return [...new Set(layer.flatMap((s) => unwrapAll(s)).flatMap((s) => (s instanceof z.ZodObject ? Object.keys(s.shape) : [])))];
}

function unwrapAll(schema: z.ZodType): z.ZodType[] {
  if (schema instanceof z.ZodOptional) return unwrapAll(schema.unwrap() as z.ZodType);
  if (schema instanceof z.ZodUnion) return (schema.options as z.ZodType[]).flatMap(unwrapAll);
  return [schema];
}

function childSchemas(schema: z.ZodType, segment: PropertyKey): z.ZodType[] {
  return unwrapAll(schema).flatMap((s): z.ZodType[] => {
    if (s instanceof z.ZodObject && typeof segment === 'string') {
      const child = (s.shape as Record<string, z.ZodType>)[segment];
      return child ? [child] : [];
    }
    if (s instanceof z.ZodArray && typeof segment === 'number') return [s.element as z.ZodType];
    if (s instanceof z.ZodRecord) return [s.valueType as z.ZodType];
    return [];
  });
}

/**
 * A deep copy of `value` without the keys zod did not recognise and, at the top level, without
 * the fields that were not valid: a field as a whole, or, for an issue inside an entry of a
 * list, just that entry. `droppedEntries` holds the input indices left out of each list.
 */
function withoutInvalid(value: unknown, issues: readonly Issue[]): { stripped: unknown; droppedEntries: Map<string, Set<number>> } {
  const copy: unknown = structuredClone(value);
  const droppedFields = new Set<string>();
  const droppedEntries = new Map<string, Set<number>>();
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const target = valueAt(copy, issue.path);
      if (isPlainObject(target)) for (const key of issue.keys) Reflect.deleteProperty(target, key);
      continue;
    }
    const [field, entry] = issue.path;
    if (!isPlainObject(copy) || typeof field !== 'string') continue;
    if (typeof entry === 'number' && Array.isArray(copy[field])) {
      const entries = droppedEntries.get(field) ?? new Set<number>();
      droppedEntries.set(field, entries.add(entry));
    } else {
      droppedFields.add(field);
    }
  }
  if (isPlainObject(copy)) {
    for (const field of droppedFields) {
      Reflect.deleteProperty(copy, field);
      droppedEntries.delete(field);
    }
    for (const [field, entries] of droppedEntries) {
      const list = copy[field];
      if (Array.isArray(list)) copy[field] = list.filter((_entry, index) => !entries.has(index));
    }
  }
  return { stripped: copy, droppedEntries };
}
