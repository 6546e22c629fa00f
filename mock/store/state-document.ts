/**
 * The document form of a store's writes (what a `--state` snapshot holds), and the checks a document
 * must pass before it is applied: a state file from another seed, size or program, or a damaged one,
 * is refused with a message that says what is wrong, never half-applied. The first format
 * (`writes@1`, uploads as base64 inside) is still read, so an older state file is migrated.
 */
import { formatFailures } from '../../openapi/failures.ts';
import { responseValidator } from '../../openapi/validate-response.ts';
import { contactIndex } from '../data/contact.ts';
import type { Dataset } from '../data/dataset.ts';
import type { CommentWrites } from './comments.ts';
import type { ContactWrites } from './contacts.ts';
import type { NotificationWrites } from './notifications.ts';
import type { Writes } from './types.ts';
import { fromBase64, type UploadWrites } from './uploads.ts';

export const STATE_FORMAT = 'imbrace-contacts-mock/state@2';
/** The first format: one JSON document rewritten after every write, uploads as base64 inside. */
export const LEGACY_FORMAT = 'imbrace-contacts-mock/writes@1';

export interface StoreWrites extends Writes {
  /** The journal record (`WriteRecord.seq`) up to which the document holds the writes. */
  seq: number;
  contactWrites: ContactWrites;
  commentWrites: CommentWrites;
  notificationWrites: NotificationWrites;
  uploadWrites: UploadWrites;
}

type Json = Record<string, unknown>;

function fail(problem: string): never {
  throw new Error(`the writes document is not usable: ${problem}`);
}

function object(value: unknown, at: string): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    fail(`${at} must be an object`);
  return value as Json;
}

function array(value: unknown, at: string): unknown[] {
  if (!Array.isArray(value)) fail(`${at} must be an array`);
  return value;
}

function count(value: unknown, at: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0)
    fail(`${at} must be a non-negative integer`);
  return value as number;
}

function strings(value: unknown, at: string): string[] {
  const list = array(value, at);
  list.forEach((item, k) => {
    if (typeof item !== 'string') fail(`${at}[${k}] must be a string`);
  });
  return list as string[];
}

function valid(operationId: string, value: unknown, at: string): void {
  const check = responseValidator(operationId, 200, 'application/json')!;
  const result = check(value);
  if (!result.ok) fail(`${at} breaks the spec: ${formatFailures(result.failures)}`);
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const UPLOAD_ID = /^file_[A-Za-z0-9]{26}(\.[a-z0-9]{1,10})?$/;

/**
 * Checks that `doc` is a writes document of this dataset, as `writes()` makes them; throws an Error
 * naming the first problem. `isNotification` tells the ids of this dataset's notifications.
 */
export function checkWrites(
  doc: unknown,
  seed: number,
  ds: Dataset,
  isNotification: (id: string) => boolean,
): StoreWrites {
  const root = object(doc, 'the document');
  const legacy = root.format === LEGACY_FORMAT;
  if (root.format !== STATE_FORMAT && !legacy)
    fail(
      `its format is ${JSON.stringify(root.format)}, expected "${STATE_FORMAT}" (not a state file of this mock)`,
    );
  if (root.seed !== seed || root.contacts !== ds.size) {
    fail(
      `it was written for seed ${String(root.seed)} and ${String(root.contacts)} contacts, but this mock runs seed ${seed} and ${ds.size} contacts`,
    );
  }

  const contacts = object(root.contactWrites, 'contactWrites');
  const createdCount = count(contacts.createdCount, 'contactWrites.createdCount');
  const contactAt = (value: unknown, at: string, seeded: boolean) => {
    valid('getContact', value, at);
    const id = (value as Json).id as string;
    const i = contactIndex(ds, id);
    const fits =
      i !== undefined && (seeded ? i < ds.size : i >= ds.size && i < ds.size + createdCount);
    if (!fits)
      fail(`${at}.id ${id} is not a ${seeded ? 'seeded' : 'created'} contact of this dataset`);
    return i;
  };
  const seen = new Set<number>();
  const once = (i: number, at: string) => {
    if (seen.has(i)) fail(`${at} repeats a contact`);
    seen.add(i);
  };
  for (const [key, seeded] of [
    ['updated', true],
    ['created', false],
  ] as const) {
    array(contacts[key], `contactWrites.${key}`).forEach((c, k) => {
      once(contactAt(c, `contactWrites.${key}[${k}]`, seeded), `contactWrites.${key}[${k}]`);
    });
  }
  strings(contacts.deleted, 'contactWrites.deleted').forEach((id, k) => {
    const i = contactIndex(ds, id);
    if (i === undefined || i >= ds.size)
      fail(`contactWrites.deleted[${k}] ${id} is not a seeded contact of this dataset`);
    once(i, `contactWrites.deleted[${k}]`);
  });

  const comments = object(root.commentWrites, 'commentWrites');
  count(comments.addedCount, 'commentWrites.addedCount');
  array(comments.added, 'commentWrites.added').forEach((c, k) => {
    valid('createContactComment', c, `commentWrites.added[${k}]`);
    if (contactIndex(ds, (c as Json).contact_id as string) === undefined)
      fail(`commentWrites.added[${k}].contact_id is not a contact of this dataset`);
  });
  strings(comments.deleted, 'commentWrites.deleted');

  const notifications = object(root.notificationWrites, 'notificationWrites');
  for (const key of ['read', 'dismissed'] as const) {
    strings(notifications[key], `notificationWrites.${key}`).forEach((id, k) => {
      if (!isNotification(id))
        fail(`notificationWrites.${key}[${k}] ${id} is not a notification of this dataset`);
    });
  }

  const uploads = object(root.uploadWrites, 'uploadWrites');
  const files = array(uploads.files, 'uploadWrites.files').map((f, k) => {
    const file = object(f, `uploadWrites.files[${k}]`);
    if (typeof file.id !== 'string' || !UPLOAD_ID.test(file.id))
      fail(`uploadWrites.files[${k}].id is not an upload id`);
    if (typeof file.name !== 'string' || typeof file.type !== 'string')
      fail(`uploadWrites.files[${k}] needs a string name and type`);
    let bytes = file.bytes;
    if (legacy) {
      if (
        typeof file.base64 !== 'string' ||
        file.base64.length % 4 !== 0 ||
        !BASE64.test(file.base64)
      )
        fail(`uploadWrites.files[${k}].base64 is not base64`);
      bytes = fromBase64(file.base64);
    }
    if (!(bytes instanceof Uint8Array)) fail(`uploadWrites.files[${k}] (${file.id}) has no bytes`);
    return { id: file.id, name: file.name, type: file.type, size: bytes.byteLength, bytes };
  });
  const seq = legacy ? 0 : count(root.seq, 'seq');
  return {
    ...(root as unknown as StoreWrites),
    format: STATE_FORMAT,
    seq,
    uploadWrites: { files },
  };
}
