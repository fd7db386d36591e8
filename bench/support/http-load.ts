// A small keep-alive HTTP load generator for the benches: `concurrency` loops each send one request after
// another over a shared keep-alive agent, until `maxRequests` are done or `durationMs` has passed.
// Run it in a worker thread (loadInWorker) so the client does not share the event loop it is measuring.
import { Agent, request } from 'node:http';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

export interface LoadOptions {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  concurrency: number;
  maxRequests: number;
  durationMs: number;
}

export interface LoadResult {
  requests: number;
  /** Answers whose status was not 2xx (counted in `requests` too). */
  non2xx: number;
  errors: number;
  seconds: number;
  requestsPerSecond: number;
}

function once(agent: Agent, target: URL, options: LoadOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      { agent, method: options.method ?? 'GET', headers: options.headers ?? {} },
      (res) => {
        res.resume(); // the body is not needed, only that it fully arrived
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const target = new URL(options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  let started = 0;
  let requests = 0;
  let non2xx = 0;
  let errors = 0;
  const begin = performance.now();
  const deadline = begin + options.durationMs;

  async function loop(): Promise<void> {
    while (started < options.maxRequests && performance.now() < deadline) {
      started += 1;
      try {
        const status = await once(agent, target, options);
        requests += 1;
        if (status < 200 || status >= 300) non2xx += 1;
      } catch {
        // A failed request is counted, not thrown: the bench reports how many there were.
        errors += 1;
      }
    }
  }

  await Promise.all(Array.from({ length: options.concurrency }, loop));
  const seconds = (performance.now() - begin) / 1000;
  agent.destroy();
  return { requests, non2xx, errors, seconds, requestsPerSecond: requests / seconds };
}

/** Runs `runLoad` in a worker thread and resolves with its result. */
export function loadInWorker(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: options });
    worker.once('message', (result: LoadResult) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load worker exited with code ${code}`));
    });
  });
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  const result = await runLoad(workerData as LoadOptions);
  port.postMessage(result);
}
