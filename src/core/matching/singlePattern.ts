// One gitignore pattern, matched the way `git ls-files -i -x PATTERN` matches it: against the
// path itself and against each of its parent folders.
import ignore from 'ignore';
import type { Ignore } from 'ignore';

/**
 * `ignore` memoises every path and parent folder it has seen, forever. That makes folders
 * cheap to re-test, but over a long editor session it would grow without bound, so the
 * instance is replaced after this many lookups.
 */
const lookupsBeforeReset = 20_000;

export class SinglePatternMatcher {
  private matcher: Ignore;
  private lookups = 0;

  /** `body` is a pattern without its negating `!` (see `splitNegation`). */
  constructor(private readonly body: string) {
    this.matcher = this.build();
  }

  /** `path` is relative, `/`-separated and normalised; a trailing `/` marks a directory. */
  matches(path: string): boolean {
    if (++this.lookups > lookupsBeforeReset) {
      this.matcher = this.build();
      this.lookups = 0;
    }
    return this.matcher.ignores(path);
  }

  private build(): Ignore {
    // git compares case-sensitively unless core.ignoreCase is set; `ignore` defaults to the
    // opposite, which would make `Docs/` claim `docs/` on Linux and in CI. The object form
    // keeps a pattern holding a newline as one (never-matching) pattern instead of two.
    return ignore({ ignorecase: false }).add({ pattern: this.body });
  }
}
