// `${secret:NAME}` references. The editor resolves them from SecretStorage, the CLI from the
// environment. Resolved values must never reach an error message, a log line or the cache:
// every fetch runs with a recording resolver and its errors are redacted with what it recorded.
import { secretReferencePattern } from '../config/secretReference';

/** Returns the secret's value, or `undefined` when it is not set. */
export type SecretResolver = (name: string) => Promise<string | undefined>;

/** `analytics-token` → `OUTCOME_LENS_SECRET_ANALYTICS_TOKEN`. */
export function secretEnvironmentVariable(name: string): string {
  return `OUTCOME_LENS_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/** The CLI's resolver: `OUTCOME_LENS_SECRET_<NAME>` (upper-cased, non-alphanumerics → `_`). */
export function environmentSecrets(env: Readonly<Record<string, string | undefined>>): SecretResolver {
  return (name) => {
    const value = env[secretEnvironmentVariable(name)];
    return Promise.resolve(value === '' ? undefined : value);
  };
}

/** What a source sees of secrets during one fetch. */
export interface SecretAccess {
  /** The secret's value; throws when it is not set or the workspace is untrusted. */
  get(name: string): Promise<string>;
  /** Replaces each `${secret:NAME}` in `text` with the secret's value. */
  expand(text: string): Promise<string>;
  /** Registers a value derived from secrets (e.g. a base64 Basic credential) so errors never show it. */
  remember(derived: string): void;
}

export class SecretError extends Error {
  override readonly name = 'SecretError';
}

/**
 * A resolver for one fetch: refuses in an untrusted workspace (so a request that would carry a
 * secret is never built, let alone sent), fails clearly on a missing secret, and remembers every
 * value it handed out so `redact` can scrub them.
 */
export class RecordingSecretResolver implements SecretAccess {
  private readonly values = new Set<string>();

  constructor(
    private readonly resolve: SecretResolver,
    private readonly trusted: boolean,
  ) {}

  async get(name: string): Promise<string> {
    if (!this.trusted) throw new SecretError(`uses \${secret:${name}}, which requires a trusted workspace`);
    const value = await this.resolve(name);
    if (value === undefined) {
      throw new SecretError(`secret "${name}" is not set (in the CLI: environment variable ${secretEnvironmentVariable(name)})`);
    }
    if (value !== '') this.values.add(value);
    return value;
  }

  async expand(text: string): Promise<string> {
    const names = [...text.matchAll(secretReferencePattern)].map((match) => match[1] ?? '');
    let result = text;
    for (const name of names) {
      const value = await this.get(name);
      result = result.split(`\${secret:${name}}`).join(value);
    }
    return result;
  }

  remember(derived: string): void {
    if (derived !== '') this.values.add(derived);
  }

  redact(message: string): string {
    let result = message;
    // Longest first, so a secret that contains another is scrubbed whole.
    for (const value of [...this.values].sort((a, b) => b.length - a.length)) {
      result = result.split(value).join('[secret]');
      const encoded = encodeURIComponent(value);
      if (encoded !== value) result = result.split(encoded).join('[secret]');
    }
    return result;
  }
}
