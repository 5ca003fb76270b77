import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** The entry every helper process of the benchmark starts from; SPEED_ROLE says which helper it is. */
const entry = path.join(__dirname, '..', 'speed.ts');

interface Envelope {
  id: number;
  request?: unknown;
  result?: unknown;
  error?: string;
}

/** In a helper process: answers the runner's requests with `handle`, one message each way. */
export function serve(handle: (request: never) => unknown): void {
  process.on('message', (message: Envelope) => {
    Promise.resolve()
      .then(() => handle(message.request as never))
      .then(
        (result) => process.send!({ id: message.id, result }),
        (error: Error) => process.send!({ id: message.id, error: error.stack ?? String(error) }),
      );
  });
}

/** A helper process of the runner (driver or connector), forked from bench/speed.ts with its role, asked over IPC. */
export class Helper {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private next = 0;
  /** The first message the helper sends of itself (the connector's address). */
  readonly ready: Promise<unknown>;

  constructor(role: string) {
    this.child = fork(entry, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, SPEED_ROLE: role }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let ready!: (value: unknown) => void;
    this.ready = new Promise((resolve) => (ready = resolve));
    this.child.on('message', (message: Envelope & { type?: string }) => {
      const waiting = this.pending.get(message.id);
      if (!waiting) return ready(message);
      this.pending.delete(message.id);
      if (message.error) waiting.reject(new Error(`${role}: ${message.error}`));
      else waiting.resolve(message.result);
    });
    this.child.once('exit', (code) => {
      for (const waiting of this.pending.values()) waiting.reject(new Error(`${role} exited with ${code}`));
    });
  }

  call<T>(request: unknown): Promise<T> {
    const id = ++this.next;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send({ id, request });
    });
  }

  stop(): void {
    this.child.kill();
  }
}
