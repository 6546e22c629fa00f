/**
 * The ceiling: a bare `node:http` server that answers every request with one fixed body, read once
 * from a file. Whatever the mock does beyond this costs throughput, so its req/s bounds the mock's.
 *
 *   node --import tsx scripts/bench/ceiling-server.ts --port 4011 --body-file page.json
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    'body-file': { type: 'string' },
  },
});
if (!values.port || !values['body-file'])
  throw new Error('usage: ceiling-server --port N --body-file FILE');

const body = readFileSync(values['body-file']);
const headers = { 'content-type': 'application/json', 'content-length': String(body.length) };

createServer((_req, res) => {
  res.writeHead(200, headers);
  res.end(body);
}).listen(Number(values.port), values.host);
