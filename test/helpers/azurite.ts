import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from './botProcess';

// Azurite's documented development account: public, works only against the local emulator.
const account = 'devstoreaccount1';
const key = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** Azurite's Blob service from npm, in memory, on a free port of 127.0.0.1; started and stopped by the test. */
export class Azurite {
  private child?: ChildProcess;
  private output = '';
  port = 0;

  get connectionString(): string {
    return `DefaultEndpointsProtocol=http;AccountName=${account};AccountKey=${key};BlobEndpoint=http://127.0.0.1:${this.port}/${account};`;
  }

  async start(): Promise<void> {
    this.port = await freePort();
    const bin = path.join(__dirname, '../../node_modules/.bin/azurite-blob');
    this.child = spawn(bin, ['--blobHost', '127.0.0.1', '--blobPort', String(this.port), '--inMemoryPersistence', '--skipApiVersionCheck', '--loose'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    const deadline = Date.now() + 20000;
    while (Date.now() < deadline) {
      if (this.output.includes('successfully listens')) return;
      if (this.child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`Azurite did not start:\n${this.output}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    // In-memory data has nothing to flush, and Azurite waits for idle client sockets on SIGTERM.
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
}
