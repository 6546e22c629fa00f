/**
 * One contact record as a write makes it: a created contact from its input, an updated one from a
 * patch. Pure functions of their arguments (the time included), so a replayed write makes the same.
 */
import type { Contact, ContactCreate, ContactUpdate } from '../../openapi/types.ts';
import { blankRecord, contactId } from '../data/contact.ts';
import type { Dataset } from '../data/dataset.ts';
import { BUSINESS_UNIT_ID, ORGANIZATION_ID } from '../data/pools.ts';
import { CONTACT_FIELDS, EDITABLE_FIELDS, GENDER_BY_CODE } from '../data/spec-lists.ts';
import { iso } from '../data/timeline.ts';

export function copyContact(contact: Contact): Contact {
  const params = contact.additional_params;
  // structuredClone costs a few microseconds even for the `{}` most records hold.
  return { ...contact, additional_params: isEmpty(params) ? {} : structuredClone(params) };
}

function isEmpty(object: object): boolean {
  for (const _ in object) return false;
  return true;
}

/** Contact i created from `input` at `createdAt` (ms). */
export function newContact(
  ds: Dataset,
  i: number,
  input: ContactCreate,
  createdAt: number,
): Contact {
  const record = blankRecord();
  for (const field of CONTACT_FIELDS) record[field] = '';
  Object.assign(record, {
    object_name: 'contact',
    id: contactId(ds, i),
    organization_id: ORGANIZATION_ID,
    business_unit_id: BUSINESS_UNIT_ID,
    channel_id: input.channel_id ?? ds.pools.channels[input.channel_type][0]!,
    channel_type: input.channel_type,
    created_at: iso(createdAt),
    updated_at: null,
    additional_params: {},
  });
  const contact = record as Contact;
  applyEditable(contact, input);
  if (
    input.display_name === undefined &&
    (input.first_name !== undefined || input.last_name !== undefined)
  ) {
    contact.display_name = `${contact.first_name} ${contact.last_name}`.trim();
  }
  return contact;
}

/** `current` with `patch` applied at `at` (ms), as a new record. */
export function updatedContact(current: Contact, patch: ContactUpdate, at: number): Contact {
  const next = copyContact(current);
  applyEditable(next, patch);
  // Either name sent: the display name follows the names (the one not sent keeps its stored value).
  if (patch.first_name !== undefined || patch.last_name !== undefined)
    next.display_name = `${next.first_name} ${next.last_name}`.trim();
  next.updated_at = iso(at);
  return next;
}

/** Copies the editable fields of a body onto a record: gender codes become words, labels go to additional_params. */
function applyEditable(contact: Contact, body: ContactUpdate): void {
  const record = contact as unknown as Record<string, unknown>;
  const input = body as Record<string, unknown>;
  for (const field of EDITABLE_FIELDS) {
    const value = input[field];
    if (
      value === undefined ||
      field === 'labels' ||
      field === 'gender' ||
      field === 'additional_params'
    )
      continue;
    record[field] = value;
  }
  if (body.gender !== undefined) contact.gender = GENDER_BY_CODE[body.gender] ?? '';
  if (body.additional_params !== undefined)
    contact.additional_params = structuredClone(body.additional_params);
  if (body.labels !== undefined)
    contact.additional_params = { ...contact.additional_params, labels: [...body.labels] };
}
