/**
 * Checks that the mock under load is the mock with its full behaviour on — auth, validation, CORS and
 * request ids — so its req/s is not bought by switching any of them off.
 */
import { exchange } from './http.ts';
import { BENCH_AUTH, LIST_PATH } from './servers.ts';
import type { BehaviourCheck } from './types.ts';

export async function checkBehaviour(base: string): Promise<BehaviourCheck[]> {
  const url = `${base}${LIST_PATH}`;
  const anonymous = await exchange(url);
  const invalid = await exchange(`${base}/contacts?limit=100000`, { headers: BENCH_AUTH });
  const origin = 'http://bench.example';
  const cors = await exchange(url, { headers: { ...BENCH_AUTH, origin } });
  const echoed = await exchange(url, {
    headers: { ...BENCH_AUTH, 'x-request-id': 'bench-request-1' },
  });
  return [
    {
      what: 'auth: no token is refused',
      ok: anonymous.status === 401,
      detail: `status ${anonymous.status}`,
    },
    {
      what: 'validation: limit=100000 is refused',
      ok: invalid.status === 400,
      detail: `status ${invalid.status} ${invalid.body.slice(0, 120)}`,
    },
    {
      what: 'CORS: an Origin is allowed',
      ok: cors.status === 200 && cors.headers['access-control-allow-origin'] !== undefined,
      detail: `access-control-allow-origin: ${String(cors.headers['access-control-allow-origin'])}`,
    },
    {
      what: 'request id: answered and echoed',
      ok:
        cors.headers['x-request-id'] !== undefined &&
        echoed.headers['x-request-id'] === 'bench-request-1',
      detail: `fresh: ${String(cors.headers['x-request-id'])}, echoed: ${String(echoed.headers['x-request-id'])}`,
    },
  ];
}
