// Ordered, bounded shutdown: stop taking work, finish what is in flight, close pools, flush logs.
import type { Logger } from 'pino';

const SHUTDOWN_PHASES = ['stop-intake', 'drain', 'close-pools', 'flush-logs'] as const;
export type ShutdownPhase = (typeof SHUTDOWN_PHASES)[number];

interface Step {
  name: string;
  phase: ShutdownPhase;
  run: () => Promise<void>;
}

export interface Lifecycle {
  /** Registers work to run at shutdown; steps of one phase run together, phases in order. */
  onShutdown(name: string, phase: ShutdownPhase, run: () => Promise<void>): void;
  /** True from the moment shutdown starts: readiness fails, new work is refused. */
  readonly shuttingDown: boolean;
  /** Runs every step once, within `timeoutMs` overall. Later calls return the same promise. */
  shutdown(reason: string): Promise<{ clean: boolean }>;
}

export function createLifecycle(log: Logger, timeoutMs: number): Lifecycle {
  const steps: Step[] = [];
  let shutdownPromise: Promise<{ clean: boolean }> | null = null;

  async function runAll(): Promise<boolean> {
    let clean = true;
    for (const phase of SHUTDOWN_PHASES) {
      const results = await Promise.allSettled(
        steps
          .filter((s) => s.phase === phase)
          .map(async (step) => {
            await step.run();
            log.debug({ step: step.name, phase }, 'shutdown step done');
          }),
      );
      for (const result of results) {
        if (result.status === 'rejected') {
          clean = false;
          log.error({ err: result.reason as unknown, phase }, 'shutdown step failed');
        }
      }
    }
    return clean;
  }

  return {
    onShutdown(name, phase, run) {
      steps.push({ name, phase, run });
    },
    get shuttingDown() {
      return shutdownPromise !== null;
    },
    shutdown(reason) {
      if (shutdownPromise) return shutdownPromise;
      log.info({ reason, timeoutMs }, 'shutting down');
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => {
          log.error({ timeoutMs }, 'shutdown timed out; some work may not have finished');
          resolve(false);
        }, timeoutMs);
      });
      shutdownPromise = Promise.race([runAll(), deadline]).then((clean) => {
        clearTimeout(timer);
        return { clean };
      });
      return shutdownPromise;
    },
  };
}
