// Ticket patterns for the ripgrep pre-filter. A ticket pattern is a JavaScript regular
// expression, applied by the scanner to a file's whole text; ripgrep's own syntax (Rust's regex
// crate) differs. The pre-filter may name too many files but never too few, so a pattern is
// translated only when every part of it means the same or more in ripgrep, line by line:
//   - literals, classes without negation (`[A-Z0-9_]`), `\d` and `\w` (Unicode in rg:
//     more), groups, alternation and quantifiers: as they are;
//   - `^`, `$`, `\b`, `\B`: dropped (an assertion left out only lets more through);
//   - anything else (`.`, negated classes, `\s`, `\n`, lookaround, back-references, …), which could
//     match across a line break or means something else in Rust: no translation, and the
//     pre-filter is not used (every file is read).
// None of the accepted parts can match a line break, so a match in the text is a match on one
// line, which is what ripgrep looks at.

/** ripgrep's spelling of the JavaScript `source`, or `undefined` when it cannot be trusted to match at least as much. */
export function ripgrepPattern(source: string): string | undefined {
  let out = '';
  let at = 0;
  while (at < source.length) {
    const char = source.charAt(at);
    if (char === '\\') {
      const next = source.charAt(at + 1);
      if (next === 'd' || next === 'w') out += `\\${next}`;
      else if (next === 'b' || next === 'B') out += '';
      else if (isAsciiPunctuation(next)) out += literal(next);
      else return undefined;
      at += 2;
    } else if (char === '[') {
      const end = classEnd(source, at);
      if (end === undefined) return undefined;
      const inner = translateClass(source.slice(at + 1, end));
      if (inner === undefined) return undefined;
      out += `[${inner}]`;
      at = end + 1;
    } else if (char === '(') {
      if (source.startsWith('(?:', at)) {
        out += '(?:';
        at += 3;
      } else if (source.startsWith('(?<', at) && /^\(\?<[A-Za-z_$][\w$]*>/.test(source.slice(at))) {
        // A named group only captures: as a plain group it matches the same.
        at = source.indexOf('>', at) + 1;
        out += '(?:';
      } else if (source.charAt(at + 1) === '?') {
        return undefined;
      } else {
        out += '(';
        at += 1;
      }
    } else if (char === '{') {
      const quantifier = /^\{\d+(,\d*)?\}/.exec(source.slice(at))?.[0];
      // Without the `u` flag, a brace that does not start a quantifier is a literal brace.
      out += quantifier ?? literal(char);
      at += quantifier?.length ?? 1;
    } else if (char === '^' || char === '$') {
      at += 1;
    } else if (char === ')' || char === '|' || char === '*' || char === '+' || char === '?') {
      out += char;
      at += 1;
    } else if (char === '.' || isControl(char)) {
      // `.`: one UTF-16 unit here, one valid UTF-8 character in ripgrep; not the same on
      // invalid bytes, which the scanner reads as U+FFFD.
      return undefined;
    } else {
      out += literal(char);
      at += 1;
    }
  }
  return out;
}

/** A literal string as a ripgrep pattern (for literal needles searched next to translated patterns). */
export function ripgrepLiteral(text: string): string {
  return [...text].map(literal).join('');
}

/** The index of the `]` closing the class opened at `start`, honouring escapes. */
function classEnd(source: string, start: number): number | undefined {
  for (let at = start + 1; at < source.length; at++) {
    const char = source.charAt(at);
    if (char === '\\') at++;
    else if (char === ']') return at;
  }
  return undefined;
}

/** A class body without its brackets; no negation and nothing that could match a line break. */
function translateClass(body: string): string | undefined {
  if (body === '' || body.startsWith('^')) return undefined;
  // Items first: a `-` makes a range only between two single characters; next to `\d` (or at
  // either end) it is a literal dash, in JavaScript as in what is written out here.
  const items: ({ kind: 'char'; char: string } | { kind: 'class'; text: string } | { kind: 'dash' })[] = [];
  for (let at = 0; at < body.length; at++) {
    const char = body.charAt(at);
    if (char === '\\') {
      const next = body.charAt(at + 1);
      if (next === 'd' || next === 'w') items.push({ kind: 'class', text: `\\${next}` });
      else if (isAsciiPunctuation(next)) items.push({ kind: 'char', char: next });
      else return undefined;
      at++;
    } else if (char === '-') {
      items.push({ kind: 'dash' });
    } else if (isControl(char)) {
      return undefined;
    } else {
      items.push({ kind: 'char', char });
    }
  }
  let out = '';
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item?.kind === 'char') out += literal(item.char);
    else if (item?.kind === 'class') out += item.text;
    else {
      const before = items[i - 1];
      const after = items[i + 1];
      // `[--0]` is a range from the dash: rare enough to leave to reading every file.
      if (before?.kind === 'dash' || after?.kind === 'dash') return undefined;
      // After a range (`a-z-0`), a dash is literal too.
      const range = before?.kind === 'char' && after?.kind === 'char' && items[i - 2]?.kind !== 'dash';
      out += range ? '-' : literal('-');
    }
  }
  return out;
}

/** One character as a literal in ripgrep's syntax: letters and digits as they are, the rest escaped by code point. */
function literal(char: string): string {
  if (/^[A-Za-z0-9_]$/.test(char)) return char;
  const code = char.codePointAt(0) ?? 0;
  return code < 0x80 || /^[\p{L}\p{N}]$/u.test(char) === false ? `\\x{${code.toString(16)}}` : char;
}

function isAsciiPunctuation(char: string): boolean {
  return /^[!-/:-@[-`{-~]$/.test(char);
}

function isControl(char: string): boolean {
  const code = char.charCodeAt(0);
  return code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029;
}
