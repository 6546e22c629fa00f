/**
 * Contacts: list, search (both forms), create, get, update, delete, lookup by board item, CSV export.
 */
import { HTTPException } from 'hono/http-exception';
import type { ContactSort } from '../../openapi/types.ts';
import { spec } from '../../openapi/spec.ts';
import { contactListJson } from './contact-list.ts';
import { contactsCsv } from './contacts-csv.ts';
import type { RouteDeps } from './deps.ts';
import { NOT_FOUND } from './operation.ts';

// The body form of the search has no query defaults of its own: it takes those of the query form.
const DEFAULT_LIMIT = spec.components.parameters.Limit.schema.default;
const DEFAULT_SORT = spec.components.schemas.ContactSort.default as ContactSort;

export function contactRoutes({ api, store, operation, keptRead, directPut }: RouteDeps): void {
  keptRead('/contacts', 'listContacts', ({ query, sent }) => {
    const skip = query.offset ?? query.skip!;
    if (query.offset !== undefined && sent.skip !== undefined && query.skip !== query.offset) {
      throw new HTTPException(400, {
        message: `query.offset: must equal query.skip when both are sent (got offset ${query.offset}, skip ${query.skip})`,
      });
    }
    // A blank `q` is how generated clients send "no filter".
    const q = query.q?.trim() ? query.q : undefined;
    return contactListJson(
      store.listContactsJson({ limit: query.limit!, skip, sort: query.sort!, q }),
      skip,
    );
  });

  api.post(
    '/contacts',
    operation('createContact', ({ body }) => store.createContact(body)),
  );

  keptRead('/contacts/_search', 'searchContacts', ({ query }) =>
    contactListJson(
      store.searchContactsJson({
        limit: query.limit!,
        skip: query.skip!,
        sort: query.sort!,
        q: query.q!,
      }),
      query.skip!,
    ),
  );

  api.post(
    '/contacts/_search',
    operation('searchContactsByBody', ({ body }) => {
      const skip = body.offset ?? 0;
      return contactListJson(
        store.searchContactsJson({
          limit: body.limit ?? DEFAULT_LIMIT,
          skip,
          sort: DEFAULT_SORT,
          q: body.query,
        }),
        skip,
      );
    }),
  );

  api.get(
    '/contacts/_export_csv',
    operation('exportContactsCsv', ({ query, c }) =>
      c.body(contactsCsv(store.contactsInOrder(query.sort!)), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="contacts.csv"',
      }),
    ),
  );

  api.get(
    '/contacts/by-board-item/:board_item_id',
    operation(
      'getContactByBoardItem',
      ({ path }) => store.contactByBoardItem(path.board_item_id) ?? NOT_FOUND,
    ),
  );

  api.get(
    '/contacts/:contact_id',
    operation('getContact', ({ path }) => store.getContact(path.contact_id) ?? NOT_FOUND),
  );

  directPut(
    '/contacts/:contact_id',
    'updateContact',
    ({ path, body }) => store.updateContact(path.contact_id, body) ?? NOT_FOUND,
  );

  api.delete(
    '/contacts/:contact_id',
    operation('deleteContact', ({ path }) =>
      store.deleteContact(path.contact_id) ? { success: true } : NOT_FOUND,
    ),
  );
}
