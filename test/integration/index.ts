// Entry point the extension host loads for the integration tests, under both runners
// (code-server + Chromium here, @vscode/test-electron on desktops). It runs mocha inside the
// real extension host and, when the runner asks for it, writes a JSON summary of the results.
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import Mocha from 'mocha';

interface TestResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  error?: string;
}

function testFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js'))
    .sort()
    .map((f) => path.join(dir, f));
}

export function run(): Promise<void> {
  return runTests(__dirname);
}

/** Runs the `*.test.js` files under `dir` (the Restricted Mode suite reuses this with its own). */
export function runTests(dir: string): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: 'spec', forbidOnly: true });
  const grep = process.env['OUTCOME_LENS_TEST_GREP'];
  if (grep) mocha.grep(grep);
  for (const file of testFiles(dir)) mocha.addFile(file);

  const results: TestResult[] = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const summaryPath = process.env['OUTCOME_LENS_TEST_RESULTS'];
      if (summaryPath) {
        writeFileSync(
          summaryPath,
          JSON.stringify({ vscodeVersion: vscode.version, uiKind: vscode.UIKind[vscode.env.uiKind], results }, null, 2),
        );
      }
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
    runner.on('pass', (test) => results.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration ?? 0 }));
    runner.on('fail', (test, error: Error) =>
      results.push({ title: test.fullTitle(), state: 'failed', durationMs: test.duration ?? 0, error: error.message }),
    );
    runner.on('pending', (test) => results.push({ title: test.fullTitle(), state: 'pending', durationMs: 0 }));
  });
}
