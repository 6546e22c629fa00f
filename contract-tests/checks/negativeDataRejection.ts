import { operation, parameters } from '../../openapi/spec.ts';
import type { CheckContext } from '../check.ts';
import type { SendOptions } from '../http.ts';
import { answerOf, failureAt, schemaViolation, undocumentedStatus } from '../judge.ts';

interface Case {
  why: string;
  options: SendOptions;
  /** Only a target that applies the whole spec to requests rejects it. */
  strict?: boolean;
}

/** The bounds of a query parameter as the spec declares them. */
function bounds(
  operationId: string,
  name: string,
): { minimum?: number; maximum?: number; maxLength?: number } {
  const param = parameters(operation(operationId)).find((p) => p.in === 'query' && p.name === name);
  if (!param) throw new Error(`${operationId} has no query parameter ${name}`);
  return param.schema as { minimum?: number; maximum?: number; maxLength?: number };
}

/** Values just outside a numeric parameter's range, plus ones that are not integers at all. */
function badNumbers(operationId: SendOptions['operationId'], name: string): Case[] {
  const { minimum, maximum } = bounds(operationId, name);
  const values: string[] = ['abc', '1.5'];
  if (minimum !== undefined) values.push(String(minimum - 1));
  if (maximum !== undefined) values.push(String(maximum + 1));
  return values.map((value) => ({
    why: `${name}=${JSON.stringify(value)}`,
    options: { operationId, offSpecQuery: { [name]: value } },
  }));
}

function queryCases(contactId: string): Case[] {
  const qMax = bounds('searchContacts', 'q').maxLength ?? 256;
  return [
    ...badNumbers('listContacts', 'limit'),
    ...badNumbers('listContacts', 'skip'),
    ...badNumbers('searchContacts', 'limit'),
    ...badNumbers('listNotifications', 'limit'),
    ...badNumbers('listNotifications', 'skip'),
    {
      why: 'sort on no such field',
      options: { operationId: 'listContacts', offSpecQuery: { sort: 'no_such_field' } },
    },
    {
      why: 'sort with two minus signs',
      options: { operationId: 'listContacts', offSpecQuery: { sort: '--created_at' } },
    },
    {
      why: 'sort on no such field',
      options: { operationId: 'searchContacts', offSpecQuery: { q: 'a', sort: 'no_such_field' } },
    },
    {
      why: 'search type other than text',
      options: { operationId: 'searchContacts', offSpecQuery: { q: 'a', type: 'no_such_type' } },
    },
    {
      why: `q longer than ${qMax}`,
      options: { operationId: 'searchContacts', offSpecQuery: { q: 'a'.repeat(qMax + 1) } },
    },
    {
      why: 'unknown channel type',
      options: {
        operationId: 'listContactConversations',
        path: { contact_id: contactId },
        offSpecQuery: { channel_types: ['fax'] },
      },
    },
    {
      why: 'one good and one unknown channel type',
      options: {
        operationId: 'listContactConversations',
        path: { contact_id: contactId },
        offSpecQuery: { channel_types: ['web', 'WEB'] },
      },
    },
    {
      why: 'malformed contact id',
      options: {
        operationId: 'listContactConversations',
        path: { contact_id: 'not-a-contact-id' },
      },
    },
  ];
}

/** Bad bodies whose acceptance would change nothing that matters: no real field gets a bad value. */
function bodyCases(contactId: string): Case[] {
  const update = { operationId: 'updateContact' as const, path: { contact_id: contactId } };
  return [
    {
      why: 'unknown field',
      options: { ...update, json: { contract_suite_no_such_field: 1 } },
      strict: true,
    },
    { why: 'field of the wrong type', options: { ...update, json: { first_name: 12 } } },
    {
      why: 'malformed JSON',
      options: {
        ...update,
        body: '{"first_name": ',
        headers: { 'content-type': 'application/json' },
      },
      strict: true,
    },
    { why: 'a JSON array for an object', options: { ...update, json: [] } },
    {
      why: 'not JSON at all',
      options: { ...update, body: 'first_name=x', headers: { 'content-type': 'text/plain' } },
    },
    { why: 'no ids', options: { operationId: 'markNotificationsRead', json: [] } },
    {
      why: 'ids that are not notification ids',
      options: { operationId: 'markNotificationsRead', json: ['nope'] },
    },
    {
      why: 'an object of no known form',
      options: { operationId: 'markNotificationsRead', json: { contract_suite: true } },
    },
    {
      why: 'no body',
      options: {
        operationId: 'dismissNotifications',
        headers: { 'content-type': 'application/json' },
      },
    },
    { why: 'a number for ids', options: { operationId: 'dismissNotifications', json: { ids: 5 } } },
  ];
}

/**
 * Out-of-range or malformed `limit`, `skip`, `sort`, `channel_types`, `q` and bad request bodies are
 * answered with a documented 4xx and a body that fits the spec: never a 2xx, never a 5xx. Bodies are
 * sent only when writes are on (a server that wrongly accepted one would change data).
 */
export async function negativeDataRejection(ctx: CheckContext): Promise<void> {
  const contactId = await ctx.samples.contactId();
  const cases = queryCases(contactId);
  if (ctx.has('writes')) cases.push(...bodyCases(contactId));
  else ctx.note(`bad request bodies not sent: ${ctx.target.limits.writes}`);
  const strict = ctx.has('strictRequests');
  const skipped = strict ? [] : cases.filter((c) => c.strict).map((c) => c.why);
  if (skipped.length)
    ctx.note(`${skipped.join(', ')} not sent: ${ctx.target.limits.strictRequests}`);

  for (const { why, options } of cases.filter((c) => strict || !c.strict)) {
    const exchange = await ctx.send(options);
    const labelled = { ...exchange, request: `${exchange.request} (${why})` };
    if (exchange.status >= 500) {
      ctx.fail(
        failureAt(
          labelled,
          'Server error on invalid input',
          answerOf(exchange),
          'a documented 4xx',
        ),
      );
    } else if (exchange.status < 400) {
      ctx.fail(
        failureAt(labelled, 'Invalid input accepted', answerOf(exchange), 'a documented 4xx'),
      );
    } else {
      const failure = undocumentedStatus(labelled) ?? schemaViolation(labelled);
      if (failure) ctx.fail(failure);
    }
  }
}
