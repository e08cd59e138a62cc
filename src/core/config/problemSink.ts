// Collects problems for one config file, turning YAML nodes into ranges on the way.
import { isCollection, isScalar } from 'yaml';
import type { Node } from 'yaml';
import type { Problem, ProblemCode, Severity, SourceRange } from './model';
import { startOfFile } from './positions';
import type { SourceText } from './positions';
import { nodeSpan } from './yamlNodes';

export class ProblemSink {
  readonly problems: Problem[] = [];

  constructor(
    readonly file: string,
    readonly text: SourceText,
  ) {}

  add(severity: Severity, code: ProblemCode, message: string, range: SourceRange, suggestion?: string): void {
    const problem: Problem = { file: this.file, range, severity, message, code };
    if (suggestion !== undefined) problem.suggestion = suggestion;
    this.problems.push(problem);
  }

  error(code: ProblemCode, message: string, range: SourceRange, suggestion?: string): void {
    this.add('error', code, message, range, suggestion);
  }

  warning(code: ProblemCode, message: string, range: SourceRange, suggestion?: string): void {
    this.add('warning', code, message, range, suggestion);
  }

  /** The node's value; an empty value (`title:`) falls back to `fallback`, usually its key. */
  rangeOf(node: Node | null | undefined, fallback?: Node | null): SourceRange {
    const span = node ? nodeSpan(node) : undefined;
    if (span && span[1] > span[0]) return this.text.range(span[0], span[1]);
    if (fallback) return this.rangeOf(fallback);
    return span ? this.text.range(span[0], span[1]) : startOfFile;
  }

  /**
   * Where to report a field missing from a mapping: the mapping's first line. Its start is the
   * mapping's start; underlining a whole outcome (or the whole file) would bury everything else.
   */
  missingFieldRange(mapping: Node): SourceRange {
    const span = nodeSpan(mapping);
    if (!span) return startOfFile;
    if (isCollection(mapping) && mapping.flow) return this.text.range(span[0], span[1]);
    if (isScalar(mapping)) return this.text.range(span[0], span[1]);
    return this.text.firstLineRange(span[0], span[1]);
  }
}
