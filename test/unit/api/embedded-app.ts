// An App on the embedded storage (PGlite in a temporary directory, in-process cache) for API unit tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../../core/app.ts';
import { loadConfig } from '../../../core/config/config.ts';

export interface EmbeddedApp {
  app: App;
  /** Closes the app (if nothing else did) and deletes its data directory. */
  dispose(): Promise<void>;
}

export async function embeddedApp(env: Record<string, string> = {}): Promise<EmbeddedApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'megaagent-api-test-'));
  const app = await createApp(loadConfig({ ENV: 'test', DATA_DIR: dataDir, ...env }));
  return {
    app,
    async dispose() {
      await app.close('test done');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Prometheus text exposition: `name{label="value",...} value [timestamp]`, or a # comment. */
const SAMPLE_LINE =
  /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*"(,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*")*,?\})? (-?\d+(\.\d+)?([eE][+-]?\d+)?|NaN|\+Inf|-Inf)( -?\d+)?$/;

/** The lines of a metrics text that are not valid sample or comment lines (empty when it all parses). */
export function invalidPrometheusLines(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('# HELP ') && !line.startsWith('# TYPE '))
    .filter((line) => !SAMPLE_LINE.test(line));
}
