/**
 * The hot spots of a V8 CPU profile (`node --cpu-prof`): self time per function and per file, so a
 * slow mock's cost can be named.
 *
 *   npx tsx scripts/bench/hot-spots.ts PROFILE.cpuprofile [--top 25] [--skip-ms 0]
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** The part of the `.cpuprofile` format read here. */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    hitCount?: number;
  }[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

export interface HotSpot {
  /** `function (file:line)`, or the file alone in the per-file view. */
  name: string;
  selfMs: number;
  /** Share of all sampled time, 0..1. */
  share: number;
}

/** A profile URL made short: the path inside the project or node_modules, `node:` modules as is. */
export function shortUrl(url: string): string {
  if (url === '') return '(native)';
  const path = url.startsWith('file://') ? url.slice('file://'.length) : url;
  const inModules = path.lastIndexOf('/node_modules/');
  if (inModules >= 0) return path.slice(inModules + '/node_modules/'.length);
  const inProject = /\/(mock|openapi|scripts|contract-tests)\//.exec(path);
  return inProject ? path.slice(inProject.index + 1) : path;
}

/**
 * Self time per key, heaviest first. Time per sample comes from `timeDeltas` (µs); samples in the
 * first `skipMs` of the profile (start-up, warm-up) are left out.
 */
export function hotSpots(
  profile: CpuProfile,
  key: 'function' | 'file',
  top = 20,
  skipMs = 0,
): HotSpot[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  let elapsedUs = 0;
  samples.forEach((id, i) => {
    const delta = profile.timeDeltas?.[i] ?? 0;
    elapsedUs += delta;
    if (elapsedUs >= skipMs * 1000) selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });

  const totals = new Map<string, number>();
  let all = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    const file = shortUrl(frame.url);
    const name =
      key === 'file'
        ? file
        : `${frame.functionName || '(anonymous)'} (${file}:${frame.lineNumber + 1})`;
    totals.set(name, (totals.get(name) ?? 0) + us);
    all += us;
  }
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, us]) => ({ name, selfMs: us / 1000, share: all === 0 ? 0 : us / all }));
}

/** The hot spots as aligned lines: share, self time, name. */
export function hotSpotLines(spots: HotSpot[]): string[] {
  return spots.map(
    (spot) =>
      `${(spot.share * 100).toFixed(1).padStart(5)}%  ${spot.selfMs.toFixed(0).padStart(7)} ms  ${spot.name}`,
  );
}

function print(title: string, spots: HotSpot[]): void {
  console.log(`\n${title}\n${hotSpotLines(spots).join('\n')}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      top: { type: 'string', default: '25' },
      'skip-ms': { type: 'string', default: '0' },
    },
  });
  if (positionals.length !== 1)
    throw new Error('usage: hot-spots PROFILE.cpuprofile [--top N] [--skip-ms MS]');
  const profile = JSON.parse(await readFile(positionals[0]!, 'utf8')) as CpuProfile;
  const skip = Number(values['skip-ms']);
  print('self time by function', hotSpots(profile, 'function', Number(values.top), skip));
  print('self time by file', hotSpots(profile, 'file', Number(values.top), skip));
}
