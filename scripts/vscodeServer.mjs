// Installs (once, cached under .vscode-test/) and starts a real VS Code server: the
// `code-server` npm package. See shared/VSCODE-TESTING.md for why each step is needed here.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const codeServerVersion = '4.100.3';
export const projectRoot = path.resolve(import.meta.dirname, '..');
export const testRoot = path.join(projectRoot, '.vscode-test');
const installDir = path.join(testRoot, `code-server-${codeServerVersion}`);
const entry = path.join(installDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const marker = path.join(installDir, '.installed');

/**
 * code-server's nested @vscode/ripgrep downloads rg from the internet, which these machines
 * cannot reach; it first looks in a cache under $TMPDIR. A tarball of the system rg there
 * satisfies it. Versions and tags are those its releases ask for.
 */
function primeRipgrepCache(tmpDir) {
  const rg = execFileSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).trim();
  const wanted = [
    ['1.15.9', 'v13.0.0-10'],
    ['1.15.10', 'v13.0.0-10'],
    ['1.15.11', 'v13.0.0-10'],
    ['1.15.13', 'v13.0.0-13'],
    ['1.15.14', 'v13.0.0-13'],
  ];
  for (const [version, tag] of wanted) {
    const dir = path.join(tmpDir, `vscode-ripgrep-cache-${version}`);
    mkdirSync(dir, { recursive: true });
    const tarball = path.join(dir, `ripgrep-${tag}-x86_64-unknown-linux-musl.tar.gz`);
    if (!existsSync(tarball)) execFileSync('tar', ['-czf', tarball, '-C', path.dirname(rg), path.basename(rg)]);
  }
}

export function ensureCodeServer({ log = console.log } = {}) {
  if (existsSync(marker) && existsSync(entry)) return entry;
  log(`[vscode] installing code-server ${codeServerVersion} (VS Code server) into ${path.relative(projectRoot, installDir)} — once, about a minute`);
  rmSync(installDir, { recursive: true, force: true });
  mkdirSync(installDir, { recursive: true });
  const tmpDir = path.join(testRoot, 'tmp');
  mkdirSync(tmpDir, { recursive: true });
  primeRipgrepCache(tmpDir);
  writeFileSync(path.join(installDir, 'package.json'), JSON.stringify({ name: 'vscode-test-server', private: true }) + '\n');
  try {
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `code-server@${codeServerVersion}`], {
      cwd: installDir,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, TMPDIR: tmpDir, npm_config_yes: 'true', npm_config_unsafe_perm: 'true' },
    });
  } catch {
    throw new Error(`code-server ${codeServerVersion} failed to install; see the npm output above`);
  }
  if (!existsSync(entry)) throw new Error(`code-server installed but ${entry} is missing`);
  writeFileSync(marker, new Date().toISOString() + '\n');
  return entry;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts code-server in its own process group on 127.0.0.1. Resolves once it listens.
 * `stop()` ends the whole group (the server and every extension host it spawned).
 * `workspaceTrust`: off by default (every folder trusted); on, a folder opens in Restricted
 * Mode without asking, as an untrusted folder does for a user who dismissed the prompt.
 */
export async function startCodeServer({ port, userDataDir, extensionsDir, env = {}, workspaceTrust = false, log = () => undefined }) {
  const entryPath = ensureCodeServer();
  mkdirSync(userDataDir, { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const settingsDir = path.join(userDataDir, 'User');
  mkdirSync(settingsDir, { recursive: true });
  const settingsFile = path.join(settingsDir, 'settings.json');
  if (!existsSync(settingsFile)) {
    writeFileSync(
      settingsFile,
      JSON.stringify(
        {
          'workbench.startupEditor': 'none',
          'security.workspace.trust.enabled': workspaceTrust,
          'security.workspace.trust.startupPrompt': 'never',
          'extensions.autoUpdate': false,
          'extensions.autoCheckUpdates': false,
          'telemetry.telemetryLevel': 'off',
          'update.mode': 'none',
          'workbench.tips.enabled': false,
          'git.openRepositoryInParentFolders': 'never',
          // The web workbench auto-saves after a second by default; desktop does not. Tests
          // that type into a file and revert it must not find their edits saved to disk.
          'files.autoSave': 'off',
        },
        null,
        2,
      ),
    );
  }
  const child = spawn(
    process.execPath,
    [
      entryPath,
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-getting-started-override',
      ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--user-data-dir', userDataDir,
      '--extensions-dir', extensionsDir,
      '--ignore-last-opened',
    ],
    {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, EXTENSIONS_GALLERY: '{"serviceUrl":""}', ...env },
    },
  );
  let output = '';
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start within 60 s:\n${output}`)), 60_000);
    const onData = (chunk) => {
      const text = chunk.toString();
      output += text;
      log(text);
      if (output.includes('HTTP server listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited (${code}) before listening:\n${output}`));
    });
  });
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  try {
    await ready;
  } catch (error) {
    stop();
    throw error;
  }
  return { child, stop, url: `http://127.0.0.1:${port}` };
}

/** Debian's Chromium, headless, with nothing reaching for the network. */
export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/**
 * The workbench URL that opens `folder` with this checkout (or `extensionPath`) loaded as the
 * extension under development; `extra` payload entries (e.g. extensionTestsPath) are full remote URIs.
 */
export function workbenchUrl(port, folder, extra = [], extensionPath = projectRoot) {
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = [['extensionDevelopmentPath', remote(extensionPath)], ...extra.map(([k, p]) => [k, remote(p)]), ['skipWelcome', 'true']];
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
