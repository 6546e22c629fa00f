/** What stands in for a secret in anything the suite prints or writes. */
export const REDACTED = '[REDACTED]';

/**
 * Replaces every occurrence of each secret in `text`, also in its URL-encoded and JSON-escaped forms,
 * so that a server echoing the token back (in a body, a header or a URL) never leaks it into a report.
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue; // a one-letter "token" would blank out ordinary words
    for (const form of new Set([
      secret,
      encodeURIComponent(secret),
      JSON.stringify(secret).slice(1, -1),
    ])) {
      out = out.split(form).join(REDACTED);
    }
  }
  return out;
}

/** `redact` applied to every string inside a JSON-like value; returns a copy. */
export function redactDeep<T>(value: T, secrets: readonly string[]): T {
  return JSON.parse(
    redact(
      JSON.stringify(value),
      secrets.map((s) => JSON.stringify(s).slice(1, -1)),
    ),
  ) as T;
}
