import { preview } from '../../openapi/validator.ts';
import type { Contact, UpdatedContact } from '../../openapi/types.ts';
import type { CheckContext } from '../check.ts';
import { bodyOf, type Exchange } from '../http.ts';
import { answerOf, failureAt, nonConformance } from '../judge.ts';
import { GENDER_BY_CODE, genderCode } from '../../openapi/spec.ts';

const GENDER_CODES = Object.keys(GENDER_BY_CODE).filter((c) => c !== '');
/** `m` → `Male`: the stored word is the one that starts with the code, as the spec describes. */
export function genderWord(code: string): string {
  return GENDER_BY_CODE[code] ?? '?';
}
export { genderCode };

/** Fields the update may change; everything else must come back as it was. */
const CHANGED = new Set([
  'first_name',
  'last_name',
  'display_name',
  'gender',
  'remark',
  'updated_at',
  'action',
]);
const CLOCK_SKEW_MS = 10 * 60_000;

/**
 * An update answers the whole contact with the documented side effects — `gender` code stored as a
 * word, `display_name` = `first_name last_name`, `updated_at` set to now, `action: bu.contact_updated`,
 * untouched fields kept — and a later read shows the same. The contact's old values are put back.
 */
export async function updateReadBack(ctx: CheckContext): Promise<void> {
  ctx.need('writes');
  ctx.need('state');
  const id = await ctx.samples.contactId();
  const before = await readContact(ctx, id);
  const stamp = Date.now().toString(36);
  const gender = GENDER_CODES.find((c) => genderWord(c) !== before.gender) ?? GENDER_CODES[0]!;
  const patch = {
    first_name: 'Contract',
    last_name: `Suite${stamp}`,
    gender,
    remark: `contract suite ${stamp}`,
  };
  const expected: Partial<Contact> = {
    ...patch,
    gender: genderWord(gender) as Contact['gender'],
    display_name: `${patch.first_name} ${patch.last_name}`,
  };

  const started = Date.now();
  const update = await ctx.send({
    operationId: 'updateContact',
    path: { contact_id: id },
    json: patch,
  });
  try {
    const broken = nonConformance(update);
    const updated = bodyOf(update);
    if (broken || !updated) {
      ctx.fail(
        broken ??
          failureAt(update, 'Update not accepted', answerOf(update), '200 and the updated contact'),
      );
      return;
    }
    compare(ctx, update, updated, before, expected, started, 'Update answer');

    const found = await ctx.send({
      operationId: 'searchContacts',
      query: { q: patch.last_name, type: 'text', limit: 10 },
    });
    const hit = bodyOf(found)?.data.find((c) => c.id === id);
    if (!hit)
      ctx.fail(
        failureAt(
          found,
          'Update not visible to a later read',
          answerOf(found),
          `contact ${id} found by its new last name`,
        ),
      );
    else compare(ctx, found, hit, before, expected, started, 'Read back');

    const got = await ctx.send({ operationId: 'getContact', path: { contact_id: id } });
    const read = bodyOf(got);
    if (read) compare(ctx, got, read, before, expected, started, 'Read back');
  } finally {
    await restore(ctx, id, before);
  }
}

async function readContact(ctx: CheckContext, id: string): Promise<Contact> {
  const got = await ctx.send({ operationId: 'getContact', path: { contact_id: id } });
  const read = bodyOf(got);
  if (read?.id === id) return read;
  return ctx.samples.contact();
}

function compare(
  ctx: CheckContext,
  exchange: Exchange,
  record: Contact | UpdatedContact,
  before: Contact,
  expected: Partial<Contact>,
  started: number,
  what: string,
): void {
  const wrong: string[] = [];
  for (const [field, value] of Object.entries(expected)) {
    const actual: unknown = Reflect.get(record, field);
    if (actual !== value) wrong.push(`${field}: ${preview(actual)}, expected ${preview(value)}`);
  }
  const updatedAt = record.updated_at === null ? NaN : Date.parse(record.updated_at);
  if (!(updatedAt >= started - CLOCK_SKEW_MS && updatedAt <= Date.now() + CLOCK_SKEW_MS)) {
    wrong.push(
      `updated_at: ${preview(record.updated_at)}, expected about ${new Date(started).toISOString()}`,
    );
  }
  // The update answer's `action` is the spec's constant: bodyOf has judged it against the schema.
  for (const [field, value] of Object.entries(before)) {
    if (CHANGED.has(field)) continue;
    const actual: unknown = Reflect.get(record, field);
    if (JSON.stringify(actual) !== JSON.stringify(value))
      wrong.push(`${field} changed: ${preview(actual)}, was ${preview(value)}`);
  }
  if (wrong.length) {
    ctx.fail(
      failureAt(
        exchange,
        `${what} lacks the documented effects of the update`,
        wrong[0]!,
        'the sent fields, gender as a word, display_name = first_name last_name, updated_at now, other fields kept',
        wrong,
      ),
    );
  }
}

/** Puts the old values back; `updated_at` cannot be put back and is noted. */
async function restore(ctx: CheckContext, id: string, before: Contact): Promise<void> {
  const path = { contact_id: id };
  await ctx.send({
    operationId: 'updateContact',
    path,
    json: {
      first_name: before.first_name,
      last_name: before.last_name,
      gender: genderCode(before.gender),
      remark: before.remark,
    },
  });
  const last = await ctx.send({
    operationId: 'updateContact',
    path,
    json: { display_name: before.display_name },
  });
  const after = bodyOf(last);
  const lost = ['first_name', 'last_name', 'gender', 'remark', 'display_name'].filter(
    (f) => !after || Reflect.get(after, f) !== Reflect.get(before, f),
  );
  ctx.note(
    `contact ${id}: old values put back${lost.length ? `, except ${lost.join(', ')}` : ''}; updated_at stays changed`,
  );
}
