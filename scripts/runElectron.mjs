// The standard desktop path: @vscode/test-electron downloads VS Code (needs internet) and runs
// the same integration suite as scripts/runIntegration.mjs, against a copy of the demo workspace.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { prepareDemoWorkspace } from './demoWorkspace.mjs';
import { projectRoot, testRoot } from './vscodeServer.mjs';

const runDir = path.join(testRoot, 'electron-run');
rmSync(runDir, { recursive: true, force: true });
mkdirSync(runDir, { recursive: true });
const workspace = prepareDemoWorkspace(path.join(runDir, 'workspace'));
const resultsFile = path.join(runDir, 'results.json');

try {
  await runTests({
    version: process.env.VSCODE_TEST_VERSION ?? 'stable',
    extensionDevelopmentPath: projectRoot,
    extensionTestsPath: path.join(projectRoot, 'out', 'test', 'integration', 'index'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome'],
    extensionTestsEnv: { OUTCOME_LENS_TEST_RESULTS: resultsFile, OUTCOME_LENS_TEST_WORKSPACE: workspace },
  });
} catch (error) {
  console.error(`[electron] ${error instanceof Error ? error.message : error}`);
}
if (!existsSync(resultsFile)) {
  console.error('[electron] no results: VS Code did not run the suite (it needs internet to download VS Code).');
  process.exit(1);
}
const summary = JSON.parse(readFileSync(resultsFile, 'utf8'));
const passed = summary.results.filter((r) => r.state === 'passed').length;
const failed = summary.results.filter((r) => r.state === 'failed').length;
console.log(`[electron] ran inside VS Code ${summary.vscodeVersion} (${summary.uiKind} UI)`);
for (const r of summary.results) console.log(`  ${r.state === 'passed' ? 'ok  ' : r.state === 'failed' ? 'FAIL' : 'skip'} ${r.title}${r.error ? ` — ${r.error}` : ''}`);
console.log(`integration: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
