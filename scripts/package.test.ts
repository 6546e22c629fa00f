/**
 * The package as a consumer gets it: `npm run build`, `npm pack`, the tarball installed into an empty
 * project (from the local npm cache where it can), then a script there imports every export and
 * uses it, and `tsc` checks a file that imports the types.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operations } from '../openapi/validator.ts';
import { build } from './build.ts';
import { projectRoot } from './generate.ts';

const run = promisify(execFile);
const pkg = JSON.parse(await readFile(join(projectRoot, 'package.json'), 'utf8')) as {
  name: string;
};
const quiet = { ...process.env, npm_config_update_notifier: 'false', npm_config_loglevel: 'error' };

// Runs in the consumer's project: every runtime export, used. Prints one JSON line of what it saw.
const consumerScript = `
import { readFile } from 'node:fs/promises';
import { createContactsClient } from '${pkg.name}';
import { createContactsClient as fromClient } from '${pkg.name}/client';
import * as types from '${pkg.name}/types';
import { requestValidator } from '${pkg.name}/validator';
import { createMockApp } from '${pkg.name}/mock';
import { startMockServer } from '${pkg.name}/mock/server';
import spec from '${pkg.name}/openapi.json' with { type: 'json' };

const yamlText = await readFile(new URL(import.meta.resolve('${pkg.name}/openapi.yaml')), 'utf8');
const { app, store } = createMockApp({ seed: 9, contacts: 12 });
const inProcess = createContactsClient({ baseUrl: 'http://mock.test', token: 'mock-token', fetch: app.fetch });
const page = await inProcess.GET('/contacts', { params: { query: { limit: 3 } } });
const server = await startMockServer({ port: 0, seed: 9, contacts: 12 });
try {
  const overHttp = fromClient({ baseUrl: server.url, token: 'mock-token' });
  const samePage = await overHttp.GET('/contacts', { params: { query: { limit: 3 } } });
  const docs = await fetch(server.url + '/docs');
  const bundle = await fetch(server.url + '/docs/scalar.js');
  console.log(JSON.stringify({
    status: page.response.status,
    count: page.data.count,
    ids: page.data.data.map((c) => c.id),
    storeIds: store.listContacts({ limit: 3, skip: 0, sort: '-created_at' }).data.map((c) => c.id),
    overHttpIds: samePage.data.data.map((c) => c.id),
    docs: docs.status,
    bundle: bundle.status,
    typesExports: Object.keys(types),
    validatorRejects: !requestValidator('listContacts')({ query: { limit: '5000' } }).ok,
    specOperations: Object.values(spec.paths).flatMap((item) => Object.keys(item).filter((k) => ['get', 'put', 'post', 'delete', 'patch'].includes(k))).length,
    specRefs: JSON.stringify(spec).includes('"$ref"'),
    yamlText: yamlText.slice(0, 200),
    yamlLength: yamlText.length,
  }));
} finally {
  await server.close();
}
`;

// Type-checked in the consumer's project, declarations included (no skipLibCheck): the types resolve
// through the package's exports, and the client is typed (a wrong parameter must not compile).
const consumerTypes = `
import { createContactsClient, type Contact, type ContactList, type paths } from '${pkg.name}';
import type { Notification } from '${pkg.name}/types';
import { createMockApp, type MockOptions } from '${pkg.name}/mock';
import { startMockServer, type MockServer } from '${pkg.name}/mock/server';
import { requestValidator, spec } from '${pkg.name}/validator';

export const start: (options: { port: number }) => Promise<MockServer> = startMockServer;
export const title: string = spec.info.title;
export const valid: boolean = requestValidator('listContacts')({}).ok;
const options: MockOptions = { seed: 1, contacts: 10 };
const { app } = createMockApp(options);
const api = createContactsClient({ baseUrl: 'http://mock.test', token: 'mock-token', fetch: app.fetch });
export async function first(): Promise<Contact | undefined> {
  const { data } = await api.GET('/contacts', { params: { query: { limit: 1 } } });
  const list: ContactList | undefined = data;
  // @ts-expect-error \`limits\` is not a parameter
  await api.GET('/contacts', { params: { query: { limits: 1 } } });
  return list?.data[0];
}
export type ListPath = keyof paths;
export type Title = Notification['title'];
`;

// About 25 s on an idle 2-core machine (build ~15 s, pack and install ~5 s); more while the rest of the
// suite runs beside it, hence the timeouts.
describe('the packed package in an empty project', { timeout: 120_000 }, () => {
  let scratch: string;
  let consumer: string;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'contacts-package-'));
    consumer = join(scratch, 'consumer');
    await build();
    const packed = await run('npm', ['pack', '--json', '--pack-destination', scratch], {
      cwd: projectRoot,
      env: quiet,
    });
    const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
    await mkdir(consumer);
    await writeFile(
      join(consumer, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
    );
    await run(
      'npm',
      [
        'install',
        join(scratch, filename),
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        '--no-package-lock',
      ],
      { cwd: consumer, env: quiet },
    );
  }, 180_000);

  afterAll(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('installs the imbrace-contacts-mock command', async () => {
    const bin = join(consumer, 'node_modules', '.bin', 'imbrace-contacts-mock');
    const { stdout } = await run(bin, ['--help'], { cwd: consumer, env: quiet });
    expect(stdout).toContain('--port');
    expect(stdout).toContain('--state');
  });

  it('imports and uses the client, the types, the validator, createMockApp, the server and the spec', async () => {
    await writeFile(join(consumer, 'use.mjs'), consumerScript);
    const { stdout } = await run(process.execPath, ['--no-warnings', 'use.mjs'], {
      cwd: consumer,
      env: quiet,
    });
    const seen = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(seen.status).toBe(200);
    expect(seen.count).toBe(12);
    expect(seen.ids).toHaveLength(3);
    expect(seen.ids).toEqual(seen.storeIds);
    expect(seen.overHttpIds).toEqual(seen.ids);
    expect([seen.docs, seen.bundle]).toEqual([200, 200]);
    expect(seen.typesExports).toEqual([]); // types only: nothing at run time
    expect(seen.validatorRejects).toBe(true);
    expect(seen.specOperations).toBe(operations.length);
    expect(seen.specRefs).toBe(false); // every reference resolved
    expect(seen.yamlText).toMatch(/^openapi: 3\.1\.\d+\n/);
    expect(seen.yamlLength).toBeGreaterThan(10_000);
  });

  it('type-checks a file that imports the client, the types, the validator, createMockApp and the server', async () => {
    await writeFile(join(consumer, 'types.ts'), consumerTypes);
    await writeFile(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: [],
        },
        files: ['types.ts'],
      }),
    );
    const tsc = join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], {
      cwd: consumer,
    }).catch((e: { stdout: string }) => e);
    expect(result.stdout).toBe('');
  });
});
