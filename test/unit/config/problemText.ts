// Test helper: problems as `line:column-endLine:endColumn severity code: message`, one string each.
import type { OutcomeModel, Problem } from '../../../src/core/config/model';
import { parseOutcomes } from '../../../src/core/config/loader';

export const configFile = '/ws/outcomes.yaml';

export function describeProblem(p: Problem): string {
  const { start, end } = p.range;
  return `${start.line}:${start.column}-${end.line}:${end.column} ${p.severity} ${p.code}: ${p.message}`;
}

export function parse(lines: readonly string[] | string): OutcomeModel {
  return parseOutcomes(typeof lines === 'string' ? lines : lines.join('\n') + '\n', configFile, '/ws');
}

export function problemsOf(lines: readonly string[] | string): string[] {
  return parse(lines).problems.map(describeProblem);
}
