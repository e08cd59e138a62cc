// The outcomes.yaml schema. Everything that reads the config (editor, CLI, the JSON Schema
// shipped for YAML editors) derives from these definitions, so they cannot drift apart.
import * as z from 'zod';

// Checks run as plain code rather than functions zod compiles with `new Function` on first use:
// the editor parses a config once when a workspace opens, and compiling costs more there than
// it saves (a 2,500-outcome config parses as fast either way).
z.config({ jitless: true });

/** `2d`, `90m`, `1h30m` or a number of seconds. */
export const durationPattern = /^(\d+(\.\d+)?(ms|s|m|h|d|w))+$/;
export { secretReferencePattern } from './secretReference';
const isoDatePattern = /^\d{4}-\d{2}-\d{2}$/;

export const Duration = z
  .union([z.number().nonnegative(), z.string().regex(durationPattern, 'expected a duration such as 30s, 5m, 2h or 2d')])
  .describe('A duration: seconds as a number, or a string such as 30s, 5m, 2h, 2d, 1w.');

export const IsoDate = z
  .string()
  .regex(isoDatePattern, 'expected a date as YYYY-MM-DD')
  .describe('A calendar date, YYYY-MM-DD.');

const IsoDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'expected a date or date-time (ISO 8601)')
  .describe('An ISO 8601 date or date-time.');

const Headers = z.record(z.string(), z.string()).describe('HTTP headers. Values may use ${secret:NAME}.');

export const StaticSource = z.strictObject({
  type: z.literal('static'),
  value: z.number().describe('The current value.'),
  asOf: IsoDateTime.optional().describe('When the value was measured.'),
});

export const FileSource = z.strictObject({
  type: z.literal('file'),
  path: z.string().min(1).describe('Path of a JSON or CSV file, relative to the folder holding the config.'),
  format: z.enum(['json', 'csv']).optional().describe('Inferred from the file extension when absent.'),
  pointer: z.string().optional().describe('JSON pointer to the value (JSON files), e.g. /checkout/conversion.'),
  column: z.string().optional().describe('Value column (CSV files); the last row is the current value.'),
  timeColumn: z.string().optional().describe('Time column (CSV files); gives history.'),
});

export const HttpSource = z.strictObject({
  type: z.literal('http'),
  url: z.string().min(1).describe('URL of a JSON endpoint. {metric} is replaced by the metric id.'),
  pointer: z.string().optional().describe('JSON pointer to the value in the response.'),
  headers: Headers.optional(),
  timeout: Duration.optional().describe('Request timeout (default 10s).'),
});

export const PrometheusAuth = z.union([
  z.strictObject({ bearer: z.string().describe('Bearer token, normally ${secret:NAME}.') }),
  z.strictObject({ username: z.string(), password: z.string().describe('Normally ${secret:NAME}.') }),
]);

export const PrometheusSource = z.strictObject({
  type: z.literal('prometheus'),
  url: z.string().min(1).describe('Base URL of the Prometheus server, e.g. http://127.0.0.1:9090.'),
  query: z.string().optional().describe('PromQL expression that yields exactly one series.'),
  auth: PrometheusAuth.optional(),
  headers: Headers.optional(),
  timeout: Duration.optional(),
});

export const CommandSource = z.strictObject({
  type: z.literal('command'),
  run: z.string().min(1).describe('Shell command run in the workspace folder; prints a number or JSON. Trusted workspaces only.'),
  pointer: z.string().optional().describe('JSON pointer when the command prints JSON.'),
  timeout: Duration.optional(),
});

export const Source = z.discriminatedUnion('type', [StaticSource, FileSource, HttpSource, PrometheusSource, CommandSource]);

/** Each source `type` with its schema, for checking one source (or a `from:` override) on its own. */
export const sourceSchemasByType = {
  static: StaticSource,
  file: FileSource,
  http: HttpSource,
  prometheus: PrometheusSource,
  command: CommandSource,
} as const;
export type SourceType = keyof typeof sourceSchemasByType;
export const sourceTypes = Object.keys(sourceSchemasByType) as SourceType[];

/**
 * A metric's source: either `from: <name>` (a named source, whose fields the metric may
 * override, typically `query` or `pointer`) or an inline source with its own `type`.
 * `from` entries are checked against the named source's type by the loader.
 */
export const SourceReference = z
  .object({
    from: z.string().min(1).describe('Name of a source under `sources`.'),
  })
  .catchall(z.unknown());

export const MetricSource = z.union([Source, SourceReference]);

export const Direction = z.enum(['increase', 'decrease', 'range']);

export const Metric = z.strictObject({
  id: z.string().min(1).describe('Unique within its outcome.'),
  name: z.string().optional(),
  unit: z.string().optional().describe('Shown after values, e.g. "%" or "ms".'),
  baseline: z.number().optional(),
  target: z.number().optional(),
  direction: Direction.optional().describe('Inferred from baseline → target when absent.'),
  min: z.number().optional().describe('Lower bound, for direction: range.'),
  max: z.number().optional().describe('Upper bound, for direction: range.'),
  confidence: z.number().min(0).max(1).optional(),
  source: MetricSource.optional(),
  staleAfter: Duration.optional().describe('A value older than this is stale.'),
});

export const OutcomeStatus = z.enum(['active', 'achieved', 'paused', 'dropped']);

export const Outcome = z.strictObject({
  id: z.string().min(1).regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, 'an outcome id starts with a letter and uses letters, digits, -, _ or .'),
  title: z.string().min(1),
  description: z.string().optional(),
  parent: z.string().optional().describe('The id of the objective or outcome this one rolls up to.'),
  owner: z.string().optional(),
  start: IsoDate.optional(),
  due: IsoDate.optional(),
  status: OutcomeStatus.optional().describe('Default: active.'),
  links: z.array(z.string().url()).optional(),
  metrics: z.array(Metric).optional(),
  paths: z.array(z.string()).optional().describe('gitignore-style patterns, relative to the folder holding the config.'),
  tickets: z.array(z.string()).optional().describe('Ticket IDs whose work serves this outcome.'),
});

export const Tickets = z.strictObject({
  patterns: z.array(z.string()).optional().describe('Regular expressions that match ticket IDs.'),
  url: z.string().optional().describe('Link template; {id} is replaced by the ticket ID.'),
});

export const TeamSettings = z.strictObject({
  refreshInterval: Duration.optional().describe('How often metric sources refresh (default 5m).'),
  staleAfter: Duration.optional().describe('Default age after which a value is stale.'),
  concurrency: z.number().int().positive().optional().describe('How many sources refresh at once (default 4).'),
  atRiskBelow: z.number().min(0).max(1).optional().describe('Progress / expected below this is at risk (default 0.9).'),
  offTrackBelow: z.number().min(0).max(1).optional().describe('Progress / expected below this is off track (default 0.6).'),
});

export const OutcomesFile = z.strictObject({
  $schema: z.string().optional(),
  version: z.literal(1),
  sources: z.record(z.string(), Source).optional(),
  tickets: Tickets.optional(),
  settings: TeamSettings.optional(),
  outcomes: z.array(Outcome),
});

export type DurationSpec = z.infer<typeof Duration>;
export type SourceSpec = z.infer<typeof Source>;
export type SourceReferenceSpec = z.infer<typeof SourceReference>;
export type MetricSourceSpec = z.infer<typeof MetricSource>;
export type MetricSpec = z.infer<typeof Metric>;
export type OutcomeSpec = z.infer<typeof Outcome>;
export type TicketsSpec = z.infer<typeof Tickets>;
export type TeamSettingsSpec = z.infer<typeof TeamSettings>;
export type OutcomesFileSpec = z.infer<typeof OutcomesFile>;
export type OutcomeStatusValue = z.infer<typeof OutcomeStatus>;
export type DirectionValue = z.infer<typeof Direction>;

export { configFileNames } from './configFile';
