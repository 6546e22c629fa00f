/**
 * A file name that is safe in a URL path segment and a `Content-Disposition` header: letters, digits,
 * `.`, `_` and `-` only, no leading dot, at most 100 characters; `file` when nothing is left.
 */
export function safeFileName(name: string): string {
  const safe = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '')
    .slice(-100);
  return safe.replace(/^[._]+/, '') || 'file';
}

/** A media type that is safe to echo in `Content-Type`; anything else is served as bytes. */
export function safeMediaType(type: string): string {
  const mediaType = type.split(';')[0]!.trim().toLowerCase();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/.test(mediaType)
    ? mediaType
    : 'application/octet-stream';
}
