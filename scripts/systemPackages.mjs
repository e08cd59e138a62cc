// Makes sure the Debian packages the tests and the demo need are present. As root on Debian it
// installs what is missing with apt-get; elsewhere it prints the exact packages and fails.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** What each package gives us, and how we tell it is there. */
const required = [
  { pkg: 'chromium', why: 'headless browser for the VS Code workbench', present: () => existsSync('/usr/bin/chromium') },
  { pkg: 'fonts-liberation', why: 'fonts for screenshots', present: () => existsSync('/usr/share/fonts/truetype/liberation') },
  { pkg: 'ripgrep', why: 'rg, which the VS Code server needs', present: () => hasCommand('rg') },
  { pkg: 'git', why: 'history and tests', present: () => hasCommand('git') },
  { pkg: 'prometheus', why: 'metric tests against a real Prometheus', present: () => existsSync('/usr/bin/prometheus') },
  { pkg: 'pkg-config', why: 'native module build of the VS Code server', present: () => hasCommand('pkg-config') },
  { pkg: 'libkrb5-dev', why: 'native module build of the VS Code server', present: () => existsSync('/usr/include/krb5.h') || existsSync('/usr/include/krb5/krb5.h') },
];

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

export function missingPackages() {
  return required.filter((r) => !r.present());
}

export function ensureSystemPackages({ quiet = false } = {}) {
  const missing = missingPackages();
  if (missing.length === 0) return;
  const names = missing.map((m) => m.pkg);
  const canInstall = process.getuid?.() === 0 && hasCommand('apt-get');
  if (!canInstall) {
    console.error('Outcome Lens needs these Debian/Ubuntu packages, which are missing:');
    for (const m of missing) console.error(`  ${m.pkg.padEnd(18)} ${m.why}`);
    console.error(`Install them with:\n  sudo apt-get install -y ${names.join(' ')}`);
    process.exit(1);
  }
  if (!quiet) console.log(`[setup] installing Debian packages: ${names.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-q'], { stdio: quiet ? 'ignore' : 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...names], { stdio: quiet ? 'ignore' : 'inherit', env });
  const still = missingPackages();
  if (still.length > 0) {
    console.error(`[setup] still missing after apt-get: ${still.map((m) => m.pkg).join(' ')}`);
    process.exit(1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) ensureSystemPackages();
