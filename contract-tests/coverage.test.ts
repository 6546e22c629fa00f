import { describe, expect, it } from 'vitest';
import { coverageMarkdown, coverageRecorder } from './coverage.ts';
import { SKIPPED_CHECK } from './fixtures/results.ts';

describe('coverageRecorder', () => {
  const recorder = coverageRecorder();
  recorder.record({
    operationId: 'listContacts',
    status: 200,
    parameters: ['limit'],
    forms: ['plain'],
  });
  recorder.record({
    operationId: 'listContacts',
    status: 401,
    parameters: [],
    forms: ['no credentials'],
  });
  recorder.record({
    operationId: 'listContacts',
    status: 418,
    parameters: ['sort'],
    forms: ['plain'],
  });
  recorder.record({
    operationId: 'getContact',
    status: 0,
    parameters: ['contact_id'],
    forms: ['plain'],
  });
  const coverage = recorder.report([SKIPPED_CHECK], (op) => `never sent: ${op}`);
  const of = (id: string) => coverage.operations.find((o) => o.operationId === id)!;

  it('counts documented statuses seen and not seen, and undocumented ones', () => {
    expect(of('listContacts')).toMatchObject({
      requests: 3,
      statuses: { seen: ['200', '401'], notSeen: ['400'], undocumented: [418] },
      forms: ['no credentials', 'plain'],
    });
    expect(of('getContact').statuses.seen).toEqual([]);
  });

  it('lists the parameters not sent', () => {
    expect(of('listContacts').parameters.notSent).toEqual(['skip', 'offset', 'q']);
    expect(of('getContact').parameters.notSent).toEqual([]);
  });

  it('says why an operation was never sent, and which checks were skipped', () => {
    expect(of('createContact')).toMatchObject({ requests: 0, why: 'never sent: createContact' });
    expect(coverage.skipped).toEqual([{ check: 'updateReadBack', reason: 'writes are off' }]);
    expect(coverage.totals.operations).toBe('2/25');
  });

  it('renders a Markdown table with one row per operation', () => {
    const markdown = coverageMarkdown(coverage);
    expect(markdown).toContain(
      '| GET /contacts (listContacts) | 3 | 200, 401 | 400 | 418 | skip, offset, q | no credentials, plain |',
    );
    expect(markdown).toContain('- `updateReadBack`: writes are off');
  });
});
