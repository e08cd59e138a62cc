// A reason as JSON: the shape `explain --json` and `report --json` share (kept stable).
import type { OutcomeReason } from './reasons';

export type JsonReason =
  | { kind: 'path'; pattern: string; configFile: string; line: number }
  | { kind: 'tag'; line: number; column: number }
  | { kind: 'ticket'; ticket: string; line: number; column: number }
  | { kind: 'history'; sha: string; shortSha: string; subject: string; via: 'trailer' | 'ticket'; ticket?: string };

/** `configFile` is the config's path as shown to the user (relative to the root). */
export function reasonToJson(reason: OutcomeReason, configFile: string): JsonReason {
  switch (reason.kind) {
    case 'path':
      return { kind: 'path', pattern: reason.pattern, configFile, line: reason.line };
    case 'tag':
      return { kind: 'tag', line: reason.line, column: reason.column };
    case 'ticket':
      return { kind: 'ticket', ticket: reason.ticket, line: reason.line, column: reason.column };
    case 'history': {
      const json: JsonReason = { kind: 'history', sha: reason.sha, shortSha: reason.shortSha, subject: reason.subject, via: reason.via };
      if (reason.ticket !== undefined) json.ticket = reason.ticket;
      return json;
    }
  }
}
