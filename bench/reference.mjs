// What the benches print alike: an aligned figure row, a verdict against a goal, and ratios against a saved reference run.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const row = (label, value, goal = '') => `${label.padEnd(44)} ${value.padStart(12)}  ${goal}`;

/** A figure against a goal it must stay under: `goal < 50 ms: met`, or by how much it is not. */
export const belowGoal = (value, goal, unit = 'ms', digits = 0) => `goal < ${goal} ${unit}: ${value < goal ? 'met' : `NOT met (+${(value - goal).toFixed(digits)} ${unit})`}`;

/**
 * Lines comparing `figures` with the reference run saved in `referenceFile` (this / reference,
 * for each of `keys`); on the first run, saves `figures` as that reference instead.
 */
export function compareWithReference({ referenceFile, repo, figures, keys }) {
  if (!existsSync(referenceFile)) {
    writeFileSync(referenceFile, JSON.stringify({ date: new Date().toISOString(), figures }, null, 2) + '\n');
    return ['', `saved as the reference run: ${path.relative(repo, referenceFile)}`];
  }
  const reference = JSON.parse(readFileSync(referenceFile, 'utf8'));
  const lines = ['', `against the reference run of ${reference.date} (this / reference):`];
  for (const key of keys) {
    const before = reference.figures[key];
    // A zero reference has no meaningful ratio; a figure this run did not take has none either.
    if (typeof before === 'number' && before > 0 && Number.isFinite(figures[key])) lines.push(row(`  ${key}`, `${(figures[key] / before).toFixed(2)}x`, `(${before.toFixed(2)} → ${figures[key].toFixed(2)})`));
  }
  return lines;
}
