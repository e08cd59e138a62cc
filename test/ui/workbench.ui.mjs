// UI checks: drive the real VS Code workbench (code-server) in headless Chromium, as a user
// would, assert the text they read, and keep screenshots under test-results/.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { prepareDemoWorkspace } from '../../scripts/demoWorkspace.mjs';
import { ensureSystemPackages } from '../../scripts/systemPackages.mjs';
import { freePort, launchBrowser, projectRoot, startCodeServer, testRoot, workbenchUrl } from '../../scripts/vscodeServer.mjs';

const resultsDir = path.join(projectRoot, 'test-results');
const deadline = setTimeout(() => {
  console.error('[ui] timed out after 5 min');
  process.exit(1);
}, 5 * 60_000);

const checks = [];
function check(title, fn) {
  checks.push({ title, fn });
}

check('the Outcome Lens container shows the outcome tree', async (page) => {
  await page.click('.part.activitybar [aria-label^="Outcome Lens"]');
  // Widen the sidebar the way a user would (drag its edge) so descriptions are readable.
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  if (sidebar) {
    const x = sidebar.x + sidebar.width;
    await page.mouse.move(x, 400);
    await page.mouse.down();
    await page.mouse.move(x + 230, 400, { steps: 8 });
    await page.mouse.up();
    await page.mouse.move(900, 700);
  }
  const rows = page.locator('.part.sidebar .monaco-list-row .label-name');
  await rows.filter({ hasText: 'OBJ-1' }).first().waitFor({ timeout: 20_000 });
  const text = await page.locator('.part.sidebar').innerText();
  for (const expected of ['OUTCOMES', 'OBJ-1 Customers finish buying without friction', 'KR-1 Raise checkout conversion', 'Checkout conversion', '3.4 % → 4 %', '47.5 % → 55 % · on track']) {
    if (!text.includes(expected)) throw new Error(`sidebar lacks "${expected}":\n${text}`);
  }
});

check('a tagged file opens next to the outcome tree', async (page) => {
  await page.keyboard.press('Control+P');
  await page.keyboard.type('cart.ts');
  await page.waitForTimeout(800);
  await page.keyboard.press('Enter');
  await page.locator('.editor-instance .view-lines').filter({ hasText: '@outcome KR-1' }).waitFor({ timeout: 15_000 });
  await page.screenshot({ path: path.join(resultsDir, 'workbench.png') });
});

async function main() {
  ensureSystemPackages();
  rmSync(resultsDir, { recursive: true, force: true });
  mkdirSync(resultsDir, { recursive: true });
  const runDir = path.join(testRoot, 'ui-run');
  const workspace = prepareDemoWorkspace(path.join(runDir, 'workspace'));
  const port = await freePort();
  const server = await startCodeServer({ port, userDataDir: path.join(runDir, 'user-data'), extensionsDir: path.join(runDir, 'extensions') });
  const browser = await launchBrowser();
  let passed = 0;
  let failed = 0;
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    await page.goto(workbenchUrl(port, workspace));
    await page.waitForSelector('.part.activitybar [aria-label^="Outcome Lens"]', { timeout: 60_000 });
    for (const { title, fn } of checks) {
      try {
        await fn(page);
        passed++;
        console.log(`  ok   ${title}`);
      } catch (error) {
        failed++;
        console.log(`  FAIL ${title} — ${error instanceof Error ? error.message : error}`);
        const name = title.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
        await page.screenshot({ path: path.join(resultsDir, `failed-${name}.png`) }).catch(() => undefined);
      }
    }
  } finally {
    await browser.close().catch(() => undefined);
    server.stop();
    rmSync(runDir, { recursive: true, force: true });
  }
  console.log(`ui: ${passed} passed, ${failed} failed (screenshots in test-results/)`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

main()
  .then((code) => {
    clearTimeout(deadline);
    process.exit(code);
  })
  .catch((error) => {
    console.error(`[ui] ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
