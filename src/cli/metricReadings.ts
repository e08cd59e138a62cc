// Metric values for CLI commands, fetched once the way `status` does: secrets from the
// environment, the disk cache (unless --no-cache), a clock that OUTCOME_LENS_NOW can pin.
import type { OutcomeModel } from '../core/config/model';
import { createFileMetricCache } from '../core/metrics/metricCache';
import type { MetricCache } from '../core/metrics/metricCache';
import { MetricEngine } from '../core/metrics/metricEngine';
import type { ModelStatus } from '../core/metrics/modelStatus';
import { assessModel, jobsOf } from '../core/metrics/modelStatus';
import { nodeCommandRunner } from '../core/metrics/nodeCommandRunner';
import { environmentSecrets } from '../core/metrics/secrets';
import { parseTimestamp } from '../core/metrics/timestamps';
import { nodeFileSystem } from '../core/node/nodeHost';
import type { Clock, Logger } from '../core/ports';
import { UsageError } from './cliCommand';
import type { CliInvocation, CliIo } from './cliCommand';
import { cliCacheDirectory } from './loadModel';

/**
 * The time the status rule is evaluated at. `OUTCOME_LENS_NOW` (an ISO 8601 date or date-time)
 * pins it, for reproducible output in tests and demos; it is also the engine's clock, so
 * `static` values without `asOf` are dated at that time. Fetches still happen for real.
 */
export function cliClock(env: NodeJS.ProcessEnv): Clock {
  const pinned = env['OUTCOME_LENS_NOW'];
  if (pinned === undefined || pinned === '') return { now: () => Date.now() };
  const time = parseTimestamp(pinned);
  if (time === undefined) throw new UsageError(`OUTCOME_LENS_NOW must be an ISO 8601 date or date-time, not "${pinned}"`);
  return { now: () => time };
}

function cacheOf(invocation: CliInvocation, logger: Logger): MetricCache | undefined {
  if (invocation.values['no-cache'] === true) return undefined;
  return createFileMetricCache(cliCacheDirectory(invocation.io.env), logger);
}

function stderrLogger(commandName: string, io: CliIo): Logger {
  // Metric failures already appear in the output, with their reason; only problems that would
  // otherwise go unseen (an unreadable cache, an internal error) are written to stderr.
  return {
    error: (message) => io.stderr(`outcome-lens ${commandName}: ${message}\n`),
    warn: (message) => {
      if (message.startsWith('metric cache')) io.stderr(`outcome-lens ${commandName}: warning: ${message}\n`);
    },
    info: () => undefined,
    debug: () => undefined,
  };
}

/**
 * Fetches the metrics of `model` once (secrets from the environment, the disk cache unless
 * `--no-cache`) and assesses them at `clock.now()`. Shared by `status` and `report`. With
 * `outcomeIds`, only those outcomes' metrics are fetched (the others read as no data).
 */
export async function fetchModelStatus(
  commandName: string,
  model: OutcomeModel,
  invocation: CliInvocation,
  clock: Clock,
  outcomeIds?: ReadonlySet<string>,
): Promise<ModelStatus> {
  const logger = stderrLogger(commandName, invocation.io);
  const engine = new MetricEngine({
    jobs: jobsOf(model).filter((job) => outcomeIds === undefined || outcomeIds.has(job.outcomeId)),
    settings: model.settings,
    secrets: environmentSecrets(invocation.io.env),
    fetch,
    fs: nodeFileSystem,
    clock,
    logger,
    // The CLI runs in the user's own shell, on a folder they chose: it is trusted, like a
    // trusted workspace (commands run, secrets are sent).
    trusted: true,
    exec: nodeCommandRunner,
    cache: cacheOf(invocation, logger),
    // One pass: no schedule. Retry timers after failures are unref'd and cancelled by dispose().
    refreshIntervalMs: 0,
  });
  try {
    await engine.start();
    await engine.refreshAll();
  } finally {
    engine.dispose();
  }
  return assessModel(model, (key) => engine.reading(key), clock.now());
}
