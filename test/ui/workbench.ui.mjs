// UI checks: drive the real VS Code workbench (code-server) in headless Chromium, as a user
// would, assert the text they read, and keep screenshots under test-results/.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
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

const sidebarText = (page) => page.locator('.part.sidebar').innerText();
const expectAll = (where, text, expected) => {
  const missing = expected.filter((e) => !text.includes(e));
  if (missing.length > 0) throw new Error(`${where} lacks ${missing.map((m) => `"${m}"`).join(', ')}:\n${text}`);
};

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
  // The tree fills in as the metrics come in (their rows appear under each outcome): read it
  // until it holds everything, or 20 s have passed.
  const expected = ['OUTCOMES', 'OBJ-1 Customers finish buying without friction', 'KR-1 Raise checkout conversion', 'Checkout conversion', '3.4 % → 4 %', '47.5 % → 55 % · on track'];
  await page
    .waitForFunction((rows) => rows.every((row) => document.querySelector('.part.sidebar')?.innerText.includes(row)), expected, { timeout: 20_000 })
    .catch(() => undefined);
  expectAll('the sidebar', await sidebarText(page), expected);
});

check('a tagged file opens next to the outcome tree', async (page) => {
  await page.keyboard.press('Control+P');
  await page.keyboard.type('cart.ts');
  await page.waitForTimeout(800);
  await page.keyboard.press('Enter');
  await page.locator('.editor-instance .view-lines').filter({ hasText: '@outcome KR-1' }).waitFor({ timeout: 15_000 });
  await page.screenshot({ path: path.join(resultsDir, 'workbench.png') });
});

/** The Outcomes view's rows as the workbench draws them, `label | description`, top to bottom. */
const outcomeRows = (page) =>
  page.evaluate(() => {
    const pane = [...document.querySelectorAll('.part.sidebar .pane')].find((p) => /^outcomes$/i.test(p.querySelector('.pane-header .title')?.textContent?.trim() ?? ''));
    const rows = [...(pane?.querySelectorAll('.monaco-list-row') ?? [])].sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index));
    return rows.map((row) => [row.querySelector('.label-name')?.textContent ?? '', row.querySelector('.label-description')?.textContent ?? ''].join(' | ').trim());
  });

/** The description of the Files row under `outcome` (the next Files row after the outcome's). */
const filesUnder = (rows, outcome) => {
  const at = rows.findIndex((r) => r.startsWith(outcome));
  const files = rows.slice(at + 1).find((r) => r.startsWith('Files |'));
  return at < 0 ? undefined : files;
};

check('a tag typed into a file adds it to that outcome’s Files at once, and undoing takes it out', async (page) => {
  const kr2 = 'KR-2 Cut search latency';
  const waitForFiles = async (expected) => {
    const deadline = Date.now() + 15_000;
    let rows = [];
    while (Date.now() < deadline) {
      rows = await outcomeRows(page);
      if (filesUnder(rows, kr2) === expected) return;
      await page.waitForTimeout(200);
    }
    throw new Error(`the Files row under KR-2 is not "${expected}":\n${rows.join('\n')}`);
  };
  await waitForFiles('Files | 1');
  // cart.ts is open, the cursor on its first line, `// @outcome KR-1`: it now names KR-2 too.
  // No line moves, so nothing else the views show changes (the ticket comment stays on line 14).
  await page.keyboard.press('End');
  await page.keyboard.type(', KR-2');
  await waitForFiles('Files | 2');
  await page.keyboard.press('F1');
  await page.keyboard.type('File: Revert File');
  await page.waitForTimeout(500);
  await page.keyboard.press('Enter');
  await page.locator('.editor-instance .view-line').first().filter({ hasText: '@outcome KR-1' }).waitFor({ timeout: 10_000 });
  await waitForFiles('Files | 1');
  // The lens line above the tag follows too: KR-1 alone again.
  await page.waitForFunction(
    () => [...document.querySelectorAll('.editor-instance .codelens-decoration')].some((lens) => lens.textContent?.includes('KR-1 Raise') && !lens.textContent.includes('KR-2')),
    undefined,
    { timeout: 10_000 },
  );
});

// ── Sidebar views, status bar and walkthrough (issue #6, views) ─────────────────────────────
// Runs after the checks above, with cart.ts open: the This File and Tickets views, the status
// bar item and the Getting Started walkthrough, as a user reads them.
function viewChecks() {

  check('the status bar names the active file’s outcome and status; clicking it shows This File', async (page) => {
    const item = page.locator('.part.statusbar .statusbar-item').filter({ hasText: /KR-1 · / }).first();
    await item.waitFor({ timeout: 20_000 });
    const text = (await item.innerText()).trim();
    if (!/^KR-1 · (on track|at risk|off track)$/.test(text)) throw new Error(`status bar item reads "${text}"`);
    await item.click();
    await page.locator('.part.sidebar .pane-header.expanded').filter({ hasText: /This File/i }).waitFor({ timeout: 10_000 });
  });

  check('This File lists what cart.ts serves and why, with its metric', async (page) => {
    await page.locator('.part.sidebar .monaco-list-row').filter({ hasText: 'tag @outcome KR-1' }).first().waitFor({ timeout: 20_000 });
    await page.locator('.part.sidebar .monaco-list-row').filter({ hasText: 'commit ' }).first().waitFor({ timeout: 20_000 });
    expectAll('the sidebar', await sidebarText(page), [
      'THIS FILE',
      'src/checkout/cart.ts',
      'KR-1 Raise checkout conversion',
      'path src/checkout/',
      'outcomes.yaml:38',
      'tag @outcome KR-1',
      'ticket PAY-31',
      'branch PAY-12-faster-checkout',
      'Checkout conversion',
    ]);
  });

  check('Tickets groups the tickets by outcome, untagged ones apart', async (page) => {
    await page.locator('.part.sidebar .monaco-list-row').filter({ hasText: 'PAY-40' }).first().waitFor({ timeout: 20_000 });
    expectAll('the sidebar', await sidebarText(page), ['TICKETS', 'KR-1 Raise checkout conversion', 'PAY-12', 'PAY-31', 'KR-2 Cut search latency (p95)', 'SRCH-7', 'Untagged', 'PAY-40']);
    // A clean picture for the README: toasts (listed in failure screenshots) are cleared first.
    await page.keyboard.press('F1');
    await page.keyboard.type('Notifications: Clear All Notifications');
    await page.waitForTimeout(500);
    await page.keyboard.press('Enter');
    await page.mouse.move(900, 700);
    await page.screenshot({ path: path.join(resultsDir, 'views.png') });
    // The same three views with the Outcomes view folded, so This File and Tickets show whole.
    await page.locator('.part.sidebar .pane-header').filter({ hasText: /^Outcomes/i }).first().click();
    await page.mouse.move(900, 700);
    await page.screenshot({ path: path.join(resultsDir, 'views-this-file-tickets.png') });
    await page.locator('.part.sidebar .pane-header').filter({ hasText: /^Outcomes/i }).first().click();
  });

  check('the Getting Started walkthrough shows its three steps', async (page) => {
    await page.keyboard.press('F1');
    await page.keyboard.type('Welcome: Open Walkthrough');
    await page.waitForTimeout(500);
    await page.keyboard.press('Enter');
    await page.keyboard.type('Get Started with Outcome Lens');
    await page.waitForTimeout(500);
    await page.keyboard.press('Enter');
    const editor = page.locator('.part.editor');
    await editor.getByText('Create your outcome config').first().waitFor({ timeout: 20_000 });
    expectAll('the walkthrough', await editor.innerText(), ['Get Started with Outcome Lens', 'Create your outcome config', 'Tag a file with an outcome', 'See where it stands']);
    // Its second step, with its picture: the editor needs the room, so the sidebar steps aside.
    await page.keyboard.press('Control+B');
    await editor.getByText('Tag a file with an outcome').first().click();
    await page.waitForTimeout(1500);
    await page.screenshot({ path: path.join(resultsDir, 'walkthrough.png') });
    await page.keyboard.press('Control+B');
  });
}
viewChecks();

// --- Inline: CodeLens and hovers on outcome IDs (the editor-inline part of the UI) ---
function inlineChecks() {
  /** Opens a file by quick open and waits for a line holding `text`; returns that line's locator. */
  async function openAt(page, fileName, text) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+P');
    await page.keyboard.type(fileName);
    await page.waitForTimeout(800);
    await page.keyboard.press('Enter');
    const line = page.locator('.editor-instance .view-line').filter({ hasText: text }).first();
    await line.waitFor({ timeout: 15_000 });
    // Lenses arrive just after the text; hover only once the lines have settled under them.
    await page.locator('.editor-instance .codelens-decoration').first().waitFor({ timeout: 20_000 });
    await page.waitForTimeout(300);
    return line;
  }

  /** Hovers the end of `line` (where the ID is) and returns the visible hover's text. */
  async function hoverEndOf(page, line, expected) {
    // The line's div spans the editor's width; its inner span is as wide as the text.
    const content = line.locator(':scope > span').first();
    const box = await content.boundingBox();
    if (!box) throw new Error('the line is not on screen');
    const text = (await content.innerText()).replace(/\u00a0/g, ' ');
    const end = box.x + (box.width * (text.trimEnd().length - 1.5)) / text.length;
    await page.mouse.move(end - 6, box.y + box.height / 2);
    await page.mouse.move(end, box.y + box.height / 2, { steps: 3 });
    const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: expected }).first();
    await hover.waitFor({ timeout: 10_000 });
    return { hover, text: (await hover.innerText()).replace(/\u00a0/g, ' ') };
  }

  check('a tagged file shows its outcome as a CodeLens above the tag', async (page) => {
    await openAt(page, 'cart.ts', '@outcome KR-1');
    const lens = page.locator('.editor-instance .codelens-decoration').filter({ hasText: 'KR-1 Raise checkout conversion' }).first();
    await lens.waitFor({ timeout: 20_000 });
    const text = (await lens.innerText()).replace(/\u00a0/g, ' ').trim();
    if (!/^KR-1 Raise checkout conversion · 3\.4 % of 4 % · (on track|at risk|off track)$/.test(text)) throw new Error(`CodeLens reads "${text}"`);
  });

  check('hovering an outcome ID shows its status, progress, owner and a link to its config entry', async (page) => {
    const line = await openAt(page, 'cart.ts', '@outcome KR-1');
    const { text } = await hoverEndOf(page, line, 'Raise checkout conversion');
    for (const expected of ['KR-1 Raise checkout conversion', 'Progress', 'Checkout conversion 3.4 % of 4 % from 3.1 %', 'Owner: @payments', 'Due: 2027-03-31', 'Open in outcomes.yaml', 'PAY-12']) {
      if (!text.includes(expected)) throw new Error(`hover lacks "${expected}":\n${text}`);
    }
    await page.waitForTimeout(400); // the hover fades in
    await page.screenshot({ path: path.join(resultsDir, 'codelens-hover.png') });
    await page.mouse.move(900, 780);
  });

  check('the hover draws the metric trend as an image', async (page) => {
    const line = await openAt(page, 'ranking.py', '@outcome KR-2');
    const { hover, text } = await hoverEndOf(page, line, 'Cut search latency');
    if (!text.includes('Search p95 latency 630 ms of 400 ms from 850 ms')) throw new Error(`hover lacks the metric:\n${text}`);
    const chart = hover.locator('img[src^="data:image/svg+xml"]').first();
    await chart.waitFor({ timeout: 5_000 });
    const size = await chart.evaluate((img) => [img.naturalWidth, img.naturalHeight]);
    if (size[0] !== 160 || size[1] !== 36) throw new Error(`the trend chart did not render (natural size ${size.join('×')})`);
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(resultsDir, 'hover-trend.png') });
    await page.mouse.move(900, 780);
  });
}

inlineChecks();

// Last: the report's webview keeps keyboard focus, which the editor checks above rely on.
/* global document, getComputedStyle -- used in callbacks Playwright runs in the page */
check('Show Outcome Report opens a styled report of the uncommitted work', async (page) => {
  // The demo has one branch and no main: the suggested base is HEAD, so the report shows the
  // working tree's changes. One new file under src/search/ serves KR-2.
  writeFileSync(path.join(workspacePath, 'src/search/boost.py'), '# Boost exact matches.\nBOOST = 2\n');
  await page.keyboard.press('F1');
  await page.keyboard.type('Outcome Lens: Show Outcome Report');
  await page.waitForTimeout(500);
  await page.keyboard.press('Enter');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 10_000 });
  await page.waitForFunction(() => document.querySelector('.quick-input-widget input')?.value === 'HEAD', undefined, { timeout: 10_000 });
  await page.keyboard.press('Enter');
  let report;
  for (let i = 0; i < 100 && !report; i++) {
    for (const frame of page.frames()) {
      if ((await frame.locator('h1').first().textContent({ timeout: 100 }).catch(() => null)) === 'Outcome report') report = frame;
    }
    if (!report) await page.waitForTimeout(200);
  }
  if (!report) throw new Error('no webview showing the outcome report');
  const text = await report.locator('body').innerText();
  for (const expected of ['Changes since HEAD', '1 file changed', 'Cut search latency (p95)', 'src/search/boost.py', 'Search p95 latency']) {
    if (!text.includes(expected)) throw new Error(`report lacks "${expected}":\n${text}`);
  }
  // The nonce'd style block applied under the strict CSP (unstyled, a status would be plain text).
  const weight = await report.locator('.status').first().evaluate((el) => getComputedStyle(el).fontWeight);
  if (weight !== '600') throw new Error(`the report's styles did not apply (status font-weight ${weight})`);
  if ((await report.locator('.trend svg').count()) === 0) throw new Error('no trend chart');
  await page.screenshot({ path: path.join(resultsDir, 'report.png') });
  rmSync(path.join(workspacePath, 'src/search/boost.py'), { force: true });
});

let workspacePath = '';

async function main() {
  ensureSystemPackages();
  rmSync(resultsDir, { recursive: true, force: true });
  mkdirSync(resultsDir, { recursive: true });
  const runDir = path.join(testRoot, 'ui-run');
  const workspace = prepareDemoWorkspace(path.join(runDir, 'workspace'));
  workspacePath = workspace;
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
