/**
 * The page of the browser test (`msw.browser.test.ts`), and the set-up a frontend writes: MSW's
 * service worker sends every request the page makes to this page, where `createMockHandlers`
 * answers it from a seeded, stateful mock. Options come from the page's query string:
 * `?seed=5&contacts=200&token=t`.
 */
import { setupWorker } from 'msw/browser';
import { createMockHandlers } from '../msw.ts';

const query = new URLSearchParams(location.search);
const worker = setupWorker(
  ...createMockHandlers({
    seed: Number(query.get('seed') ?? 1),
    contacts: Number(query.get('contacts') ?? 100),
    tokens: [query.get('token') ?? 'mock-token'],
  }),
);
await worker.start({
  serviceWorker: { url: '/mockServiceWorker.js' },
  onUnhandledRequest: 'bypass',
  quiet: true,
});
document.body.dataset.mock = 'ready';
