// `npm run demo`: opens the demo workspace in VS Code with Outcome Lens loaded from this checkout.
// With a desktop `code` on PATH it uses that; otherwise it serves a real VS Code (code-server)
// on 127.0.0.1 and prints the URL to open in a browser.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { prepareDemoWorkspace } from './demoWorkspace.mjs';
import { ensureSystemPackages } from './systemPackages.mjs';
import { projectRoot, startCodeServer, testRoot, workbenchUrl } from './vscodeServer.mjs';

const workspace = prepareDemoWorkspace(path.join(testRoot, 'demo-workspace'));
const hasDesktopCode = spawnSync('sh', ['-c', 'command -v code'], { stdio: 'ignore' }).status === 0 && !process.env.OUTCOME_LENS_DEMO_SERVER;

if (hasDesktopCode) {
  console.log(`[demo] opening ${workspace} in VS Code with --extensionDevelopmentPath=${projectRoot}`);
  spawn('code', [`--extensionDevelopmentPath=${projectRoot}`, workspace], { stdio: 'inherit' });
} else {
  ensureSystemPackages();
  const port = Number(process.env.PORT ?? 3210);
  const server = await startCodeServer({
    port,
    userDataDir: path.join(testRoot, 'demo-user-data'),
    extensionsDir: path.join(testRoot, 'demo-extensions'),
  });
  const url = workbenchUrl(port, workspace);
  console.log(`\nOutcome Lens demo is running in VS Code (code-server) — open this URL in a browser:\n\n  ${url}\n\nPress Ctrl+C to stop.`);
  const stop = () => {
    server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.child.once('exit', () => process.exit(0));
}
