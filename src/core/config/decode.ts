// Bytes → text for the config file, with the decoding problems a user can act on.
import type { Position } from './model';

export interface DecodeIssue {
  code: 'invalid-utf8' | 'unsupported-encoding';
  message: string;
  position: Position;
}

export interface DecodedText {
  /** Without a byte-order mark: editors do not count it in columns either. */
  text: string;
  issue?: DecodeIssue;
  /** False when the text is not worth parsing (a different encoding altogether). */
  usable: boolean;
}

export function decodeConfig(content: string | Uint8Array): DecodedText {
  if (typeof content === 'string') return { text: content.startsWith('\uFEFF') ? content.slice(1) : content, usable: true };
  if ((content[0] === 0xff && content[1] === 0xfe) || (content[0] === 0xfe && content[1] === 0xff)) {
    return {
      text: '',
      usable: false,
      issue: { code: 'unsupported-encoding', message: 'the file is encoded as UTF-16; save it as UTF-8', position: { line: 1, column: 1 } },
    };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(content), usable: true };
  } catch {
    // Keep going with replacement characters so the valid rest of the file still loads.
    const text = new TextDecoder('utf-8').decode(content);
    const badOffset = firstInvalidUtf8Offset(content);
    let lineStart = 0;
    let line = 1;
    for (let i = 0; i < badOffset; i++) {
      if (content[i] === 0x0a) {
        line++;
        lineStart = i + 1;
      }
    }
    const column = new TextDecoder('utf-8').decode(content.subarray(lineStart, badOffset)).length + 1;
    const byte = (content[badOffset] ?? 0).toString(16).padStart(2, '0');
    return {
      text,
      usable: true,
      issue: { code: 'invalid-utf8', message: `the file is not valid UTF-8 (byte 0x${byte}); save it as UTF-8`, position: { line, column } },
    };
  }
}

/** The offset of the first byte that starts an invalid UTF-8 sequence (WHATWG rules), or the length. */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x80) {
      i++;
      continue;
    }
    let continuationCount: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) continuationCount = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      continuationCount = 2;
      // Overlong encodings and UTF-16 surrogates are invalid.
      if (lead === 0xe0) lower = 0xa0;
      if (lead === 0xed) upper = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      continuationCount = 3;
      if (lead === 0xf0) lower = 0x90;
      if (lead === 0xf4) upper = 0x8f;
    } else return i;
    for (let k = 1; k <= continuationCount; k++) {
      const byte = bytes[i + k];
      if (byte === undefined || byte < lower || byte > upper) return i;
      lower = 0x80;
      upper = 0xbf;
    }
    i += continuationCount + 1;
  }
  return bytes.length;
}
