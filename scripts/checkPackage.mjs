// Packages the extension as users get it and proves the package is sound: under 1 MB, and
// accepted by a real VS Code (`code-server --install-extension`), with the files it needs.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ensureCodeServer, projectRoot, testRoot } from './vscodeServer.mjs';

const vsix = path.join(projectRoot, 'outcome-lens.vsix');
const checks = [];
function check(title, fn) {
  try {
    fn();
    checks.push(true);
    console.log(`  ok   ${title}`);
  } catch (error) {
    checks.push(false);
    console.log(`  FAIL ${title} — ${error instanceof Error ? error.message : error}`);
  }
}

check('npm run package builds outcome-lens.vsix', () => {
  rmSync(vsix, { force: true });
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: projectRoot, stdio: ['ignore', 'ignore', 'inherit'] });
});
check('the .vsix is under 1 MB', () => {
  const size = statSync(vsix).size;
  console.log(`       ${(size / 1024).toFixed(0)} KB`);
  if (size >= 1024 * 1024) throw new Error(`${size} bytes`);
});
check('a real VS Code (code-server) installs it, with its bundles', () => {
  const extensionsDir = path.join(testRoot, 'package-check');
  rmSync(extensionsDir, { recursive: true, force: true });
  mkdirSync(extensionsDir, { recursive: true });
  const out = execFileSync(process.execPath, [ensureCodeServer(), '--extensions-dir', extensionsDir, '--user-data-dir', path.join(extensionsDir, '.user'), '--install-extension', vsix], { encoding: 'utf8' });
  if (!/successfully installed/.test(out)) throw new Error(out);
  const installed = readdirSync(extensionsDir).find((d) => d.startsWith('outcome-lens.outcome-lens-'));
  if (!installed) throw new Error('no outcome-lens folder after install');
  const dist = readdirSync(path.join(extensionsDir, installed, 'dist')).sort();
  for (const file of ['cli.js', 'configParser.js', 'extension.js', 'outcomes.schema.json', 'scanWorker.js']) if (!dist.includes(file)) throw new Error(`dist/${file} missing; has ${dist.join(', ')}`);
  rmSync(extensionsDir, { recursive: true, force: true });
});

const passed = checks.filter(Boolean).length;
console.log(`package: ${passed} passed, ${checks.length - passed} failed`);
process.exit(passed === checks.length ? 0 : 1);
