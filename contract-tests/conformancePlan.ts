/**
 * The requests that the three conformance checks (status code, content type, response schema) judge:
 * each read operation with typical parameters, plus the documented error answers (no credentials, a
 * bad parameter, an unknown contact). Sent once per run and shared by the three checks.
 *
 * Operations known only from the SDK and the service export are judged when the target implements
 * the whole spec (the mock, Prism); against a remote gateway the probes report them instead.
 */
import { operation } from '../openapi/spec.ts';
import type { CheckContext } from './check.ts';
import type { Exchange, SendOptions } from './http.ts';
import { UNKNOWN_COMMENT_ID, UNKNOWN_CONTACT_ID, type Samples } from './samples.ts';

export interface Planned {
  options: SendOptions;
  /** A stateless target answers any id: the not-found cases need state. */
  needsState?: boolean;
  /** What a conforming target answers: a 2xx, or a documented error. */
  expect: 'success' | 'error';
}

export interface Judged extends Planned {
  exchange: Exchange;
}

/** Whether the spec knows the operation from the published documentation. */
export function isPublished(operationId: string): boolean {
  return ((operation(operationId).definition['x-sources'] as string[] | undefined) ?? []).includes(
    'published-doc',
  );
}

async function plan(ctx: CheckContext): Promise<Planned[]> {
  const contactId = await ctx.samples.contactId();
  // Any word will do for conformance: the answer's shape is judged, not its hits.
  const word = await ctx.samples.searchWord().catch(() => 'a');
  const path = { contact_id: contactId };
  const ok = (options: SendOptions): Planned => ({ options, expect: 'success' });
  const error = (options: SendOptions): Planned => ({ options, expect: 'error' });
  const notFound = (options: SendOptions): Planned => ({
    options,
    expect: 'error',
    needsState: true,
  });

  const planned: Planned[] = [
    ok({ operationId: 'listContacts' }),
    ok({ operationId: 'listContacts', query: { limit: 5, skip: 3, sort: 'display_name' } }),
    ok({ operationId: 'searchContacts', query: { q: word, type: 'text', limit: 5 } }),
    ok({ operationId: 'searchContacts', query: { q: '', type: 'text' } }),
    ok({ operationId: 'listContactConversations', path }),
    ok({ operationId: 'listContactConversations', path, query: { channel_types: ['web'] } }),
    ok({
      operationId: 'listContactConversations',
      path,
      query: { channel_types: ['web', 'whatsapp', 'email'] },
    }),
    ok({
      operationId: 'getContactComment',
      path: {
        ...path,
        comment_id: (await optional(() => ctx.samples.commentId())) ?? UNKNOWN_COMMENT_ID,
      },
    }),
    ok({ operationId: 'listContactFiles', path }),
    ok({ operationId: 'listNotifications' }),
    ok({ operationId: 'listNotifications', query: { limit: 3, skip: 1 } }),
    error({ operationId: 'listContacts', auth: 'none' }),
    error({ operationId: 'listContacts', query: { limit: 0 } }),
    notFound({ operationId: 'listContactConversations', path: { contact_id: UNKNOWN_CONTACT_ID } }),
    error({ operationId: 'listNotifications', auth: 'none' }),
    ok({ operationId: 'getContact', path }),
    ok({ operationId: 'listContacts', query: { offset: 2, limit: 3 } }),
    ok({ operationId: 'listContacts', query: { q: word, limit: 5 } }),
    ok({ operationId: 'searchContactsByBody', json: { query: word, limit: 5, offset: 0 } }),
    ok({ operationId: 'exportContactsCsv', query: { sort: 'id' } }),
    ok({ operationId: 'listContactComments', path, query: { limit: 5 } }),
    ok({ operationId: 'listContactMessageComments', path }),
    ok({ operationId: 'listContactFilesPlural', path }),
    notFound({ operationId: 'getContact', path: { contact_id: UNKNOWN_CONTACT_ID } }),
  ];
  const conversationId = await optional(() => ctx.samples.conversationId());
  if (conversationId)
    planned.push(
      ok({ operationId: 'getConversationActivities', path: { conversation_id: conversationId } }),
    );
  if (ctx.target.ids.boardItemId)
    planned.push(
      ok({
        operationId: 'getContactByBoardItem',
        path: { board_item_id: ctx.target.ids.boardItemId },
      }),
    );
  return planned.filter(
    (p) =>
      (ctx.has('extras') || isPublished(p.options.operationId)) &&
      (!p.needsState || ctx.has('state')),
  );
}

const cache = new WeakMap<Samples, Promise<Judged[]>>();

/** The planned requests and their answers, sent once per run (per Samples). */
export function conformanceExchanges(ctx: CheckContext): Promise<Judged[]> {
  if (!ctx.has('extras')) ctx.note(`only the published operations: ${ctx.target.limits.extras}`);
  if (!ctx.has('state')) ctx.note(`unknown contacts not sent: ${ctx.target.limits.state}`);
  let judged = cache.get(ctx.samples);
  if (!judged) {
    judged = plan(ctx).then(async (planned) => {
      const out: Judged[] = [];
      for (const p of planned) out.push({ ...p, exchange: await ctx.send(p.options) });
      return out;
    });
    cache.set(ctx.samples, judged);
  }
  return judged;
}

async function optional<T>(load: () => Promise<T>): Promise<T | undefined> {
  try {
    return await load();
  } catch {
    return undefined;
  }
}
