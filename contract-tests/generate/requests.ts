/**
 * Requests generated from the spec: for every operation, valid ones and ones that break one thing at a
 * time (a parameter's type, bound, enum or pattern; a body field; a required or extra field; the media
 * type; the JSON itself; the encoding; the size; the credentials). Whether a request is valid is decided
 * by the shared validator, compiled from the spec, not by the generator. The mock's own fuzzing
 * (`npm run fuzz`) and the contract suite's property-based phase (`generate/phase.ts`) both use it.
 */
import fc from 'fast-check';
import {
  ACCESS_TOKEN_HEADER,
  API_KEY_HEADER,
  deref,
  operations,
  PREFIXES,
  parameters,
  type Operation,
} from '../../openapi/spec.ts';
import { requestValidator } from '../../openapi/validate-request.ts';
import {
  objectViolations,
  PROTOTYPE_KEYS,
  validValue,
  violations,
  type Schema,
  type SchemaViolation,
} from './schema-values.ts';

export interface FuzzRequest {
  /** The family of the request, such as `valid`, `query.maximum`, `body.broken-json` (counted in reports). */
  kind: string;
  /** What exactly was broken, such as `query.limit.maximum`. */
  detail: string;
  operationId: string;
  method: string;
  /** The URL path with prefix and query string, already encoded. */
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array | FormData;
  /** `accept`: the spec accepts it; `reject`: it must get a 4xx; `any`: either is conforming. */
  expect: 'accept' | 'reject' | 'any';
  /** When only particular statuses are right (401 without credentials, 415 for a foreign media type). */
  statuses?: number[];
}

export interface FuzzContext {
  /** The credential the mock accepts. */
  token: string;
  /** Ids that exist in the mock, by path-parameter name (`contact_id`, `comment_id`, …), so valid requests hit data. */
  known: Record<string, string[]>;
  /** Notification ids that exist, for mark-read and dismiss bodies. */
  notificationIds: string[];
  /** Bytes past which a JSON body must be refused with 413 (the mock's limit); default 1 MiB. */
  bodyLimit?: number;
  /** Bytes past which an upload must be refused with 413; default 10 MiB. */
  uploadLimit?: number;
  /** The prefixes to send under, without the leading slash (`''`: none); default: the spec's. */
  prefixes?: readonly string[];
  /** Leaves out the kinds of broken request this returns false for (a gateway's own size limits). */
  kinds?: (kind: string) => boolean;
}

/** The `{prefix}` values of the spec's servers. */
export const prefixes: string[] = PREFIXES.map((p) => p.slice(1));

interface Draft {
  prefix: string;
  path: Record<string, string>;
  query: Record<string, string[]>;
  /** Appended to the query string as is (bad percent-encoding). */
  rawQuery?: string;
  /** Replaces a path parameter's encoded segment as is. */
  rawPath?: Record<string, string>;
  body?: unknown;
  bodyText?: string;
  bodyBytes?: Uint8Array;
  form?: { name: string; type: string; bytes: Uint8Array } | 'none' | 'wrong-field';
  contentType?: string | null;
  headers: Record<string, string>;
}

interface Mutation {
  kind: string;
  /** Changes the draft; returns the detail and, unless the validator decides, the expectation. */
  apply(
    draft: Draft,
    pick: number,
  ): { detail: string; expect?: FuzzRequest['expect']; statuses?: number[] } | undefined;
}

const JSON_TYPE = 'application/json';
const MULTIPART = 'multipart/form-data';

function jsonBody(op: Operation): Schema | undefined {
  const body = op.definition.requestBody ? deref(op.definition.requestBody as Schema) : undefined;
  const content = (body?.content ?? {}) as Record<string, { schema: Schema }>;
  return content[JSON_TYPE]?.schema;
}

function takesMultipart(op: Operation): boolean {
  return requestValidator(op.operationId).mediaTypes.includes(MULTIPART);
}

const text = new TextEncoder();

/** A value as a URL carries it: one string per occurrence, lone surrogates replaced (they cannot be percent-encoded). */
function toUrlValues(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).map((v) =>
    Buffer.from(String(v), 'utf8').toString('utf8'),
  );
}

/** The mutations that apply to one operation. */
function mutationsOf(op: Operation, ctx: FuzzContext): Mutation[] {
  const params = parameters(op);
  const query = params.filter((p) => p.in === 'query');
  const path = params.filter((p) => p.in === 'path');
  const body = jsonBody(op);
  const out: Mutation[] = [];

  const queryViolations = query.flatMap((p) =>
    violations(p.schema, { inUrl: true }).map((v) => ({ name: p.name, v })),
  );
  if (queryViolations.length) {
    out.push({
      kind: 'query.constraint',
      apply(d, pick) {
        const { name, v } = queryViolations[pick % queryViolations.length]!;
        d.query[name] = toUrlValues(v.value);
        return { detail: `query.${name}.${v.rule}` };
      },
    });
  }
  const scalars = query.filter((p) => deref(p.schema).type !== 'array');
  if (scalars.length) {
    out.push({
      kind: 'query.repeated',
      apply(d, pick) {
        const p = scalars[pick % scalars.length]!;
        const one =
          d.query[p.name]?.[0] ?? fc.sample(validValue(p.schema), { numRuns: 1, seed: pick })[0];
        d.query[p.name] = [String(one), String(one)];
        return { detail: `query.${p.name}.repeated` };
      },
    });
  }
  if (query.length) {
    out.push({
      kind: 'query.bad-percent',
      apply(d, pick) {
        const p = query[pick % query.length]!;
        const raw = ['%', '%zz', '%E0%A4%A', '%C0%AF', '%FF%FE', '%ED%A0%80', '%00', '%2525'][
          pick % 8
        ]!;
        delete d.query[p.name];
        d.rawQuery = `${encodeURIComponent(p.name)}=${raw}`;
        return { detail: `query.${p.name}=${raw}`, expect: 'any' };
      },
    });
    out.push({
      kind: 'query.long',
      apply(d, pick) {
        const p = query[pick % query.length]!;
        d.query[p.name] = ['9'.repeat([300, 5000, 60_000][pick % 3]!)];
        return { detail: `query.${p.name}.long` };
      },
    });
    out.push({
      kind: 'query.prototype-name',
      apply(d, pick) {
        const p = query[pick % query.length]!;
        d.query[p.name] = [PROTOTYPE_KEYS[(pick >> 4) % PROTOTYPE_KEYS.length]!];
        return { detail: `query.${p.name}=${d.query[p.name]![0]}` };
      },
    });
  }
  out.push({
    kind: 'query.unknown',
    apply(d, pick) {
      const name = ['__proto__', 'constructor', 'unknown', 'limit[]', 'sort[$ne]'][pick % 5]!;
      d.query[name] = ['1'];
      return { detail: `query.${name}`, expect: 'any' };
    },
  });

  if (path.length) {
    out.push({
      kind: 'path.prototype-name',
      apply(d, pick) {
        const p = path[pick % path.length]!;
        d.path[p.name] = PROTOTYPE_KEYS[(pick >> 4) % PROTOTYPE_KEYS.length]!;
        return { detail: `path.${p.name}=${d.path[p.name]}` };
      },
    });
  }
  const pathViolations = path.flatMap((p) =>
    violations(p.schema, { inUrl: true }).map((v) => ({ name: p.name, v })),
  );
  if (pathViolations.length) {
    out.push({
      kind: 'path.constraint',
      apply(d, pick) {
        const { name, v } = pathViolations[pick % pathViolations.length]!;
        // An empty or dot segment changes which route the URL names; those are not this operation's.
        if (v.value === '' || v.value === '.' || v.value === '..') return undefined;
        d.path[name] = String(v.value);
        return { detail: `path.${name}.${v.rule}` };
      },
    });
    out.push({
      kind: 'path.encoding',
      apply(d, pick) {
        const p = path[pick % path.length]!;
        const raw = [
          '%',
          '%zz',
          'con_%E0%A4%A',
          '..%2F..%2Fetc%2Fpasswd',
          '%2e%2e%2fx',
          'con_a%00b',
          '%C0%AE%C0%AE%C0%AF',
          `con_${'a'.repeat(10_000)}`,
        ][(pick >> 3) % 8]!;
        d.rawPath = { [p.name]: raw };
        return { detail: `path.${p.name}=${raw.slice(0, 40)}`, expect: 'reject' };
      },
    });
  }

  const badCredentials: [string, Record<string, string | null>][] = [
    ['missing', { [ACCESS_TOKEN_HEADER]: null }],
    ['wrong-token', { [ACCESS_TOKEN_HEADER]: `${ctx.token}x` }],
    [
      'bearer-without-organization',
      { [ACCESS_TOKEN_HEADER]: null, authorization: `Bearer ${ctx.token}` },
    ],
    ['empty-api-key', { [ACCESS_TOKEN_HEADER]: null, [API_KEY_HEADER]: '' }],
    ['token-with-space', { [ACCESS_TOKEN_HEADER]: ` ${ctx.token} x` }],
  ];
  out.push({
    kind: 'auth',
    apply(d, pick) {
      const [name, headers] = badCredentials[pick % badCredentials.length]!;
      for (const [header, value] of Object.entries(headers)) {
        if (value === null) delete d.headers[header];
        else d.headers[header] = value;
      }
      return { detail: `auth.${name}`, expect: 'reject', statuses: [401] };
    },
  });
  out.push({
    kind: 'header.request-id',
    apply(d, pick) {
      d.headers['x-request-id'] = [
        'a'.repeat(300),
        'id with spaces',
        '"quoted"',
        'x'.repeat(255),
        'caf\u00e9',
      ][pick % 5]!;
      return { detail: 'header.x-request-id', expect: 'any' };
    },
  });

  if (body) {
    out.push({
      kind: 'body.constraint',
      apply(d, pick) {
        const node = deref(body);
        const all: SchemaViolation[] =
          d.body && typeof d.body === 'object' && !Array.isArray(d.body)
            ? [...objectViolations(node, d.body as Record<string, unknown>), ...violations(node)]
            : violations(node);
        if (!all.length) return undefined;
        const v = all[pick % all.length]!;
        d.body = v.value;
        return { detail: `body.${v.rule}` };
      },
    });
    out.push({
      kind: 'body.prototype-keys',
      apply(d, pick) {
        const key = PROTOTYPE_KEYS[pick % PROTOTYPE_KEYS.length]!;
        const inner = `{"polluted":"yes","toString":"x","isAdmin":true}`;
        const base =
          d.body && typeof d.body === 'object' && !Array.isArray(d.body)
            ? JSON.stringify(d.body).slice(1, -1)
            : '';
        const sep = base ? ',' : '';
        // Written as text: an object literal would drop `__proto__` as a key.
        const where = pick % 2;
        d.bodyText =
          where === 0
            ? `{${base}${sep}"${key}":${inner}}`
            : `{${base}${sep}"additional_params":{"${key}":${inner}}}`;
        return { detail: `body.${where === 0 ? '' : 'additional_params.'}${key}`, expect: 'any' };
      },
    });
    out.push({
      kind: 'body.broken-json',
      apply(d, pick) {
        const full = JSON.stringify(d.body ?? {});
        d.bodyText = [
          full.slice(0, Math.max(1, full.length - 1 - (pick % 5))),
          `${full},`,
          `{'a':1}`,
          '{"a":1}garbage',
          'NaN',
          '[1,2',
          '{"a":"\\x"}',
          '\u0000',
        ][pick % 8]!;
        return { detail: 'body.broken-json', expect: 'reject', statuses: [400] };
      },
    });
    out.push({
      kind: 'body.missing',
      apply(d) {
        d.body = undefined;
        d.bodyText = '';
        return { detail: 'body.missing' };
      },
    });
    out.push({
      kind: 'body.content-type',
      apply(d, pick) {
        const type = [
          'text/plain',
          'application/xml',
          'application/x-www-form-urlencoded',
          MULTIPART,
          'application/json-patch+json',
          'text/json',
        ][pick % 6]!;
        d.contentType = type;
        return { detail: `body.content-type=${type}`, expect: 'reject', statuses: [415] };
      },
    });
    out.push({
      kind: 'body.encoding',
      apply(d, pick) {
        const json = JSON.stringify(d.body ?? {});
        const variant = pick % 4;
        if (variant === 0) d.bodyBytes = new Uint8Array([0xef, 0xbb, 0xbf, ...text.encode(json)]);
        if (variant === 1)
          d.bodyBytes = new Uint8Array([
            ...text.encode(json.slice(0, -1)),
            0xc3,
            0x28,
            0xff,
            ...text.encode(json.slice(-1)),
          ]);
        if (variant === 2) d.bodyBytes = new Uint8Array(Buffer.from(`\ufeff${json}`, 'utf16le'));
        if (variant === 3) d.contentType = 'application/json; charset=utf-16';
        return {
          detail: `body.encoding.${['utf8-bom', 'invalid-utf8', 'utf16', 'charset-param'][variant]}`,
          expect: 'any',
        };
      },
    });
    out.push({
      kind: 'body.huge',
      apply(d, pick) {
        const limit = ctx.bodyLimit ?? 1024 * 1024;
        d.bodyText =
          pick % 2
            ? `{"remark":"${'x'.repeat(limit + 10)}"}`
            : `[${'"not_a",'.repeat(Math.ceil(limit / 8))}"not_a"]`;
        return { detail: 'body.huge', expect: 'reject', statuses: [413] };
      },
    });
    out.push({
      kind: 'body.deep',
      apply(d, pick) {
        const depth = [1000, 10_000][pick % 2]!;
        d.bodyText = `{"additional_params":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
        return { detail: `body.deep.${depth}`, expect: 'any' };
      },
    });
  }

  if (takesMultipart(op)) {
    out.push({
      kind: 'upload.form',
      apply(d, pick) {
        const variant = pick % 4;
        if (variant === 0) d.form = 'none';
        if (variant === 1) d.form = 'wrong-field';
        if (variant === 2)
          d.bodyText = '--broken\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc';
        if (variant === 3) d.contentType = 'application/octet-stream';
        return {
          detail: `upload.${['no-file', 'wrong-field', 'broken-multipart', 'not-multipart'][variant]}`,
          expect: 'reject',
          statuses: variant === 3 ? [415] : [400],
        };
      },
    });
    out.push({
      kind: 'upload.name',
      apply(d, pick) {
        const name = [
          '../../etc/passwd',
          '..\\..\\win.ini',
          'a\r\nX-Injected: 1',
          '<img src=x onerror=alert(1)>.html',
          '%2e%2e%2fpasswd',
          '',
          '.htaccess',
          'x'.repeat(5000),
        ][pick % 8]!;
        d.form = {
          name,
          type: ['text/html', 'image/svg+xml', 'application/javascript'][pick % 3]!,
          bytes: text.encode('<script>alert(1)</script>'),
        };
        return { detail: `upload.name=${JSON.stringify(name.slice(0, 30))}`, expect: 'any' };
      },
    });
    out.push({
      kind: 'upload.huge',
      apply(d) {
        d.form = {
          name: 'big.bin',
          type: 'application/octet-stream',
          bytes: new Uint8Array((ctx.uploadLimit ?? 10 * 1024 * 1024) + 1024),
        };
        return { detail: 'upload.huge', expect: 'reject', statuses: [413] };
      },
    });
  }
  return ctx.kinds ? out.filter((m) => ctx.kinds!(m.kind)) : out;
}

function pathArbitrary(op: Operation, ctx: FuzzContext): fc.Arbitrary<Record<string, string>> {
  const path = parameters(op).filter((p) => p.in === 'path');
  return fc.record(
    Object.fromEntries(
      path.map((p) => {
        const known = ctx.known[p.name] ?? [];
        const generated = validValue(p.schema).map(String);
        return [
          p.name,
          known.length
            ? fc.oneof(
                { weight: 4, arbitrary: fc.constantFrom(...known) },
                { weight: 1, arbitrary: generated },
              )
            : generated,
        ];
      }),
    ),
  );
}

function queryArbitrary(op: Operation): fc.Arbitrary<Record<string, string[]>> {
  const query = parameters(op).filter((p) => p.in === 'query');
  return fc
    .record(Object.fromEntries(query.map((p) => [p.name, validValue(p.schema).map(toUrlValues)])), {
      requiredKeys: [],
    })
    .map((q) => {
      // `offset` must agree with `skip` when both are sent.
      if (q.skip && q.offset) q.offset = q.skip;
      return q as Record<string, string[]>;
    });
}

function bodyArbitrary(op: Operation, ctx: FuzzContext): fc.Arbitrary<unknown> {
  const schema = jsonBody(op);
  if (!schema) return fc.constant(undefined);
  if (deref(schema).oneOf && ctx.notificationIds.length) {
    // Notification selections: real ids, in each of the three accepted forms.
    const ids = fc.uniqueArray(fc.constantFrom(...ctx.notificationIds), {
      minLength: 1,
      maxLength: 5,
    });
    return fc.oneof(
      ids,
      ids.map((i) => ({ ids: i })),
      ids.map((i) => ({ notification_id: i })),
      fc.constantFrom(...ctx.notificationIds).map((i) => ({ notification_id: i })),
      validValue(schema),
    );
  }
  return validValue(schema);
}

function formArbitrary(): fc.Arbitrary<NonNullable<Draft['form']>> {
  return fc.record({
    name: fc.oneof(
      fc.constantFrom('avatar.png', 'notes.txt', 'photo.jpeg'),
      fc.string({ minLength: 1, maxLength: 20 }),
    ),
    type: fc.constantFrom('image/png', 'text/plain', 'application/pdf', 'application/octet-stream'),
    bytes: fc.uint8Array({ maxLength: 2048 }),
  });
}

/** Every request of one operation: valid ones (weight `valid`) and each kind of broken one. */
export function operationRequest(op: Operation, ctx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const mutations = mutationsOf(op, ctx);
  // `undefined` first: a failing request shrinks towards the valid one when that fails too.
  const choice = fc.oneof(
    { weight: mutations.length, arbitrary: fc.constant(undefined) },
    { weight: mutations.length * 2, arbitrary: fc.constantFrom(...mutations) },
  );
  return fc
    .record({
      prefix: fc.constantFrom(...(ctx.prefixes ?? prefixes)),
      path: pathArbitrary(op, ctx),
      query: queryArbitrary(op),
      body: bodyArbitrary(op, ctx),
      form: takesMultipart(op) ? formArbitrary() : fc.constant(undefined),
      mutation: choice,
      pick: fc.nat({ max: 1 << 20 }),
    })
    .map(({ prefix, path, query, body, form, mutation, pick }) => {
      const draft: Draft = {
        prefix,
        path,
        query,
        body,
        form,
        headers: { [ACCESS_TOKEN_HEADER]: ctx.token },
      };
      const applied = mutation?.apply(draft, pick);
      return toRequest(
        op,
        draft,
        mutation && applied
          ? { kind: mutation.kind, ...applied }
          : { kind: 'valid', detail: 'valid' },
      );
    });
}

function toRequest(
  op: Operation,
  d: Draft,
  how: { kind: string; detail: string; expect?: FuzzRequest['expect']; statuses?: number[] },
): FuzzRequest {
  const segments = op.path.replace(
    /\{([^}]+)\}/g,
    (_, name: string) => d.rawPath?.[name] ?? encodeURIComponent(d.path[name] ?? ''),
  );
  const pairs = Object.entries(d.query).flatMap(([name, values]) =>
    values.map((v) => `${encodeURIComponent(name)}=${encodeURIComponent(v)}`),
  );
  if (d.rawQuery) pairs.push(d.rawQuery);
  const url = `${d.prefix ? `/${d.prefix}` : ''}${segments}${pairs.length ? `?${pairs.join('&')}` : ''}`;
  const headers = { ...d.headers };
  const validate = requestValidator(op.operationId);
  let body: FuzzRequest['body'];
  let mediaType: string | undefined;
  if (validate.mediaTypes.includes(MULTIPART)) {
    mediaType = MULTIPART;
    if (d.bodyText !== undefined) {
      body = d.bodyText;
      headers['content-type'] = `${MULTIPART}; boundary=broken`;
    } else {
      const form = new FormData();
      if (d.form && typeof d.form === 'object')
        form.append(
          'file',
          new Blob([d.form.bytes as Uint8Array<ArrayBuffer>], { type: d.form.type }),
          d.form.name,
        );
      if (d.form === 'wrong-field') form.append('attachment', new Blob(['x']), 'x.txt');
      if (d.form === 'none') form.append('note', 'no file');
      body = form;
    }
    if (d.contentType) {
      body = d.form && typeof d.form === 'object' ? d.form.bytes : new Uint8Array();
      headers['content-type'] = d.contentType;
    }
  } else if (validate.mediaTypes.length) {
    mediaType = JSON_TYPE;
    body = d.bodyBytes ?? d.bodyText ?? (d.body === undefined ? undefined : JSON.stringify(d.body));
    const type = d.contentType === undefined ? JSON_TYPE : d.contentType;
    if (type !== null && body !== undefined) headers['content-type'] = type;
  }
  let expect = how.expect;
  if (!expect) {
    const bodyForCheck = mediaType === JSON_TYPE ? d.body : { file: 'x' };
    const checked = validate({ path: d.path, query: d.query, body: bodyForCheck, mediaType });
    expect = checked.ok ? 'accept' : 'reject';
  }
  const request: FuzzRequest = {
    kind: how.kind,
    detail: how.detail,
    operationId: op.operationId,
    method: op.method.toUpperCase(),
    url,
    headers,
    expect,
  };
  if (body !== undefined) request.body = body;
  if (how.statuses) request.statuses = how.statuses;
  return request;
}

/** Requests for every operation of the spec, each operation equally likely. */
export function fuzzRequest(
  ctx: FuzzContext,
  only?: (op: Operation) => boolean,
): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(
    ...operations.filter((op) => !only || only(op)).map((op) => operationRequest(op, ctx)),
  );
}
