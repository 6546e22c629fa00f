/**
 * The examples the API's owners published, as attached to the spec (`openapi/examples/`, each file
 * `{ summary, value }`, its summary naming the published file), and where each belongs: the operation,
 * and the response status or the request body it shows. Tests use this to hold the spec to the real
 * answers, and the mock's data to the records they show.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const examplesDir = fileURLToPath(new URL('./examples/', import.meta.url));

export type PublishedExample =
  | { file: string; operationId: string; status: number }
  | { file: string; operationId: string; request: true };

export const publishedExamples: readonly PublishedExample[] = [
  { file: 'list-contacts.200.json', operationId: 'listContacts', status: 200 },
  { file: 'search-contacts.200.json', operationId: 'searchContacts', status: 200 },
  { file: 'update-contact.request.json', operationId: 'updateContact', request: true },
  { file: 'update-contact.200.json', operationId: 'updateContact', status: 200 },
  {
    file: 'contact-conversations.all-channels.200.json',
    operationId: 'listContactConversations',
    status: 200,
  },
  {
    file: 'contact-conversations.web.200.json',
    operationId: 'listContactConversations',
    status: 200,
  },
  {
    file: 'contact-conversations.not-found.json',
    operationId: 'listContactConversations',
    status: 400,
  },
  {
    file: 'contact-conversations.not-found.json',
    operationId: 'listContactConversations',
    status: 404,
  },
  { file: 'contact-comments.200.json', operationId: 'getContactComment', status: 200 },
  { file: 'upload-contact-file.200.json', operationId: 'uploadContactFile', status: 200 },
  { file: 'contact-files.200.json', operationId: 'listContactFiles', status: 200 },
  { file: 'list-notifications.200.json', operationId: 'listNotifications', status: 200 },
  { file: 'notification-ids.request.json', operationId: 'markNotificationsRead', request: true },
  { file: 'notification-ids.request.json', operationId: 'dismissNotifications', request: true },
  { file: 'unauthorized.401.json', operationId: 'listContacts', status: 401 },
];

/** The files of `openapi/examples/` that hold a published example (the rest are illustrative). */
export function publishedExampleFiles(): string[] {
  return readdirSync(examplesDir)
    .filter((file) => file.endsWith('.json') && !file.endsWith('.illustrative.json'))
    .sort();
}

interface AttachedExample {
  summary: string;
  value: unknown;
}

export function readAttachedExample(file: string): AttachedExample {
  return JSON.parse(readFileSync(join(examplesDir, file), 'utf8')) as AttachedExample;
}

/** The published body of `file`, exactly as its owners published it. */
export const readPublishedExample = (file: string): unknown => readAttachedExample(file).value;
