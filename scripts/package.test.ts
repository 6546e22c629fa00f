/**
 * The package as a consumer gets it, two ways: the tarball of a plain `npm pack` (its `prepare`
 * script builds `dist/`), and `npm install git+file://…` of a clone (npm runs `prepare` in the clone).
 * In an empty project each must import every export and use it, start the `imbrace-contacts-mock`
 * command, and type-check a file that imports the types.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operations } from '../openapi/spec.ts';
import { projectRoot } from './generate.ts';

const run = promisify(execFile);
const pkg = JSON.parse(await readFile(join(projectRoot, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  bin: Record<string, string>;
  dependencies: Record<string, string>;
  peerDependencies?: Record<string, string>;
};
const quiet = { ...process.env, npm_config_update_notifier: 'false', npm_config_loglevel: 'error' };
// From the cache `npm ci` filled: the test needs no network.
const INSTALL = ['--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock'];

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
import manifest from '${pkg.name}/package.json' with { type: 'json' };

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
    version: manifest.version,
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

interface PackedFile {
  path: string;
  mode: number;
}

/** `npm pack` of the repository as it is: its `prepare` script builds `dist/` when it is stale. */
async function pack(into: string): Promise<{ tarball: string; files: PackedFile[] }> {
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', into], {
    cwd: projectRoot,
    env: quiet,
    maxBuffer: 16 * 1024 * 1024,
  });
  const [{ filename, files }] = JSON.parse(stdout.slice(stdout.indexOf('['))) as [
    { filename: string; files: PackedFile[] },
  ];
  return { tarball: join(into, filename), files };
}

/** A git repository of the working tree as it is (committed or not), as a clone would give it. */
async function gitSnapshot(into: string): Promise<string> {
  const { stdout } = await run(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    {
      cwd: projectRoot,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const files = stdout.split('\0').filter(Boolean);
  for (const file of files) {
    await mkdir(dirname(join(into, file)), { recursive: true });
    await cp(join(projectRoot, file), join(into, file)).catch((error: { code?: string }) => {
      if (error.code !== 'ENOENT') throw error; // deleted but not yet committed
    });
  }
  const git = (...args: string[]) =>
    run('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], {
      cwd: into,
    });
  await git('init', '--quiet');
  await git('add', '--all');
  await git('commit', '--quiet', '--message', 'snapshot');
  return `git+file://${into}`;
}

async function emptyProject(dir: string, install: string): Promise<string> {
  await mkdir(dir);
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  await run('npm', ['install', install, ...INSTALL], { cwd: dir, env: quiet });
  return dir;
}

/** Starts `npx imbrace-contacts-mock --port 0` and waits for the URL in its banner. */
async function startBin(cwd: string): Promise<{ child: ChildProcess; url: string }> {
  // Its own process group, so that the mock under npx stops with it.
  const child = spawn(
    'npx',
    ['--no-install', 'imbrace-contacts-mock', '--port', '0', '--contacts', '50'],
    {
      cwd,
      env: quiet,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner in 60 s:\n${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk;
      const found = /(http:\/\/127\.0\.0\.1:[1-9][0-9]*)/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]!);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
  });
  return { child, url };
}

function stop(child: ChildProcess): void {
  if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
}

/** The packages `dist/` imports (statically or on first use), by name. */
async function importedPackages(packageDir: string, files: string[]): Promise<Set<string>> {
  const names = new Set<string>();
  for (const file of files.filter((f) => f.endsWith('.js'))) {
    const text = await readFile(join(packageDir, file), 'utf8');
    for (const [, spec] of text.matchAll(/(?:from|import\()\s*'([^'.][^']*)'/g)) {
      if (spec!.startsWith('node:')) continue;
      const parts = spec!.split('/');
      names.add(spec!.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
    }
  }
  return names;
}

let scratch: string;
let packed: { tarball: string; files: PackedFile[] };
const consumers: Record<'tarball' | 'git', string> = { tarball: '', git: '' };

// The git install runs `npm install` in the clone (every devDependency, from the npm cache) and the
// build: about a minute on an idle 2-core machine; four while the rest of the suite runs beside it.
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'contacts-package-'));
  const fromTarball = async () => {
    packed = await pack(scratch);
    return emptyProject(join(scratch, 'from-tarball'), packed.tarball);
  };
  const fromGit = async () =>
    emptyProject(join(scratch, 'from-git'), await gitSnapshot(join(scratch, 'repo')));
  [consumers.tarball, consumers.git] = await Promise.all([fromTarball(), fromGit()]);
}, 600_000);

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('the tarball of a plain npm pack', { timeout: 120_000 }, () => {
  it('holds the spec (YAML and JSON), the types, the client, the mock, the server and the bin', () => {
    const paths = packed.files.map((f) => f.path);
    for (const file of [
      'dist/openapi.json',
      'dist/openapi.yaml',
      'dist/openapi/types.d.ts',
      'dist/openapi/client.js',
      'dist/openapi/client.d.ts',
      'dist/openapi/validator.js',
      'dist/mock/app.js',
      'dist/mock/server.js',
      'package.json',
      'README.md',
    ]) {
      expect(paths, file).toContain(file);
    }
    const bin = Object.values(pkg.bin)[0]!.replace(/^\.\//, '');
    const binFile = packed.files.find((f) => f.path === bin);
    expect(binFile?.mode.toString(8), bin).toBe('755');
    expect(paths.some((p) => p.endsWith('.test.js') || p.startsWith('dist/scripts/'))).toBe(false);
  });

  it('its bin starts with a shebang', async () => {
    const text = await readFile(
      join(consumers.tarball, 'node_modules', pkg.name, pkg.bin['imbrace-contacts-mock']!),
      'utf8',
    );
    expect(text.startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('imports at run time only packages that are dependencies (a consumer gets no devDependencies)', async () => {
    const packageDir = join(consumers.tarball, 'node_modules', pkg.name);
    const imported = await importedPackages(
      packageDir,
      packed.files.map((f) => f.path),
    );
    expect(imported.size).toBeGreaterThan(3);
    // msw is an optional peer: only the ./msw export imports it, and its users have it.
    const provided = { ...pkg.dependencies, ...pkg.peerDependencies };
    expect([...imported].filter((name) => !(name in provided))).toEqual([]);
  });

  // The git install holds the same dist/ (built by its own prepare): one type check is enough.
  it('type-checks a file that imports the client, the types, the validator, createMockApp and the server', async () => {
    await writeFile(join(consumers.tarball, 'types.ts'), consumerTypes);
    await writeFile(
      join(consumers.tarball, 'tsconfig.json'),
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
      cwd: consumers.tarball,
    }).catch((e: { stdout: string }) => e);
    expect(result.stdout).toBe('');
  });
});

describe.each(['tarball', 'git'] as const)(
  'installed from the %s into an empty project',
  { timeout: 120_000 },
  (from) => {
    it('npx imbrace-contacts-mock --port 0 starts and answers', async () => {
      const { child, url } = await startBin(consumers[from]);
      try {
        const answer = await fetch(`${url}/v1/backend/contacts?limit=2`, {
          headers: { 'x-access-token': 'mock-token' },
        });
        expect(answer.status).toBe(200);
        expect(((await answer.json()) as { count: number }).count).toBe(50);
      } finally {
        stop(child);
      }
    });

    it('imports and uses the client, the types, the validator, createMockApp, the server and the spec', async () => {
      await writeFile(join(consumers[from], 'use.mjs'), consumerScript);
      const { stdout } = await run(process.execPath, ['--no-warnings', 'use.mjs'], {
        cwd: consumers[from],
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
      expect(seen.version).toBe(pkg.version);
    });
  },
);
