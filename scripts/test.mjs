// `npm test`: lint, typecheck, unit tests (plain Node), integration tests (inside a real
// VS Code) UI checks (the real workbench in headless Chromium) and the packaged .vsix. Installs what the machine lacks first. Every step runs; the exit code is non-zero
// if any failed, and the last line totals the tests run.
import { spawnSync } from 'node:child_process';
import { ensureSystemPackages } from './systemPackages.mjs';

const npx = (bin, ...args) => ['npx', '--no-install', bin, ...args];
const steps = [
  { name: 'lint', cmd: npx('eslint', '.', '--max-warnings', '0') },
  { name: 'typecheck', cmd: npx('tsc', '--noEmit', '-p', '.') },
  { name: 'build', cmd: ['node', 'esbuild.mjs', '--tests'] },
  { name: 'unit', cmd: npx('mocha'), count: 'mocha' },
  { name: 'integration', cmd: ['node', 'scripts/runIntegration.mjs'], count: 'integration' },
  { name: 'ui', cmd: ['node', 'test/ui/workbench.ui.mjs'], count: 'ui' },
  { name: 'package', cmd: ['node', 'scripts/checkPackage.mjs'], count: 'package' },
];

function run(step) {
  console.log(`\n── ${step.name} ${'─'.repeat(Math.max(0, 60 - step.name.length))}`);
  const started = Date.now();
  // Output is both shown and kept, to total the test counts at the end.
  const result = spawnSync(step.cmd[0], step.cmd.slice(1), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  process.stdout.write(result.stdout ?? '');
  process.stderr.write(result.stderr ?? '');
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = result.status === 0;
  console.log(`── ${step.name}: ${ok ? 'ok' : `FAILED (exit ${result.status ?? result.signal})`} in ${seconds} s`);
  let passed = 0;
  let failed = 0;
  const out = result.stdout ?? '';
  if (step.count === 'mocha') {
    passed = Number(/(\d+) passing/.exec(out)?.[1] ?? 0);
    failed = Number(/(\d+) failing/.exec(out)?.[1] ?? 0);
  } else if (step.count === 'integration' || step.count === 'ui' || step.count === 'package') {
    const m = new RegExp(`${step.count}: (\\d+) passed, (\\d+) failed`).exec(out);
    passed = Number(m?.[1] ?? 0);
    failed = Number(m?.[2] ?? 0);
  }
  if (!ok && step.count && failed === 0) failed = 1;
  return { ok, passed, failed };
}

ensureSystemPackages();
let passed = 0;
let failed = 0;
const failedSteps = [];
for (const step of steps) {
  const r = run(step);
  passed += r.passed;
  failed += r.failed;
  if (!r.ok) failedSteps.push(step.name);
}
console.log(`\n${failedSteps.length === 0 ? 'All steps passed.' : `Failed steps: ${failedSteps.join(', ')}`}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failedSteps.length === 0 ? 0 : 1);
