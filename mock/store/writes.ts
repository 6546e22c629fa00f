/**
 * The persisted form of a store's writes, and the checks a document must pass before it is replayed:
 * a state file from another seed, size or program, or a damaged one, is refused with a message that
 * says what is wrong, never half-applied.
 */
import { formatFailures } from '../../openapi/failures.ts';
import { responseValidator } from '../../openapi/validate-response.ts';
import { contactIndex } from '../data/contact.ts';
import type { Dataset } from '../data/dataset.ts';
import type { CommentWrites } from './comments.ts';
import type { ContactWrites } from './contacts.ts';
import type { NotificationWrites } from './notifications.ts';
import type { Writes } from './store.ts';
import type { UploadWrites } from './uploads.ts';

export const WRITES_FORMAT = 'imbrace-contacts-mock/writes@1';

export interface StoreWrites extends Writes {
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
  if (root.format !== WRITES_FORMAT)
    fail(
      `its format is ${JSON.stringify(root.format)}, expected "${WRITES_FORMAT}" (not a state file of this mock)`,
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
  array(contacts.updated, 'contactWrites.updated').forEach((c, k) =>
    once(contactAt(c, `contactWrites.updated[${k}]`, true), `contactWrites.updated[${k}]`),
  );
  array(contacts.created, 'contactWrites.created').forEach((c, k) =>
    once(contactAt(c, `contactWrites.created[${k}]`, false), `contactWrites.created[${k}]`),
  );
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
  count(uploads.count, 'uploadWrites.count');
  array(uploads.files, 'uploadWrites.files').forEach((f, k) => {
    const file = object(f, `uploadWrites.files[${k}]`);
    if (typeof file.id !== 'string' || !UPLOAD_ID.test(file.id))
      fail(`uploadWrites.files[${k}].id is not an upload id`);
    if (typeof file.name !== 'string' || typeof file.type !== 'string')
      fail(`uploadWrites.files[${k}] needs a string name and type`);
    if (
      typeof file.base64 !== 'string' ||
      file.base64.length % 4 !== 0 ||
      !BASE64.test(file.base64)
    )
      fail(`uploadWrites.files[${k}].base64 is not base64`);
  });
  return root as unknown as StoreWrites;
}
