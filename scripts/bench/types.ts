/** The shape of `scripts/results/bench.json`: what one `npm run bench` measured. */

/** What was loaded: the ceiling, the mock on one workload (see workloads.ts), or Prism. */
export type TargetName =
  | 'ceiling'
  | 'repeated URL'
  | 'pages and sorts'
  | 'search'
  | 'pages + 20% writes'
  | 'prism static'
  | 'prism dynamic'
  | 'durable writes';

/** One load round against one target. Latencies in milliseconds. */
export interface LoadRound {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** Answers that were not 2xx: a round with any is not a fair comparison. */
  non2xx: number;
  /**
   * The server's CPU time (user + system) per answered request, in µs. Unlike req/s it hardly moves
   * when other work shares the cores, so it shows what each server costs. null: not measured.
   */
  cpuUsPerRequest: number | null;
  /**
   * The load generator's CPU use as a share of its core over the round (1 = the whole core): below
   * 1, the generator could have sent more, so the server set the pace. null: not measured.
   */
  generatorCpu?: number | null;
  /** Answer bytes received per second, in MiB. */
  megabytesPerSecond?: number;
}

export interface LoadSummary {
  target: TargetName;
  /** What was started, for the reader (command line, body size). */
  description: string;
  rounds: LoadRound[];
  /** The median of each figure over the rounds. */
  median: LoadRound;
}

export interface StartupRun {
  contacts: number;
  /** Process spawn to the first 200 from the list endpoint. */
  firstAnswerMs: number;
  /** The first full search, `q=a&type=text&limit=10`. */
  fullSearchMs: number;
  /** VmRSS after the full search and the background index build. */
  rssAfterSearchMB: number;
  /** VmHWM: the peak resident memory up to then. */
  peakRssMB: number;
}

export interface PageTiming {
  sort: string;
  skip: number;
  /** The first request of this sort at this skip (after the mock's background index build). */
  firstMs: number;
  /** Of the other samples: each a different page near the skip, none from the answer cache. */
  medianMs: number;
  maxMs: number;
}

/** Searches of random 1–3 letter queries, one at a time (none twice, so none from the answer cache). */
export interface SearchTiming {
  contacts: number;
  samples: number;
  p50: number;
  p99: number;
}

/** A page requested soon after the mock started, while its background index build may still run. */
export interface EarlyPage {
  sort: string;
  skip: number;
  /** Spawn to sending the request. */
  sentAtMs: number;
  ms: number;
}

/** One streamed CSV export of the whole dataset, with the mock's memory while it streamed. */
export interface CsvExport {
  /** The dataset's size (`count` of the list). */
  contacts: number;
  sort: string;
  status: number;
  contentType: string;
  /** Request sent to the last byte received. */
  ms: number;
  firstByteMs: number;
  bytes: number;
  /** Records after the header row (newlines outside quoted fields). */
  rows: number;
  /** What `rows` must be: the list's `count` just before. */
  expectedRows: number;
  /** MiB per second, labelled MB like the memory figures. */
  mbPerSecond: number;
  /** VmRSS just before the request. */
  rssBeforeMB: number;
  /** The highest VmRSS sampled every ~100 ms while streaming, or VmHWM if that rose meanwhile. */
  peakRssMB: number;
  /** VmHWM before and after: the process's peak since it started. */
  hwmBeforeMB: number;
  hwmAfterMB: number;
  /** VmRSS once the answer was read. */
  rssAfterMB: number;
  /** How many memory samples were taken while streaming. */
  samples: number;
}

/** A yes/no property of the mock that the figures depend on (a write is visible, auth is on). */
export interface BehaviourCheck {
  what: string;
  ok: boolean;
  detail: string;
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGB: number;
  node: string;
  platform: string;
  date: string;
  /** The 1-minute load average when the run began: above ~0.5 other work shared the cores. */
  loadAverage: number;
  /** The same when the run ended. */
  loadAverageAtEnd?: number;
  /** How long the whole `npm run bench` took, in seconds. */
  runSeconds?: number;
}

export interface Settings {
  endpoint: string;
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
  rounds: number;
  bodyBytes: number;
  sizes: number[];
  pagingContacts: number;
}

export interface BenchResult {
  machine: Machine;
  settings: Settings;
  throughput: LoadSummary[];
  startup: StartupRun[];
  paging: PageTiming[];
  /** Spawn to the mock's "indexes ready" line at the paging size; null: not measured. */
  indexWarmUp: {
    contacts: number;
    ms: number;
    /** A full search of another letter than the start-up one (so not a cached answer), once the indexes were ready. */
    fullSearchMs: number;
  } | null;
  /** The CSV export at 65,681 contacts and at the largest size. */
  csvExports: CsvExport[];
  /** `PUT`s from 50 connections to a mock started with `--state` (each write durable); null: not measured. */
  durableWrites: LoadSummary | null;
  /** The resident memory of the mock that served the read workloads, after its rounds; null: not measured. */
  memoryUnderLoad: { contacts: number; rssMB: number; peakMB: number } | null;
  /** At the largest size, one page of each sort from the first second after spawn (no waiting for the build). */
  earlyPages: EarlyPage[];
  /** Searches at the largest size, after the background build; null: not measured. */
  largeSearch: SearchTiming | null;
  writes: BehaviourCheck[];
  /** Checks that the measured mock had its full behaviour on. */
  behaviour: BehaviourCheck[];
  /** What could not be measured and why (a target missing, a child that failed). */
  notes: string[];
}

export type Verdict = 'MET' | 'MISSED' | 'NOT MEASURED';

export interface TargetCheck {
  /** The target as issue 5 words it. */
  target: string;
  /** The measured figure, in words. */
  actual: string;
  verdict: Verdict;
}
