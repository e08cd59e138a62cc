// Runs the integration suite inside a real VS Code extension host: the code-server npm package
// (VS Code server) with Debian's Chromium, headless, driving its workbench. Two sessions: the
// demo workspace trusted (test/integration), then opened in Restricted Mode (test/restricted).
// Prints each test's result and the VS Code version; exits non-zero on any failure, and never
// hangs: it has its own timeout and kills everything it started.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import { ensureSystemPackages } from './systemPackages.mjs';
import { ensureCodeServer, freePort, launchBrowser, projectRoot, startCodeServer, testRoot, workbenchUrl } from './vscodeServer.mjs';
import { demoGit, prepareDemoWorkspace } from './demoWorkspace.mjs';

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

/**
 * One VS Code session: code-server, Chromium on its workbench, the tests under `testsDir`
 * run by the extension host. Resolves to the results the host wrote (undefined: none).
 */
async function runSession({ name, testsDir, workspace, runDir, restricted = false, env = {} }) {
  const testsIndex = path.join(projectRoot, 'out', 'test', testsDir, 'index.js');
  if (!existsSync(testsIndex)) throw new Error(`${path.relative(projectRoot, testsIndex)} is missing: build with \`node esbuild.mjs --tests\``);
  const resultsFile = path.join(runDir, `${name}-results.json`);
  // What this session starts is stopped when it ends, or by the signal handlers before that.
  const mark = cleanups.length;
  const port = await freePort();
  try {
    const server = await startCodeServer({
      port,
      userDataDir: path.join(runDir, `${name}-user-data`),
      extensionsDir: path.join(runDir, `${name}-extensions`),
      workspaceTrust: restricted,
      env: { OUTCOME_LENS_TEST_RESULTS: resultsFile, OUTCOME_LENS_TEST_WORKSPACE: workspace, ...env },
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

    // In Restricted Mode, a test opens the Workspace Trust editor and waits: click Trust, as a user would.
    if (restricted) void clickWhenShown(page.locator('.workspace-trust-editor .monaco-button').filter({ hasText: /^Trust$/ }), exited);
    // What only the renderer shows (a tree refresh the view missed stays on screen): the sidebar
    // as a user reads it, handed to a test through a file (see test/restricted).
    if (env.OUTCOME_LENS_TEST_SIDEBAR) void readSidebar(page, env.OUTCOME_LENS_TEST_SIDEBAR);

    const url = workbenchUrl(port, workspace, [['extensionTestsPath', testsIndex.replace(/\.js$/, '')]]);
    console.log(`[integration] ${name}: VS Code server on ${server.url}, workspace ${path.relative(projectRoot, workspace)}${restricted ? ' (Restricted Mode)' : ''}`);
    await page.goto(url);

    let timer;
    const timedOut = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const outcome = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') console.error(`[integration] ${name}: timed out after ${timeoutMs / 1000} s; stopping VS Code`);
    const summary = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : undefined;
    if (!summary) console.error(`[integration] ${name}: the extension host wrote no results (see the log above)`);
    return { summary, ok: outcome === 0 };
  } finally {
    while (cleanups.length > mark) {
      try {
        await cleanups.pop()();
      } catch {
        // Already gone.
      }
    }
  }
}

/**
 * Opens the Outcome Lens container once the workbench is up, waits until the Tickets view lists
 * a ticket, gives it 3 s more to settle, and writes the sidebar's text to `file`.
 */
async function readSidebar(page, file) {
  try {
    const container = page.locator('.part.activitybar a.action-label[aria-label^="Outcome Lens"]');
    await container.waitFor({ timeout: 60_000 });
    await container.click();
    await page.locator('.part.sidebar .monaco-list-row').filter({ hasText: 'PAY-12' }).first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(3000);
    writeFileSync(file, await page.locator('.part.sidebar').innerText());
  } catch (error) {
    writeFileSync(file, `the sidebar could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Clicks `button` each time it shows, until `until` settles. */
async function clickWhenShown(button, until) {
  let done = false;
  void until.then(() => (done = true));
  while (!done) {
    try {
      await button.first().click({ timeout: 1000 });
    } catch {
      // Not shown (yet).
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * The demo workspace with a trap: its repository config makes every git command that reads
 * the index run a program (`core.fsmonitor`), which creates `marker`.
 */
function prepareTrappedWorkspace(target, marker) {
  prepareDemoWorkspace(target);
  const git = (...args) => demoGit(target, ...args);
  // A tracked file that .gitignore matches: git lists it, a walk cannot know it is tracked, so
  // whether it is indexed tells which of the two listed the files.
  mkdirSync(path.join(target, 'generated'), { recursive: true });
  writeFileSync(path.join(target, 'generated', 'client.ts'), '// @outcome KR-3\nexport const generated = true;\n');
  writeFileSync(path.join(target, '.gitignore'), 'generated/\n', { flag: 'a' });
  git('add', '-f', '.gitignore', 'generated/client.ts');
  git('commit', '-q', '-m', 'Generated client, tracked though ignored');
  const hook = path.join(path.dirname(target), 'fsmonitor-hook.sh');
  writeFileSync(hook, `#!/bin/sh\ntouch '${marker}'\n`, { mode: 0o755 });
  git('config', 'core.fsmonitor', hook);
  return target;
}

async function main() {
  ensureSystemPackages();
  ensureCodeServer();
  if (!existsSync(path.join(projectRoot, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run `npm run build`');

  const runDir = path.join(testRoot, 'runs', String(process.pid));
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  cleanups.push(() => rmSync(runDir, { recursive: true, force: true }));

  const sessions = [
    await runSession({ name: 'trusted', testsDir: 'integration', workspace: prepareDemoWorkspace(path.join(runDir, 'workspace')), runDir }),
  ];
  // The Restricted Mode suite: its own session, since a window's trust is fixed when it opens.
  if (!process.env.OUTCOME_LENS_TEST_GREP) {
    const marker = path.join(runDir, 'git-ran');
    const workspace = prepareTrappedWorkspace(path.join(runDir, 'restricted', 'workspace'), marker);
    const sidebar = path.join(runDir, 'restricted', 'sidebar.txt');
    const env = { OUTCOME_LENS_TEST_GIT_MARKER: marker, OUTCOME_LENS_TEST_SIDEBAR: sidebar };
    sessions.push(await runSession({ name: 'restricted', testsDir: 'restricted', workspace, runDir, restricted: true, env }));
  }

  const results = sessions.flatMap((s) => s.summary?.results ?? []);
  const passed = results.filter((r) => r.state === 'passed').length;
  const failed = results.filter((r) => r.state === 'failed').length;
  const skipped = results.filter((r) => r.state === 'pending').length;
  const first = sessions[0]?.summary;
  if (first) console.log(`\n[integration] ran inside VS Code ${first.vscodeVersion} (${first.uiKind} UI, Node extension host)`);
  for (const r of results) console.log(`  ${r.state === 'passed' ? 'ok  ' : r.state === 'failed' ? 'FAIL' : 'skip'} ${r.title}${r.error ? ` — ${r.error}` : ''}`);
  console.log(`integration: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  return sessions.every((s) => s.ok && s.summary) && failed === 0 && passed > 0 ? 0 : 1;
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
