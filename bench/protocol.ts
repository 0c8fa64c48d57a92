/** Messages between the orchestrator (run.ts) and the server child (server.ts), over Node's IPC channel. */

export interface ScryptParams {
  log2N: number;
  r: number;
  p: number;
}

/** Sent once by the child when both servers listen and the bench user exists. */
export interface ReadyMessage {
  type: 'ready';
  soukUrl: string;
  bareUrl: string;
  token: string;
  handle: string;
  password: string;
  storage: string;
  scrypt: ScryptParams;
  /** Each in-process `accounts.hashPassword` call, one at a time, in ms, measured before any load. */
  hashSamplesMs: number[];
  /** How many hashes ran at once in `concurrentHashSamplesMs` (the log-in rounds' connection count). */
  hashConcurrency: number;
  /** Wall time of each batch of `hashConcurrency` simultaneous hashes, in ms: what one hash costs with that many in flight. */
  concurrentHashSamplesMs: number[];
}

/** The child's CPU time (user + system, ms, every thread) since it started; run.ts diffs two of them. */
export interface CpuMessage {
  type: 'cpu';
  cpuMs: number;
}

export type ChildMessage = ReadyMessage | CpuMessage;

export type ParentMessage = { type: 'cpu' } | { type: 'stop' };
