// Entry point for the Restricted Mode suite: the same runner as the integration tests, in a
// VS Code session whose workspace is not trusted (see scripts/runIntegration.mjs).
import { runTests } from '../integration/index';

export function run(): Promise<void> {
  return runTests(__dirname);
}
