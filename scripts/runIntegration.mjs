// Runs the integration suite inside a real VS Code extension host: the code-server npm package
// (VS Code server) with Debian's Chromium, headless, driving its workbench. Prints each test's
// result and the VS Code version; exits non-zero on any failure, and never hangs: it has its
// own timeout and kills everything it started.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import { ensureSystemPackages } from './systemPackages.mjs';
import { ensureCodeServer, freePort, launchBrowser, projectRoot, startCodeServer, testRoot, workbenchUrl } from './vscodeServer.mjs';
import { prepareDemoWorkspace } from './demoWorkspace.mjs';

const timeoutMs = Number(process.env.OUTCOME_LENS_TEST_TIMEOUT_MS ?? 10 * 60_000);

const cleanups = [];
async function cleanup() {
  while (cleanups.length > 0) {
    try {
      await cleanups.pop()();
    } catch {
      // Best effort: the next cleanup still runs.
    }
  }
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => void cleanup().then(() => process.exit(130)));
}

async function main() {
  ensureSystemPackages();
  ensureCodeServer();
  const testsIndex = path.join(projectRoot, 'out', 'test', 'integration', 'index.js');
  if (!existsSync(testsIndex)) throw new Error(`${path.relative(projectRoot, testsIndex)} is missing: build with \`node esbuild.mjs --tests\``);
  if (!existsSync(path.join(projectRoot, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run `npm run build`');

  const runDir = path.join(testRoot, 'runs', String(process.pid));
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  cleanups.push(() => rmSync(runDir, { recursive: true, force: true }));
  const workspace = prepareDemoWorkspace(path.join(runDir, 'workspace'));
  const resultsFile = path.join(runDir, 'results.json');

  const port = await freePort();
  const server = await startCodeServer({
    port,
    userDataDir: path.join(runDir, 'user-data'),
    extensionsDir: path.join(runDir, 'extensions'),
    env: { OUTCOME_LENS_TEST_RESULTS: resultsFile, OUTCOME_LENS_TEST_WORKSPACE: workspace },
  });
  cleanups.push(() => server.stop());

  const browser = await launchBrowser();
  cleanups.push(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });

  let settle;
  const exited = new Promise((resolve) => (settle = resolve));
  await page.exposeFunction('codeAutomationExit', (code) => settle(Number(code)));
  await page.exposeFunction('codeAutomationLog', (_type, args) => {
    const line = format(...(Array.isArray(args) ? args : [args]));
    if (line.trim()) process.stdout.write(line.endsWith('\n') ? line : line + '\n');
  });

  const url = workbenchUrl(port, workspace, [['extensionTestsPath', testsIndex.replace(/\.js$/, '')]]);
  console.log(`[integration] VS Code server on ${server.url}, workspace ${path.relative(projectRoot, workspace)}`);
  await page.goto(url);

  let timer;
  const timedOut = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  const outcome = await Promise.race([exited, timedOut]);
  clearTimeout(timer);

  const summary = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : undefined;
  if (outcome === 'timeout') console.error(`[integration] timed out after ${timeoutMs / 1000} s; stopping VS Code`);
  if (!summary) {
    console.error('[integration] the extension host wrote no results (see the log above)');
    return 1;
  }
  const passed = summary.results.filter((r) => r.state === 'passed').length;
  const failed = summary.results.filter((r) => r.state === 'failed').length;
  const skipped = summary.results.filter((r) => r.state === 'pending').length;
  console.log(`\n[integration] ran inside VS Code ${summary.vscodeVersion} (${summary.uiKind} UI, Node extension host)`);
  for (const r of summary.results) console.log(`  ${r.state === 'passed' ? 'ok  ' : r.state === 'failed' ? 'FAIL' : 'skip'} ${r.title}${r.error ? ` — ${r.error}` : ''}`);
  console.log(`integration: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  return outcome === 0 && failed === 0 && passed > 0 ? 0 : 1;
}

main()
  .then(async (code) => {
    await cleanup();
    process.exit(code);
  })
  .catch(async (error) => {
    console.error(`[integration] ${error instanceof Error ? error.message : error}`);
    await cleanup();
    process.exit(1);
  });
