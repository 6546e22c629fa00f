import { operations } from '../../openapi/spec.ts';
import type { CheckContext } from '../check.ts';
import { isPublished } from '../conformancePlan.ts';
import { jsonField, type Exchange, type SendOptions } from '../http.ts';
import { describeAnswer, isSuccess } from '../judge.ts';

/** The operations the published documentation does not show: known from the SDK and the service export. */
export const EXTRA_OPERATIONS: readonly string[] = operations
  .filter((op) => !isPublished(op.operationId))
  .map((op) => op.operationId);

/** Probed by the notification body-forms probe, with its own notifications. */
export const PROBED_ELSEWHERE = new Set([
  'dismissNotificationsByPost',
  'dismissAllNotificationsByPost',
]);

/**
 * Probe (findings, never failures): which of the operations known only from the SDK and the service
 * export the target answers, and what. Reads always; create and delete (of a contact and of a
 * comment, each a round trip that leaves nothing behind) only with writes on.
 */
export async function probeExtraOperations(ctx: CheckContext): Promise<void> {
  const contact = await ctx.samples.contact();
  const path = { contact_id: contact.id };
  const word = await ctx.samples.searchWord().catch(() => 'a');
  const record = (form: string, exchange: Exchange, extra = '') =>
    ctx.find({
      operation: exchange.operation,
      form,
      request: exchange.request,
      accepted: isSuccess(exchange),
      answer: `${describeAnswer(exchange)}${extra}`,
    });
  const read = async (form: string, options: SendOptions) => {
    const exchange = await ctx.send(options);
    record(form, exchange);
    return exchange;
  };
  const probed = new Set<string>(PROBED_ELSEWHERE);
  const mark = (options: SendOptions) => {
    probed.add(options.operationId);
    return options;
  };

  await read('one contact', mark({ operationId: 'getContact', path }));
  await read(
    'JSON body {query, limit, offset}',
    mark({ operationId: 'searchContactsByBody', json: { query: word, limit: 5, offset: 0 } }),
  );
  await read(
    'sort=-created_at',
    mark({ operationId: 'exportContactsCsv', query: { sort: '-created_at' } }),
  );
  await read(
    'SDK parameters',
    mark({
      operationId: 'listContactComments',
      path,
      query: { channel_types: ['web'], skip: 0, limit: 10 },
    }),
  );
  await read('', mark({ operationId: 'listContactMessageComments', path }));
  await read('plural path', mark({ operationId: 'listContactFilesPlural', path }));

  const conversationId = await ctx.samples.conversationId().catch(() => undefined);
  if (conversationId)
    await read(
      '',
      mark({ operationId: 'getConversationActivities', path: { conversation_id: conversationId } }),
    );
  else
    ctx.note(
      'getConversationActivities not probed: no conversation id (set CONTRACT_CONVERSATION_ID)',
    );
  probed.add('getConversationActivities');

  if (ctx.target.ids.boardItemId)
    await read(
      '',
      mark({
        operationId: 'getContactByBoardItem',
        path: { board_item_id: ctx.target.ids.boardItemId },
      }),
    );
  else ctx.note('getContactByBoardItem not probed: no board item id (set CONTRACT_BOARD_ITEM_ID)');
  probed.add('getContactByBoardItem');

  for (const id of [
    'createContact',
    'deleteContact',
    'createContactComment',
    'deleteContactComment',
  ])
    probed.add(id);
  if (!ctx.has('writes')) ctx.note(`create and delete not probed: ${ctx.target.limits.writes}`);
  else {
    await contactRoundTrip(ctx, record);
    await commentRoundTrip(ctx, contact.id, record);
  }

  const missed = EXTRA_OPERATIONS.filter((id) => !probed.has(id));
  if (missed.length) throw new Error(`the probe does not cover ${missed.join(', ')}: add them`);
}

type RecordFinding = (form: string, exchange: Exchange, extra?: string) => void;

async function contactRoundTrip(ctx: CheckContext, record: RecordFinding): Promise<void> {
  const stamp = Date.now().toString(36);
  const created = await ctx.send({
    operationId: 'createContact',
    json: {
      first_name: 'Contract',
      last_name: `Probe${stamp}`,
      display_name: `Contract Probe${stamp}`,
      channel_type: 'web',
    },
  });
  const id = jsonField(created, 'id');
  if (!isSuccess(created) || typeof id !== 'string') {
    record('create', created);
    return;
  }
  const found = await ctx.send({ operationId: 'getContact', path: { contact_id: id } });
  record('create', created, `; GET answers ${found.status}`);
  const deleted = await ctx.send({ operationId: 'deleteContact', path: { contact_id: id } });
  const after = await ctx.send({ operationId: 'getContact', path: { contact_id: id } });
  record('delete the created contact', deleted, `; GET then answers ${after.status}`);
  if (!isSuccess(deleted)) ctx.note(`contact ${id} created by the probe could not be deleted`);
}

async function commentRoundTrip(
  ctx: CheckContext,
  contactId: string,
  record: RecordFinding,
): Promise<void> {
  const path = { contact_id: contactId };
  const created = await ctx.send({
    operationId: 'createContactComment',
    path,
    json: { content: `contract suite probe ${Date.now().toString(36)}` },
  });
  const id = jsonField(created, '_id');
  if (!isSuccess(created) || typeof id !== 'string') {
    record('add a comment', created);
    return;
  }
  const got = await ctx.send({
    operationId: 'getContactComment',
    path: { ...path, comment_id: id },
  });
  const shown = lengthOf(jsonField(got, 'data'));
  record('add a comment', created, `; GET one answers ${got.status} with ${shown} comment(s)`);
  const deleted = await ctx.send({
    operationId: 'deleteContactComment',
    path: { ...path, comment_id: id },
  });
  const after = await ctx.send({
    operationId: 'getContactComment',
    path: { ...path, comment_id: id },
  });
  const left = lengthOf(jsonField(after, 'data'));
  record(
    'delete the added comment',
    deleted,
    `; GET one then answers ${after.status} with ${left} comment(s)`,
  );
  if (!isSuccess(deleted)) ctx.note(`comment ${id} added by the probe could not be deleted`);
}

const lengthOf = (value: unknown) => (Array.isArray(value) ? value.length : 0);
