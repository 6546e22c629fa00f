/**
 * Ids and pages that many checks start from, fetched once per run: the first contacts, one contact's
 * conversation and comment, the first notifications. A known id from the configuration wins over one
 * read from a page. When nothing can be found, the check asking is skipped with the reason.
 */
import type { Contact, NotificationList, OperationId } from '../openapi/types.ts';
import { requestValidator } from '../openapi/validator.ts';
import { answerOf } from './judge.ts';
import { SkipCheck } from './check.ts';
import {
  bodyOf,
  jsonField,
  type Exchange,
  type OperationRequest,
  type SendOptions,
  type SuccessBody,
} from './http.ts';
import type { Target } from './target.ts';

/** A contact id that fits the spec's pattern and that no account has. */
export const UNKNOWN_CONTACT_ID = 'con_contract-suite-no-such-contact';
export const UNKNOWN_COMMENT_ID = 'cmc_contract-suite-no-such-comment';

/** Every read of one contact, asked about a contact that does not exist (the not-found check and probe). */
export const UNKNOWN_CONTACT_READS: readonly SendOptions[] = [
  { operationId: 'listContactConversations', path: { contact_id: UNKNOWN_CONTACT_ID } },
  {
    operationId: 'getContactComment',
    path: { contact_id: UNKNOWN_CONTACT_ID, comment_id: UNKNOWN_COMMENT_ID },
  },
  { operationId: 'listContactFiles', path: { contact_id: UNKNOWN_CONTACT_ID } },
  { operationId: 'listContactFilesPlural', path: { contact_id: UNKNOWN_CONTACT_ID } },
  { operationId: 'getContact', path: { contact_id: UNKNOWN_CONTACT_ID } },
  { operationId: 'listContactComments', path: { contact_id: UNKNOWN_CONTACT_ID } },
  { operationId: 'listContactMessageComments', path: { contact_id: UNKNOWN_CONTACT_ID } },
];

export interface Samples {
  /** The first page of contacts (limit 20, the default order). */
  contacts(): Promise<Contact[]>;
  contactId(): Promise<string>;
  /** The sample contact's whole record. */
  contact(): Promise<Contact>;
  conversationId(): Promise<string>;
  /** A word of a contact's name on the first page, which a text search must find. */
  searchWord(): Promise<string>;
  commentId(): Promise<string | undefined>;
  notifications(): Promise<NotificationList>;
}

type Send = <O extends OperationId>(options: OperationRequest<O>) => Promise<Exchange<O>>;

export function createSamples(target: Target, send: Send): Samples {
  const once = <T>(load: () => Promise<T>) => {
    let value: Promise<T> | undefined;
    return () => (value ??= load());
  };
  // A valid request for a sample that fails is the target's failure, not a reason to skip.
  const ok = <O extends OperationId>(exchange: Exchange<O>, what: string): SuccessBody<O> => {
    const body = bodyOf(exchange);
    if (body === undefined) {
      throw new Error(`no ${what}: ${exchange.request} answered ${answerOf(exchange)}`);
    }
    return body;
  };

  // The first page, read leniently: ids and names serve the checks even when the page breaks the
  // schema (which the conformance checks then report); whole records are read only when they fit it.
  const firstPage = once(async () => {
    const exchange = await send({ operationId: 'listContacts', query: { limit: 20 } });
    const data = jsonField(exchange, 'data');
    if (exchange.status < 200 || exchange.status >= 300 || !Array.isArray(data)) {
      throw new Error(`no contacts: ${exchange.request} answered ${answerOf(exchange)}`);
    }
    const records: unknown[] = data;
    return { exchange, records };
  });
  const contacts = once(async () => bodyOf((await firstPage()).exchange)?.data ?? []);

  const contactId = once(async () => {
    if (target.ids.contactId) return target.ids.contactId;
    const id = textOf((await firstPage()).records[0], 'id');
    if (!id)
      throw new SkipCheck(
        'no contacts: the first page is empty and CONTRACT_CONTACT_ID is not set',
      );
    return id;
  });

  const contact = once(async () => {
    const id = await contactId();
    const onPage = (await contacts()).find((c) => c.id === id);
    if (onPage) return onPage;
    return ok(await send({ operationId: 'getContact', path: { contact_id: id } }), `contact ${id}`);
  });

  const conversationId = once(async () => {
    if (target.ids.conversationId) return target.ids.conversationId;
    // The sample contact first, then the rest of the first page: not every contact has conversations.
    const ids = [await contactId(), ...(await contacts()).map((c) => c.id)];
    for (const id of [...new Set(ids)].slice(0, 10)) {
      const exchange = await send({
        operationId: 'listContactConversations',
        path: { contact_id: id },
      });
      const found = (bodyOf(exchange)?.data ?? [])
        .map((item) => item.conversation?._id)
        .find(
          (id) =>
            typeof id === 'string' && fitsPath('getConversationActivities', 'conversation_id', id),
        );
      if (found) return found;
    }
    throw new SkipCheck(
      'no conversation among the first contacts and CONTRACT_CONVERSATION_ID is not set',
    );
  });

  const commentId = once(async () => {
    if (target.ids.commentId) return target.ids.commentId;
    const exchange = await send({
      operationId: 'listContactComments',
      path: { contact_id: await contactId() },
    });
    return bodyOf(exchange)
      ?.data.map((c) => c._id)
      .find((id) => fitsPath('getContactComment', 'comment_id', id));
  });

  const searchWord = once(async () => {
    for (const record of (await firstPage()).records) {
      const word = searchWordOf(record);
      if (word) return word;
    }
    throw new SkipCheck('no contact on the first page has a name to search for');
  });

  const notifications = once(async () =>
    ok(await send({ operationId: 'listNotifications', query: { limit: 50 } }), 'notifications'),
  );

  return { contacts, contactId, contact, conversationId, commentId, searchWord, notifications };
}

/** Whether an id read from an answer can be sent as the operation's path parameter (a placeholder like "string" cannot). */
function fitsPath(operationId: string, name: string, value: string): boolean {
  const result = requestValidator(operationId)({ path: { contact_id: 'con_x', [name]: value } });
  return result.ok || !result.failures.some((f) => f.at === `path.${name}`);
}

/** A word of the contact's name that a text search should find it by (anonymous visitors have none). */
export function searchWordOf(contact: unknown): string | undefined {
  const words = ['first_name', 'last_name', 'display_name']
    .flatMap((name) => textOf(contact, name)?.split(/\s+/) ?? [])
    .filter((w) => /^[\p{L}\p{N}]{3,}$/u.test(w));
  return words[0];
}

/** A string field of a record that need not fit the spec. */
function textOf(record: unknown, name: string): string | undefined {
  const value =
    record !== null && typeof record === 'object' ? Reflect.get(record, name) : undefined;
  return typeof value === 'string' ? value : undefined;
}
