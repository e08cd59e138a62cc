// Builds the outcome model from a parsed YAML document. Each outcome, metric and source is
// checked on its own, so one broken entry costs only itself (and an outcome with a valid id
// only its broken fields): the model keeps every valid part, and the problems describe the rest.
import { isAlias, isMap, isScalar, isSeq, visit } from 'yaml';
import type { Document, Node, Pair, YAMLMap } from 'yaml';
import { closestMatch } from '../suggest';
import type { NamedSource, OutcomeEntry, OutcomeModel, PathRule, ResolvedMetric, SourceRange, TicketRef } from './model';
import { startOfFile } from './positions';
import type { ProblemSink } from './problemSink';
import { Metric, Outcome, OutcomesFile, TeamSettings, Tickets, sourceSchemasByType, sourceTypes } from './schema';
import type { MetricSourceSpec, MetricSpec, OutcomeSpec, SourceSpec, SourceType, TeamSettingsSpec } from './schema';
import { checkFieldsWithSchema, checkWithSchema, describeActual, isPlainObject } from './schemaCheck';
import type { CheckedFields } from './schemaCheck';
import { findPair, keyText, locate, nodeSpan, resolveAlias } from './yamlNodes';

/** Aliases may expand to at most this many nodes per part; beyond that it is a "billion laughs" attack. */
const maxAliasCount = 100;

const rootKeys = Object.keys(OutcomesFile.shape);

/** Outcome IDs are short, so allow a little more slack than for keys (`KR-9` → `KR-12`). */
function idSuggestion(id: string, known: Iterable<string>): string | undefined {
  return closestMatch(id, known, Math.max(2, Math.floor(id.length / 3)));
}

interface BuiltOutcome {
  entry: OutcomeEntry;
  parentNode?: Node;
}

interface ResolvedSource {
  ok: boolean;
  source?: SourceSpec;
  sourceName?: string;
  spec?: MetricSourceSpec;
}

type Converted = { ok: true; value: unknown } | { ok: false };

export class ModelBuilder {
  private readonly sources = new Map<string, NamedSource>();
  /** Every name under `sources`, valid or not: a metric naming a broken source is not told it is unknown. */
  private readonly declaredSources = new Set<string>();
  private readonly ticketPatterns: RegExp[] = [];
  private readonly ticketMatchers: RegExp[] = [];
  private ticketUrl: string | undefined;
  private settings: TeamSettingsSpec = {};

  constructor(
    private readonly doc: Document,
    private readonly sink: ProblemSink,
    private readonly file: string,
    private readonly folder: string,
  ) {}

  build(): OutcomeModel {
    const root = resolveAlias(this.doc, this.doc.contents);
    if (!root || (isScalar(root) && root.value === null)) {
      this.sink.error('empty-file', 'the file has no content; expected "version: 1" and "outcomes:"', startOfFile);
      return this.model([]);
    }
    if (!isMap(root)) {
      this.sink.error('invalid-value', `the file must be a mapping with "version: 1" and "outcomes:", ${describeActual(this.convert(root, false))}`, this.sink.rangeOf(root));
      return this.model([]);
    }
    for (const pair of root.items) {
      const key = keyText(pair);
      if (rootKeys.includes(key)) continue;
      const suggestion = closestMatch(key, rootKeys);
      const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
      this.sink.warning('unknown-key', `unknown key "${key}" at the top level${hint}`, this.sink.rangeOf(pair.key as Node), suggestion);
    }
    this.checkVersion(root);
    this.buildSources(findPair(root, 'sources'));
    this.buildTickets(findPair(root, 'tickets'));
    this.buildSettings(findPair(root, 'settings'));
    return this.model(this.buildOutcomes(root));
  }

  private model(outcomes: OutcomeEntry[]): OutcomeModel {
    const model: OutcomeModel = {
      file: this.file,
      folder: this.folder,
      outcomes,
      byId: new Map(outcomes.map((o) => [o.id, o])),
      sources: this.sources,
      ticketPatterns: this.ticketPatterns,
      settings: this.settings,
      problems: this.sink.problems,
    };
    if (this.ticketUrl !== undefined) model.ticketUrl = this.ticketUrl;
    return model;
  }

  /** The plain value of one part. Aliases are expanded here, under a limit, per part. */
  private convert(node: Node, report = true): unknown {
    const converted = this.tryConvert(node, report);
    return converted.ok ? converted.value : undefined;
  }

  private tryConvert(node: Node, report = true): Converted {
    try {
      return { ok: true, value: node.toJS(this.doc, { maxAliasCount }) };
    } catch (error) {
      if (!report) return { ok: false };
      let firstAlias: Node | undefined;
      let unresolved: Node | undefined;
      visit(node, {
        Alias: (_key, alias) => {
          firstAlias ??= alias;
          if (!alias.resolve(this.doc)) {
            unresolved = alias;
            return visit.BREAK;
          }
          return undefined;
        },
      });
      if (unresolved && isAlias(unresolved)) {
        this.sink.error('yaml-syntax', `alias *${unresolved.source} refers to no anchor; define &${unresolved.source} before it`, this.sink.rangeOf(unresolved));
      } else if (error instanceof ReferenceError && /alias/i.test(error.message)) {
        this.sink.error('alias-limit', `aliases here expand to too many nodes (more than ${maxAliasCount} per alias); the part is ignored`, this.sink.rangeOf(firstAlias ?? node));
      } else {
        this.sink.error('yaml-syntax', `cannot read this value: ${error instanceof Error ? error.message : String(error)}`, this.sink.rangeOf(node));
      }
      return { ok: false };
    }
  }

  private valueNode(pair: Pair | undefined): Node | undefined {
    if (!pair) return undefined;
    const node = resolveAlias(this.doc, pair.value);
    // `key:` with nothing after it: treat like an absent optional section.
    if (!node || (isScalar(node) && node.value === null)) return undefined;
    return node;
  }

  private checkVersion(root: YAMLMap): void {
    const pair = findPair(root, 'version');
    if (!pair) {
      this.sink.error('missing-field', 'the file is missing required field "version" (add "version: 1")', this.sink.missingFieldRange(root));
      return;
    }
    const value = pair.value ? this.convert(pair.value as Node) : undefined;
    if (value === 1) return;
    const at = this.sink.rangeOf(pair.value as Node | null, pair.key as Node);
    if (typeof value === 'number') this.sink.error('unsupported-version', `unsupported version ${value}; this Outcome Lens reads "version: 1"`, at);
    else this.sink.error('invalid-value', `"version" must be 1, ${describeActual(value)}`, at);
  }

  private buildSources(pair: Pair | undefined): void {
    const node = this.valueNode(pair);
    if (!node) return;
    if (!isMap(node)) {
      this.sink.error('invalid-value', `"sources" must be a mapping of source names to sources, ${describeActual(this.convert(node, false))}`, this.sink.rangeOf(node));
      return;
    }
    for (const sourcePair of node.items) {
      const name = keyText(sourcePair);
      this.declaredSources.add(name);
      const keyNode = sourcePair.key as Node;
      const valueNode = resolveAlias(this.doc, sourcePair.value) ?? keyNode;
      const converted = this.tryConvert(valueNode);
      if (!converted.ok) continue;
      const spec = this.checkSource(converted.value, valueNode, `source "${name}"`, keyNode);
      if (!spec) continue;
      const keySpan = nodeSpan(keyNode);
      const valueSpan = nodeSpan(valueNode);
      const nameRange = this.sink.rangeOf(keyNode);
      const range = keySpan && valueSpan ? this.sink.text.range(keySpan[0], valueSpan[1]) : nameRange;
      this.sources.set(name, { spec, range, nameRange });
    }
  }

  /** A source with its own `type` (named, or inline in a metric). */
  private checkSource(value: unknown, node: Node, label: string, keyNode?: Node): SourceSpec | undefined {
    if (!isPlainObject(value)) {
      this.sink.error('invalid-value', `${label} must be a mapping with a "type", ${describeActual(value)}`, this.sink.rangeOf(node, keyNode));
      return undefined;
    }
    const type = value['type'];
    if (type === undefined) {
      this.sink.error('missing-field', `${label} is missing required field "type" (one of ${sourceTypes.join(', ')})`, this.sink.missingFieldRange(node));
      return undefined;
    }
    if (typeof type !== 'string' || !isSourceType(type)) {
      const suggestion = typeof type === 'string' ? closestMatch(type, sourceTypes) : undefined;
      const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
      const typeNode = locate(this.doc, node, ['type']).node;
      this.sink.error('invalid-value', `"type" of ${label} must be one of ${sourceTypes.join(', ')}, not ${JSON.stringify(type)}${hint}`, this.sink.rangeOf(typeNode), suggestion);
      return undefined;
    }
    const schema = sourceSchemasByType[type];
    return checkWithSchema<SourceSpec>(schema, value, { doc: this.doc, sink: this.sink, node, label });
  }

  private buildTickets(pair: Pair | undefined): void {
    const node = this.valueNode(pair);
    if (!node) return;
    const value = this.convert(node);
    const checked = checkFieldsWithSchema(Tickets, value, { doc: this.doc, sink: this.sink, node, label: '"tickets"', dropInvalidFields: true });
    if (!checked) return;
    const spec = checked.value;
    spec.patterns?.forEach((pattern, index) => {
      const at = this.sink.rangeOf(locate(this.doc, node, ['patterns', checked.inputIndex('patterns', index)]).node);
      let regex: RegExp;
      try {
        regex = new RegExp(pattern);
      } catch (error) {
        const reason = error instanceof Error ? (/: ([^:]+)$/.exec(error.message)?.[1] ?? error.message) : String(error);
        this.sink.error('invalid-pattern', `invalid regular expression ${JSON.stringify(pattern)}: ${reason.charAt(0).toLowerCase()}${reason.slice(1)}`, at);
        return;
      }
      // A pattern that matches empty text would "find" a ticket between every two characters.
      if (regex.test('')) {
        this.sink.error('invalid-pattern', `ticket pattern ${JSON.stringify(pattern)} matches empty text; it must match at least one character`, at);
        return;
      }
      this.ticketPatterns.push(regex);
      this.ticketMatchers.push(new RegExp(`^(?:${pattern})$`));
    });
    if (spec.url !== undefined) {
      this.ticketUrl = spec.url;
      if (!spec.url.includes('{id}')) {
        const at = this.sink.rangeOf(locate(this.doc, node, ['url']).node);
        this.sink.warning('invalid-value', 'ticket "url" has no {id} placeholder, so every ticket would link to the same page', at);
      }
    }
  }

  private buildSettings(pair: Pair | undefined): void {
    const node = this.valueNode(pair);
    if (!node) return;
    const value = this.convert(node);
    const spec = checkWithSchema(TeamSettings, value, { doc: this.doc, sink: this.sink, node, label: '"settings"', dropInvalidFields: true });
    if (!spec) return;
    this.settings = spec;
    if (spec.atRiskBelow !== undefined && spec.offTrackBelow !== undefined && spec.offTrackBelow > spec.atRiskBelow) {
      const at = this.sink.rangeOf(locate(this.doc, node, ['offTrackBelow']).node);
      this.sink.warning('invalid-value', `"offTrackBelow" (${spec.offTrackBelow}) is above "atRiskBelow" (${spec.atRiskBelow}), so nothing can be at risk`, at);
    }
  }

  private buildOutcomes(root: YAMLMap): OutcomeEntry[] {
    const pair = findPair(root, 'outcomes');
    if (!pair) {
      this.sink.error('missing-field', 'the file is missing required field "outcomes" (a list of outcomes)', this.sink.missingFieldRange(root));
      return [];
    }
    const node = this.valueNode(pair);
    if (!node) return [];
    if (!isSeq(node)) {
      this.sink.error('invalid-value', `"outcomes" must be a list, ${describeActual(this.convert(node, false))}`, this.sink.rangeOf(node));
      return [];
    }
    const items = node.items.map((item) => resolveAlias(this.doc, item));

    // IDs first, broken outcomes included: a child of a broken outcome should hear about the
    // broken outcome, not that its parent does not exist.
    const declared = new Map<string, Node>();
    const duplicates = new Set<number>();
    items.forEach((item, index) => {
      if (!isMap(item)) return;
      const idPair = findPair(item, 'id');
      const idNode = resolveAlias(this.doc, idPair?.value);
      if (!isScalar(idNode) || typeof idNode.value !== 'string') return;
      const id = idNode.value;
      const first = declared.get(id);
      if (first) {
        const line = this.sink.rangeOf(first).start.line;
        this.sink.error('duplicate-id', `duplicate outcome id "${id}" (first defined at line ${line})`, this.sink.rangeOf(idNode));
        duplicates.add(index);
        return;
      }
      declared.set(id, idNode);
    });

    const built: BuiltOutcome[] = [];
    items.forEach((item, index) => {
      if (!item) return;
      const outcome = this.buildOutcome(item, index);
      if (outcome && !duplicates.has(index)) built.push(outcome);
    });
    this.linkParents(built, [...declared.keys()]);
    return built.map((b) => b.entry);
  }

  private buildOutcome(item: Node, index: number): BuiltOutcome | undefined {
    const value = this.convert(item);
    if (value === undefined) return undefined;
    if (!isPlainObject(value)) {
      this.sink.error('invalid-value', `entry ${index + 1} of "outcomes" must be a mapping with "id" and "title", ${describeActual(value)}`, this.sink.rangeOf(item));
      return undefined;
    }
    const rawId = value['id'];
    const label = typeof rawId === 'string' && rawId !== '' ? `outcome "${rawId}"` : `entry ${index + 1} of "outcomes"`;
    // Metrics are checked one by one below, so that one broken metric costs only itself.
    const { metrics: rawMetrics, ...fields } = value;
    // An outcome with a valid id stays, without its broken fields: tags, path rules and children
    // that name it keep working, and the one problem is the broken field's own. Without a
    // valid id nothing can refer to it, so it is left out.
    const checked = checkFieldsWithSchema<OutcomeSpec>(Outcome, fields, {
      doc: this.doc,
      sink: this.sink,
      node: item,
      label,
      dropInvalidFields: true,
      fallbacks: typeof rawId === 'string' ? { title: rawId } : {},
    });
    const metricsNode = rawMetrics === undefined ? undefined : locate(this.doc, item, ['metrics']);
    const metrics = metricsNode?.complete ? this.buildMetrics(metricsNode.node, checked?.value.id ?? '', label) : [];
    if (!checked) return undefined;
    const spec = checked.value;

    this.checkDates(spec, item);
    if (rawMetrics !== undefined) spec.metrics = metrics.map((m) => m.spec);
    const entry: OutcomeEntry = {
      id: spec.id,
      spec,
      status: spec.status ?? 'active',
      range: this.sink.rangeOf(item),
      idRange: this.sink.rangeOf(locate(this.doc, item, ['id']).node),
      childIds: [],
      pathRules: this.pathRules(checked, item),
      tickets: this.ticketRefs(checked, item),
      metrics,
    };
    const built: BuiltOutcome = { entry };
    if (spec.parent !== undefined) built.parentNode = locate(this.doc, item, ['parent']).node;
    return built;
  }

  /** Bad dates are dropped from the spec (with an error) so that expected progress is never computed from them. */
  private checkDates(spec: OutcomeSpec, item: Node): void {
    for (const field of ['start', 'due'] as const) {
      const date = spec[field];
      if (date !== undefined && !isCalendarDate(date)) {
        this.sink.error('invalid-value', `"${field}" ${date} is not a calendar date`, this.sink.rangeOf(locate(this.doc, item, [field]).node));
        delete spec[field];
      }
    }
    if (spec.start !== undefined && spec.due !== undefined && spec.due < spec.start) {
      this.sink.error('due-before-start', `due ${spec.due} is before start ${spec.start}`, this.sink.rangeOf(locate(this.doc, item, ['due']).node));
      delete spec.start;
      delete spec.due;
    }
  }

  private pathRules({ value: spec, inputIndex }: CheckedFields<OutcomeSpec>, item: Node): PathRule[] {
    const rules: PathRule[] = [];
    spec.paths?.forEach((pattern, keptIndex) => {
      const index = inputIndex('paths', keptIndex);
      const range = this.sink.rangeOf(locate(this.doc, item, ['paths', index]).node);
      const negated = pattern.startsWith('!');
      const body = negated ? pattern.slice(1) : pattern;
      if (body.trim() === '') {
        this.sink.error('invalid-pattern', `entry ${index + 1} of "paths" is empty; it would match nothing`, range);
        return;
      }
      if (body.split(/[\\/]/).includes('..')) {
        this.sink.error('invalid-pattern', `path pattern ${JSON.stringify(pattern)} leaves the workspace folder; patterns are relative to it and cannot contain ".."`, range);
        return;
      }
      rules.push({ outcomeId: spec.id, pattern, negated, index, range });
    });
    return rules;
  }

  private ticketRefs({ value: spec, inputIndex }: CheckedFields<OutcomeSpec>, item: Node): TicketRef[] {
    return (spec.tickets ?? []).map((id, index) => {
      const range = this.sink.rangeOf(locate(this.doc, item, ['tickets', inputIndex('tickets', index)]).node);
      if (this.ticketMatchers.length > 0 && !this.ticketMatchers.some((m) => m.test(id))) {
        this.sink.warning('ticket-pattern-mismatch', `ticket "${id}" does not match any of the patterns in "tickets", so it will never be found in branches or commits`, range);
      }
      return { id, range };
    });
  }

  private buildMetrics(node: Node, outcomeId: string, outcomeLabel: string): ResolvedMetric[] {
    if (isScalar(node) && node.value === null) return [];
    if (!isSeq(node)) {
      this.sink.error('invalid-value', `"metrics" of ${outcomeLabel} must be a list, ${describeActual(this.convert(node, false))}`, this.sink.rangeOf(node));
      return [];
    }
    const metrics: ResolvedMetric[] = [];
    const seen = new Map<string, SourceRange>();
    node.items.forEach((rawItem, index) => {
      const item = resolveAlias(this.doc, rawItem);
      if (!item) return;
      const metric = this.buildMetric(item, index, outcomeId);
      if (!metric) return;
      const first = seen.get(metric.spec.id);
      if (first) {
        this.sink.error('duplicate-metric-id', `duplicate metric id "${metric.spec.id}" in ${outcomeLabel} (first defined at line ${first.start.line})`, metric.idRange);
        return;
      }
      seen.set(metric.spec.id, metric.idRange);
      metrics.push(metric);
    });
    return metrics;
  }

  private buildMetric(item: Node, index: number, outcomeId: string): ResolvedMetric | undefined {
    const value = this.convert(item);
    if (value === undefined) return undefined;
    if (!isPlainObject(value)) {
      this.sink.error('invalid-value', `entry ${index + 1} of "metrics" must be a mapping with an "id", ${describeActual(value)}`, this.sink.rangeOf(item));
      return undefined;
    }
    const rawId = value['id'];
    const label = typeof rawId === 'string' && rawId !== '' ? `metric "${rawId}"` : `entry ${index + 1} of "metrics"`;
    const { source: rawSource, ...fields } = value;
    const spec = checkWithSchema<MetricSpec>(Metric, fields, { doc: this.doc, sink: this.sink, node: item, label });
    const resolved = rawSource === undefined ? { ok: true } : this.resolveMetricSource(rawSource, locate(this.doc, item, ['source']).node);
    // Checked even when the source is broken, so one save shows every problem of the metric.
    const measurable = spec ? this.checkMeasurable(spec, item) : false;
    if (!spec || !resolved.ok || !measurable) return undefined;
    if (resolved.spec !== undefined) spec.source = resolved.spec;
    const metric: ResolvedMetric = {
      outcomeId,
      spec,
      range: this.sink.rangeOf(item),
      idRange: this.sink.rangeOf(locate(this.doc, item, ['id']).node),
    };
    if (resolved.source !== undefined) metric.source = resolved.source;
    if (resolved.sourceName !== undefined) metric.sourceName = resolved.sourceName;
    return metric;
  }

  /** Whether progress can be computed from the metric's numbers; reports why not. */
  private checkMeasurable(spec: MetricSpec, item: Node): boolean {
    const at = (key: string) => this.sink.rangeOf(locate(this.doc, item, [key]).node);
    if (spec.baseline !== undefined && spec.target !== undefined && spec.baseline === spec.target) {
      this.sink.error('target-equals-baseline', `target equals baseline (${spec.target}), so progress cannot be measured`, at('target'));
      return false;
    }
    if (spec.direction === 'range' && spec.min === undefined && spec.max === undefined) {
      this.sink.error('invalid-range', 'direction: range needs "min", "max" or both: the bounds of the range to stay in', at('direction'));
      return false;
    }
    if (spec.min !== undefined && spec.max !== undefined && spec.min > spec.max) {
      this.sink.error('invalid-range', `min ${spec.min} is above max ${spec.max}`, at('max'));
      return false;
    }
    return true;
  }

  /** `source:` of a metric: an inline source with a `type`, or `from: <name>` plus overrides. */
  private resolveMetricSource(raw: unknown, node: Node): ResolvedSource {
    if (!isPlainObject(raw)) {
      this.sink.error('invalid-value', `"source" must be a mapping with "from" or "type", ${describeActual(raw)}`, this.sink.rangeOf(node));
      return { ok: false };
    }
    if (!('from' in raw)) {
      if (!('type' in raw)) {
        this.sink.error('missing-field', `"source" needs "from: <name of a source>" or a "type" (one of ${sourceTypes.join(', ')})`, this.sink.missingFieldRange(node));
        return { ok: false };
      }
      const source = this.checkSource(raw, node, '"source"');
      return source ? { ok: true, source, spec: source } : { ok: false };
    }
    const { from, ...overrides } = raw;
    const fromNode = locate(this.doc, node, ['from']);
    const fromRange = this.sink.rangeOf(fromNode.node, fromNode.keyNode);
    if (typeof from !== 'string' || from === '') {
      this.sink.error('invalid-value', `"from" must name a source under "sources", ${describeActual(from)}`, fromRange);
      return { ok: false };
    }
    if (!this.declaredSources.has(from)) {
      const suggestion = closestMatch(from, this.declaredSources);
      const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
      const known = this.declaredSources.size === 0 ? '; there is no "sources" section' : '';
      this.sink.error('unknown-source', `source "${from}" is not defined under "sources"${hint}${known}`, fromRange, suggestion);
      return { ok: false };
    }
    const named = this.sources.get(from);
    // The named source is broken and has its own problem; saying more here would be noise.
    if (!named) return { ok: false };
    const type = named.spec.type;
    if ('type' in overrides && overrides['type'] !== type) {
      const typeNode = locate(this.doc, node, ['type']).node;
      this.sink.error('source-override', `"type" cannot be overridden: source "${from}" is a ${type} source`, this.sink.rangeOf(typeNode));
      return { ok: false };
    }
    const merged = { ...named.spec, ...overrides };
    const source = checkWithSchema<SourceSpec>(sourceSchemasByType[type], merged, {
      doc: this.doc,
      sink: this.sink,
      node,
      label: '"source"',
      overrideOf: `${type} source "${from}"`,
    });
    if (!source) return { ok: false };
    return { ok: true, source, sourceName: from, spec: { from, ...overrides } };
  }

  private linkParents(built: BuiltOutcome[], declaredInOrder: string[]): void {
    const declaredIds = new Set(declaredInOrder);
    const byId = new Map(built.map((b) => [b.entry.id, b]));
    const parentOf = new Map<string, string>();
    for (const { entry, parentNode } of built) {
      const parent = entry.spec.parent;
      if (parent === undefined) continue;
      if (!declaredIds.has(parent)) {
        const suggestion = idSuggestion(parent, declaredInOrder.filter((id) => id !== entry.id));
        const hint = suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`;
        this.sink.error('unknown-parent', `parent "${parent}" is not a known outcome${hint}`, this.sink.rangeOf(parentNode), suggestion);
        continue;
      }
      // A parent that is declared but broken has its own problem; this outcome shows as a root meanwhile.
      if (byId.has(parent)) parentOf.set(entry.id, parent);
    }

    const inCycle = new Set<string>();
    const done = new Set<string>();
    for (const { entry } of built) {
      const chain: string[] = [];
      let current: string | undefined = entry.id;
      while (current !== undefined && !done.has(current) && !chain.includes(current)) {
        chain.push(current);
        current = parentOf.get(current);
      }
      if (current !== undefined && chain.includes(current)) {
        const cycle = chain.slice(chain.indexOf(current));
        for (const member of cycle) {
          inCycle.add(member);
          const at = this.sink.rangeOf(byId.get(member)?.parentNode);
          if (cycle.length === 1) {
            this.sink.error('parent-cycle', `outcome "${member}" cannot be its own parent`, at);
            continue;
          }
          const start = cycle.indexOf(member);
          const path = [...cycle.slice(start), ...cycle.slice(0, start), member];
          this.sink.error('parent-cycle', `parent "${parentOf.get(member) ?? ''}" makes a cycle: ${path.join(' → ')}`, at);
        }
      }
      for (const id of chain) done.add(id);
    }

    for (const { entry, parentNode } of built) {
      const parent = parentOf.get(entry.id);
      if (parent === undefined || inCycle.has(entry.id)) continue;
      entry.parentId = parent;
      entry.parentRange = this.sink.rangeOf(parentNode);
      byId.get(parent)?.entry.childIds.push(entry.id);
    }
  }
}

function isSourceType(type: string): type is SourceType {
  return (sourceTypes as string[]).includes(type);
}

function isCalendarDate(date: string): boolean {
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date);
}
