// How comments and strings look in each language, as far as finding tags needs: where a
// comment starts and ends, and which string literals to step over so that a `//` or an
// `@outcome` inside a string is not read as a comment. Deliberately approximate (no full
// lexers); where a language is ambiguous the table errs towards keeping damage to one line.

/** Where an opener counts, judged by what precedes it. */
export type OpenerContext =
  /** Only indentation before it on its line (`REM`, Ruby's `=begin`, Python docstrings). */
  | 'lineStart'
  /** At a word start: line start, whitespace or `;|&()` before it (shell `#`, not `$#` or `${#x}`). */
  | 'wordStart'
  /** Not escaped with a backslash (TeX `\%`). */
  | 'notEscaped'
  /** Starts a value: only whitespace or `:`, `-`, `[`, `{`, `,`, `=` before it on its line (YAML quotes, not "don't"). */
  | 'valueStart'
  /** Not right after an identifier or closing bracket (MATLAB's `a'` is a transpose). */
  | 'notAfterOperand';

interface DelimiterBase {
  open: string;
  context?: OpenerContext;
  /** Matches `REM` and `rem`. */
  caseInsensitive?: boolean;
  /** The opener must not run into a word (`REM` but not `REMARK`). */
  wholeWord?: boolean;
}

export interface LineComment extends DelimiterBase {
  kind: 'line';
}

export interface BlockComment extends DelimiterBase {
  kind: 'block';
  close: string;
  /** Inner openers need their own closers (Rust, Haskell, OCaml, Swift, Kotlin, Scala). */
  nests?: boolean;
}

export interface StringLiteral extends DelimiterBase {
  kind: 'string';
  close: string;
  escape?: string;
  /** Otherwise an unterminated string ends at the line end, limiting a misread to one line. */
  multiline?: boolean;
  /** A character literal (`'a'`, `'\n'`): anything longer is a lifetime, prime or quote. */
  charLiteral?: boolean;
}

export type Delimiter = LineComment | BlockComment | StringLiteral;

export interface CommentSyntax {
  name: string;
  delimiters: readonly Delimiter[];
}

const line = (open: string, extra: Partial<LineComment> = {}): LineComment => ({ kind: 'line', open, ...extra });
const block = (open: string, close: string, extra: Partial<BlockComment> = {}): BlockComment => ({ kind: 'block', open, close, ...extra });
const quoted = (open: string, extra: Partial<StringLiteral> = {}): StringLiteral => ({ kind: 'string', open, close: open, escape: '\\', ...extra });
const rawString = (open: string, close = open, extra: Partial<StringLiteral> = {}): StringLiteral => ({ kind: 'string', open, close, multiline: true, ...extra });

const slashComments = [line('//'), block('/*', '*/')];
const nestedSlashComments = [line('//'), block('/*', '*/', { nests: true })];
const quoteStrings = [quoted('"'), quoted("'")];
const htmlComment = block('<!--', '-->');
/** Triple-quoted strings at the start of a statement are docstrings: read them as comments. */
const docstrings = (quotes: readonly string[]): Delimiter[] =>
  quotes.flatMap((q) => [block(q, q, { context: 'lineStart' }), rawString(q, q, { escape: '\\' })]);

function syntax(name: string, ...delimiters: Delimiter[]): CommentSyntax {
  return { name, delimiters };
}

const cLike = syntax('c-like', ...slashComments, ...quoteStrings);
const javascript = syntax('javascript', ...slashComments, ...quoteStrings, rawString('`', '`', { escape: '\\' }));
const go = syntax('go', ...slashComments, ...quoteStrings, rawString('`'));
const rust = syntax('rust', ...nestedSlashComments, quoted('"', { multiline: true }), quoted("'", { charLiteral: true }));
const swift = syntax('swift', ...nestedSlashComments, rawString('"""', '"""', { escape: '\\' }), quoted('"'));
const kotlin = syntax('kotlin', ...nestedSlashComments, rawString('"""'), ...quoteStrings);
const scala = syntax('scala', ...nestedSlashComments, rawString('"""'), quoted('"'), quoted("'", { charLiteral: true }));
const dart = syntax('dart', ...nestedSlashComments, rawString("'''", "'''", { escape: '\\' }), rawString('"""', '"""', { escape: '\\' }), ...quoteStrings);
const php = syntax('php', ...slashComments, line('#'), htmlComment, quoted('"', { multiline: true }), quoted("'", { multiline: true }));
const css = syntax('css', block('/*', '*/'), ...quoteStrings);
const scss = syntax('scss', ...slashComments, ...quoteStrings);
const markupWithScript = syntax('markup-with-script', htmlComment, ...slashComments, ...quoteStrings, rawString('`', '`', { escape: '\\' }));
const razor = syntax('razor', block('@*', '*@'), htmlComment, ...slashComments, quoted('"'));
const hcl = syntax('hcl', line('#'), ...slashComments, quoted('"'));
const nix = syntax('nix', line('#'), block('/*', '*/'), quoted('"', { multiline: true }), rawString("''"));

const python = syntax('python', line('#'), ...docstrings(['"""', "'''"]), ...quoteStrings);
const julia = syntax('julia', block('#=', '=#', { nests: true }), line('#'), ...docstrings(['"""']), quoted('"'));
const shell = syntax('shell', line('#', { context: 'wordStart' }), quoted('"'), rawString("'", "'", { multiline: false }));
const powershell = syntax('powershell', block('<#', '#>'), line('#'), quoted('"', { escape: '`' }), rawString("'", "'", { multiline: false }));
const ruby = syntax('ruby', block('=begin', '=end', { context: 'lineStart' }), line('#'), ...quoteStrings);
const perl = syntax('perl', block('=pod', '=cut', { context: 'lineStart' }), line('#', { context: 'wordStart' }), ...quoteStrings);
const elixir = syntax('elixir', line('#'), rawString('"""', '"""', { escape: '\\' }), ...quoteStrings);
const nim = syntax('nim', block('#[', ']#', { nests: true }), line('#'), rawString('"""'), quoted('"'));
const coffeescript = syntax('coffeescript', block('###', '###'), line('#'), rawString('"""'), ...quoteStrings);
const hashOnly = syntax('hash', line('#', { context: 'wordStart' }), quoted('"', { context: 'valueStart' }), rawString("'", "'", { multiline: false, context: 'valueStart' }));
const hashAtLineStart = syntax('hash-line-start', line('#', { context: 'lineStart' }), line('!', { context: 'lineStart' }));
const ini = syntax('ini', line(';', { context: 'lineStart' }), line('#', { context: 'lineStart' }));
const r = syntax('r', line('#'), ...quoteStrings);

const sql = syntax('sql', line('--'), block('/*', '*/'), rawString("'", "'", { multiline: true }), rawString('"', '"', { multiline: false }));
const lua = syntax(
  'lua',
  block('--[==[', ']==]'),
  block('--[=[', ']=]'),
  block('--[[', ']]'),
  line('--'),
  rawString('[[', ']]'),
  ...quoteStrings,
);
const haskell = syntax('haskell', block('{-', '-}', { nests: true }), line('--'), quoted('"'), quoted("'", { charLiteral: true, context: 'notAfterOperand' }));
const dashDash = syntax('dash-dash', line('--'), quoted('"'));

const lisp = syntax('lisp', block('#|', '|#', { nests: true }), line(';'), quoted('"', { multiline: true }));
const clojure = syntax('clojure', line(';'), quoted('"', { multiline: true }));
const assembly = syntax('assembly', line(';'), line('#', { context: 'lineStart' }), line('//'), quoted('"'));

const tex = syntax('tex', line('%', { context: 'notEscaped' }));
const erlang = syntax('erlang', line('%'), quoted('"'));
const matlab = syntax('matlab', block('%{', '%}', { context: 'lineStart' }), line('%'), quoted('"'), rawString("'", "'", { multiline: false, context: 'notAfterOperand' }));
const prolog = syntax('prolog', line('%'), block('/*', '*/'), ...quoteStrings);

const markup = syntax('markup', htmlComment);
const ocaml = syntax('ocaml', block('(*', '*)', { nests: true }), quoted('"', { multiline: true }), quoted("'", { charLiteral: true, context: 'notAfterOperand' }));
const fsharp = syntax('fsharp', block('(*', '*)', { nests: true }), line('//'), rawString('"""'), quoted('"'), quoted("'", { charLiteral: true, context: 'notAfterOperand' }));
const pascal = syntax('pascal', line('//'), block('(*', '*)'), block('{', '}'), rawString("'", "'", { multiline: false }));
const mathematica = syntax('mathematica', block('(*', '*)', { nests: true }), quoted('"', { multiline: true }));

const batch = syntax(
  'batch',
  line('REM', { context: 'lineStart', caseInsensitive: true, wholeWord: true }),
  line('@REM', { context: 'lineStart', caseInsensitive: true, wholeWord: true }),
  line('::', { context: 'lineStart' }),
);
const visualBasic = syntax('visual-basic', line("'"), line('REM', { context: 'lineStart', caseInsensitive: true, wholeWord: true }), rawString('"', '"', { multiline: false }));
const fortran = syntax('fortran', line('!'), ...quoteStrings);

/**
 * For files we do not recognise: the common comment forms, with `//` and `#` only at a word
 * start so that URLs and `a#b` stay text, and double-quoted strings stepped over.
 */
export const defaultCommentSyntax = syntax(
  'default',
  block('/*', '*/'),
  htmlComment,
  line('//', { context: 'wordStart' }),
  line('#', { context: 'wordStart' }),
  rawString('"', '"', { multiline: false, escape: '\\' }),
);

const byLanguageId: Record<string, CommentSyntax> = {
  c: cLike, cpp: cLike, 'cuda-cpp': cLike, 'objective-c': cLike, 'objective-cpp': cLike, java: cLike, csharp: cLike,
  groovy: cLike, proto: cLike, proto3: cLike, hlsl: cLike, glsl: cLike, verilog: cLike, systemverilog: cLike,
  json: cLike, jsonc: cLike, json5: cLike, zig: cLike, solidity: cLike, d: cLike,
  javascript, javascriptreact: javascript, typescript: javascript, typescriptreact: javascript,
  go, rust, swift, kotlin, scala, dart, php, css, scss, less: scss, sass: scss, stylus: scss,
  vue: markupWithScript, svelte: markupWithScript, astro: markupWithScript, razor, aspnetcorerazor: razor,
  terraform: hcl, hcl, nix,
  python, julia, shellscript: shell, zsh: shell, fish: shell, powershell, ruby, perl, perl6: perl, raku: perl,
  elixir, nim, coffeescript, r, yaml: hashOnly, dockercompose: hashOnly, toml: hashOnly, makefile: hashOnly,
  dockerfile: hashOnly, cmake: hashOnly, graphql: hashOnly, ignore: hashOnly, gitignore: hashOnly, tcl: hashOnly,
  awk: hashOnly, crystal: ruby, gdscript: python, starlark: python, bazel: python, properties: hashAtLineStart,
  ini, sql, plsql: sql, lua, haskell, elm: haskell, purescript: haskell, ada: dashDash, vhdl: dashDash,
  lisp, commonlisp: lisp, elisp: lisp, scheme: lisp, racket: lisp, clojure, asm: assembly, nasm: assembly,
  latex: tex, tex, bibtex: tex, erlang, matlab, octave: matlab, prolog,
  html: markup, xml: markup, xsl: markup, svg: markup, markdown: markup, mdx: markupWithScript,
  ocaml, fsharp, pascal, delphi: pascal, objectpascal: pascal, mathematica: mathematica, wolfram: mathematica,
  bat: batch, vb: visualBasic, vbscript: visualBasic, fortran, 'fortran-modern': fortran,
};

const extensionToLanguageId: Record<string, string> = {
  c: 'c', h: 'c', cc: 'cpp', cpp: 'cpp', cxx: 'cpp', hpp: 'cpp', hh: 'cpp', hxx: 'cpp', cu: 'cuda-cpp', m: 'objective-c',
  mm: 'objective-cpp', java: 'java', cs: 'csharp', groovy: 'groovy', gradle: 'groovy', proto: 'proto', hlsl: 'hlsl',
  glsl: 'glsl', v: 'verilog', sv: 'systemverilog', json: 'jsonc', jsonc: 'jsonc', json5: 'json5', zig: 'zig', sol: 'solidity',
  js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascriptreact', ts: 'typescript', mts: 'typescript',
  cts: 'typescript', tsx: 'typescriptreact', go: 'go', rs: 'rust', swift: 'swift', kt: 'kotlin', kts: 'kotlin',
  scala: 'scala', sc: 'scala', dart: 'dart', php: 'php', css: 'css', scss: 'scss', less: 'less', sass: 'sass',
  styl: 'stylus', vue: 'vue', svelte: 'svelte', astro: 'astro', cshtml: 'razor', razor: 'razor', tf: 'terraform',
  tfvars: 'terraform', hcl: 'hcl', nix: 'nix', py: 'python', pyi: 'python', pyw: 'python', jl: 'julia', sh: 'shellscript',
  bash: 'shellscript', zsh: 'zsh', fish: 'fish', ps1: 'powershell', psm1: 'powershell', psd1: 'powershell', rb: 'ruby',
  rake: 'ruby', gemspec: 'ruby', pl: 'perl', pm: 'perl', raku: 'raku', ex: 'elixir', exs: 'elixir', nim: 'nim',
  coffee: 'coffeescript', r: 'r', yaml: 'yaml', yml: 'yaml', toml: 'toml', mk: 'makefile', cmake: 'cmake',
  graphql: 'graphql', gql: 'graphql', tcl: 'tcl', awk: 'awk', cr: 'crystal', gd: 'gdscript', bzl: 'starlark',
  star: 'starlark', properties: 'properties', ini: 'ini', cfg: 'ini', sql: 'sql', lua: 'lua', hs: 'haskell',
  lhs: 'haskell', elm: 'elm', purs: 'purescript', adb: 'ada', ads: 'ada', vhd: 'vhdl', vhdl: 'vhdl', lisp: 'lisp',
  lsp: 'lisp', cl: 'commonlisp', el: 'elisp', scm: 'scheme', ss: 'scheme', rkt: 'racket', clj: 'clojure', cljs: 'clojure',
  cljc: 'clojure', edn: 'clojure', asm: 'asm', s: 'asm', nasm: 'nasm', tex: 'latex', sty: 'latex', cls: 'latex',
  bib: 'bibtex', erl: 'erlang', hrl: 'erlang', mat: 'matlab', pro: 'prolog', html: 'html', htm: 'html', xhtml: 'html',
  xml: 'xml', xsd: 'xml', xsl: 'xsl', xslt: 'xsl', svg: 'svg', plist: 'xml', csproj: 'xml', md: 'markdown',
  markdown: 'markdown', mdx: 'mdx', ml: 'ocaml', mli: 'ocaml', fs: 'fsharp', fsi: 'fsharp', fsx: 'fsharp', pas: 'pascal',
  dpr: 'pascal', pp: 'pascal', wl: 'mathematica', nb: 'mathematica', bat: 'bat', cmd: 'bat', vb: 'vb', vbs: 'vbscript',
  bas: 'vb', f: 'fortran', for: 'fortran', f90: 'fortran-modern', f95: 'fortran-modern', f03: 'fortran-modern',
};

const fileNameToLanguageId: Record<string, string> = {
  dockerfile: 'dockerfile', containerfile: 'dockerfile', makefile: 'makefile', gnumakefile: 'makefile',
  'cmakelists.txt': 'cmake', rakefile: 'ruby', gemfile: 'ruby', vagrantfile: 'ruby', podfile: 'ruby',
  jenkinsfile: 'groovy', build: 'starlark', 'build.bazel': 'starlark', workspace: 'starlark', justfile: 'makefile',
  '.gitignore': 'ignore', '.dockerignore': 'ignore', '.gitattributes': 'ignore', '.editorconfig': 'ini', '.env': 'shellscript',
  '.bashrc': 'shellscript', '.bash_profile': 'shellscript', '.zshrc': 'zsh', '.profile': 'shellscript', codeowners: 'ignore',
};

/** The comment syntax for a file: by VS Code language ID first, then by name, then by extension. */
export function commentSyntaxFor(options: { languageId?: string | undefined; fileName?: string | undefined }): CommentSyntax {
  const { languageId, fileName } = options;
  if (languageId !== undefined) {
    const known = lookup(byLanguageId, languageId);
    if (known) return known;
  }
  if (fileName !== undefined) {
    const baseName = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1).toLowerCase();
    const byName = lookup(fileNameToLanguageId, baseName);
    const dot = baseName.lastIndexOf('.');
    const byExtension = dot > 0 ? lookup(extensionToLanguageId, baseName.slice(dot + 1)) : undefined;
    const id = byName ?? byExtension;
    const known = id === undefined ? undefined : lookup(byLanguageId, id);
    if (known) return known;
  }
  return defaultCommentSyntax;
}

/** Own properties only: a file named `constructor` must not find `Object.prototype.constructor`. */
function lookup<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
