/**
 * Type-level tests of the client, checked by `tsc --noEmit` (the project's typecheck includes this
 * file; `client.typecheck.test.ts` also checks that each marked line fails for the reason it names).
 * Each `@ts-expect-error` line must not compile: if the spec or the client ever let it through, tsc
 * reports the directive as unused and the typecheck fails.
 */
import { createContactsClient, type Contact } from './client.ts';

const api = createContactsClient({ baseUrl: 'http://127.0.0.1:4010', token: 'mock-token' });

export async function listsContacts(): Promise<Contact[]> {
  const { data } = await api.GET('/contacts', {
    params: { query: { limit: 10, sort: '-created_at' } },
  });
  return data?.data ?? [];
}

export async function wrongQueryParameter(): Promise<void> {
  // @ts-expect-error `limits` is not a query parameter of GET /contacts
  await api.GET('/contacts', { params: { query: { limits: 10 } } });
}

export async function wrongPathParameter(): Promise<void> {
  // @ts-expect-error `id` is not the path parameter of GET /contacts/{contact_id}
  await api.GET('/contacts/{contact_id}', { params: { path: { id: 'c1' } } });
}

export async function wrongResponseField(): Promise<number | undefined> {
  const { data } = await api.GET('/contacts', {});
  // @ts-expect-error `total_count` is not a field of a contact list (its total is `count`)
  return data?.total_count;
}
