import { describe, expect, it } from 'vitest';
import { configFromEnv, normalizePrefix } from './config.ts';

describe('configFromEnv', () => {
  it.each([
    {
      name: 'nothing set: the local mock, its token, writes on',
      env: {},
      want: {
        baseUrl: undefined,
        kind: 'mock',
        token: 'mock-token',
        authScheme: 'access-token',
        prefix: '/v1/backend',
        writes: true,
      },
    },
    {
      name: 'a remote URL: read-only',
      env: { CONTRACT_BASE_URL: 'https://gw.example/', CONTRACT_TOKEN: 't0k' },
      want: { baseUrl: 'https://gw.example', kind: 'remote', token: 't0k', writes: false },
    },
    {
      name: 'a remote URL with writes',
      env: { CONTRACT_BASE_URL: 'https://gw.example', CONTRACT_TOKEN: 't0k', CONTRACT_WRITES: '1' },
      want: { writes: true },
    },
    {
      name: 'Prism with an empty prefix',
      env: {
        CONTRACT_BASE_URL: 'http://127.0.0.1:9',
        CONTRACT_TARGET: 'prism',
        CONTRACT_PREFIX: '',
      },
      want: { kind: 'prism', prefix: '', token: 'mock-token', writes: true },
    },
    {
      name: "the SDK's bearer scheme",
      env: { CONTRACT_AUTH: 'bearer', CONTRACT_ORGANIZATION_ID: 'org_1' },
      want: { authScheme: 'bearer', organizationId: 'org_1' },
    },
    {
      name: 'an API key',
      env: { CONTRACT_AUTH: 'api-key' },
      want: { authScheme: 'api-key', organizationId: undefined },
    },
    {
      name: 'a base URL that ends in a prefix: the prefix taken from it, not sent twice, and said',
      env: { CONTRACT_BASE_URL: 'https://gw.example/v1/backend/', CONTRACT_TOKEN: 't0k' },
      want: {
        baseUrl: 'https://gw.example',
        prefix: '/v1/backend',
        notes: [
          'the prefix /v1/backend was given in CONTRACT_BASE_URL: running against https://gw.example with prefix /v1/backend',
        ],
      },
    },
    {
      name: 'the same prefix in both places',
      env: {
        CONTRACT_BASE_URL: 'https://gw.example/backend/v1',
        CONTRACT_PREFIX: 'backend/v1',
        CONTRACT_TOKEN: 't0k',
      },
      want: { baseUrl: 'https://gw.example', prefix: '/backend/v1' },
    },
    {
      name: 'timeout, fuzz runs and seed',
      env: { CONTRACT_TIMEOUT_MS: '2500', CONTRACT_FUZZ: '500', CONTRACT_SEED: '7' },
      want: { timeoutMs: 2500, fuzzRuns: 500, seed: 7 },
    },
    {
      name: 'defaults: 10 s per request; the fuzz phase on for the local mock',
      env: {},
      want: { timeoutMs: 10_000, fuzzRuns: 300, notes: [] },
    },
    {
      name: 'defaults: the fuzz phase off for a remote target',
      env: { CONTRACT_BASE_URL: 'https://gw.example', CONTRACT_TOKEN: 't0k' },
      want: { fuzzRuns: 0 },
    },
    {
      name: 'known ids',
      env: { CONTRACT_CONTACT_ID: 'con_1', CONTRACT_BOARD_ITEM_ID: 'bi_2' },
      want: {
        ids: {
          contactId: 'con_1',
          conversationId: undefined,
          commentId: undefined,
          boardItemId: 'bi_2',
        },
      },
    },
  ])('$name', ({ env, want }) => {
    expect(configFromEnv(env)).toMatchObject(want);
  });

  it.each([
    {
      name: 'a remote target without a token',
      env: { CONTRACT_BASE_URL: 'https://gw.example' },
      error: /CONTRACT_TOKEN is required/,
    },
    {
      name: 'an unknown target kind',
      env: { CONTRACT_BASE_URL: 'https://gw.example', CONTRACT_TARGET: 'staging' },
      error: /mock, prism or remote/,
    },
    {
      name: 'Prism without a URL',
      env: { CONTRACT_TARGET: 'prism' },
      error: /needs CONTRACT_BASE_URL/,
    },
    {
      name: 'an unknown auth scheme',
      env: { CONTRACT_AUTH: 'basic' },
      error: /CONTRACT_AUTH must be access-token, bearer, api-key \(got basic\)/,
    },
    {
      name: 'a bearer token without an organization',
      env: { CONTRACT_AUTH: 'bearer' },
      error: /CONTRACT_ORGANIZATION_ID is required/,
    },
    {
      name: 'a base URL without a scheme',
      env: { CONTRACT_BASE_URL: 'app-gateway.dev.imbrace.co', CONTRACT_TOKEN: 't0k' },
      error:
        /CONTRACT_BASE_URL must start with http:\/\/ or https:\/\/ \(got "app-gateway.dev.imbrace.co"\)/,
    },
    {
      name: 'a base URL with a path that is not a prefix',
      env: { CONTRACT_BASE_URL: 'https://gw.example/api', CONTRACT_TOKEN: 't0k' },
      error:
        /scheme, host and port only \(got the path \/api\); the prefix goes in CONTRACT_PREFIX/,
    },
    {
      name: 'a prefix in the base URL that CONTRACT_PREFIX contradicts',
      env: {
        CONTRACT_BASE_URL: 'https://gw.example/v1/backend',
        CONTRACT_PREFIX: '/backend/v1',
        CONTRACT_TOKEN: 't0k',
      },
      error: /ends in the prefix \/v1\/backend but CONTRACT_PREFIX is \/backend\/v1/,
    },
    {
      name: 'a timeout that is not a number',
      env: { CONTRACT_TIMEOUT_MS: '10s' },
      error: /CONTRACT_TIMEOUT_MS must be a whole number of at least 1 \(got 10s\)/,
    },
    {
      name: 'a flag that is not one',
      env: { CONTRACT_WRITES: 'maybe' },
      error: /CONTRACT_WRITES must be 1 or 0/,
    },
  ])('rejects $name', ({ env, error }) => {
    expect(() => configFromEnv(env)).toThrow(error);
  });

  it.each([
    ['v1/backend/', '/v1/backend'],
    ['/channel-service/v1', '/channel-service/v1'],
    ['/', ''],
    ['', ''],
  ])('normalizePrefix(%j) is %j', (input, expected) => {
    expect(normalizePrefix(input)).toBe(expected);
  });
});
