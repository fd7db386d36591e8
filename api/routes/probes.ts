// Kubernetes probes and operator views, no authentication, all fast: liveness (the event loop answers),
// readiness (dependencies answer, the bot runs, not shutting down), startup (migrations applied), the full
// health report, Prometheus metrics and the build's version.
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync, RouteShorthandOptions } from 'fastify';
import type { App } from '../../core/app.ts';
import { pendingMigrations } from '../../core/db/migrate.ts';
import type { Metrics } from '../../core/metrics.ts';

export interface WebhookStatus {
  /** Where Telegram delivers updates (as registered with setWebhook). */
  url: string;
  /** Telegram's getWebhookInfo names this URL. */
  registered: boolean;
  pendingUpdateCount?: number;
  /** ISO time of Telegram's last failed delivery, if any. */
  lastErrorAt?: string | null;
  lastErrorMessage?: string | null;
}

export interface BotStatus {
  /** The poller loop is alive, or the webhook handler is mounted. */
  running: boolean;
  mode: 'polling' | 'webhook';
  webhook?: WebhookStatus;
}

export interface BuildInfo {
  version: string;
  /** Git commit of the running code, or 'unknown'. */
  commit: string;
  /** ISO time of the build (env BUILD_TIME), else of the process start. */
  buildTime: string;
}

export type HealthStatus = 'pass' | 'warn' | 'fail';

/** One entry of a health+json `checks` map (draft-inadarei-api-health-check). */
export interface HealthCheck {
  componentId?: string;
  componentType: 'datastore' | 'component' | 'system';
  status: HealthStatus;
  observedValue?: number | string;
  observedUnit?: 'ms';
  time: string;
  output?: string;
}

export interface HealthReport {
  status: HealthStatus;
  checks: Record<string, HealthCheck[]>;
}

export interface ProbeDeps {
  app: App;
  build: BuildInfo;
  /** null when METRICS_ENABLED=false: /metrics is not served. */
  metrics: Metrics | null;
  /** The bot running in this process, or null when none does. */
  botStatus: () => BotStatus | null;
  /** Longest wait for one dependency's answer; readiness must answer before the kubelet gives up. */
  checkTimeoutMs: number;
}

const HEALTH_CONTENT_TYPE = 'application/health+json';
const LIVE = { status: 'pass' } as const;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: @fastify/cors skips the route (it reads this flag; its own types do not declare it). */
    cors?: false;
  }
}

/** Probes are polled every few seconds by machines: no rate limit, CORS, access log or compression. */
const PROBE_ROUTE = {
  config: { rateLimit: false, accessLog: false, cors: false },
  compress: false,
  decompress: false,
} as const satisfies RouteShorthandOptions;

const checkSchema = {
  type: 'object',
  required: ['componentType', 'status', 'time'],
  properties: {
    componentId: { type: 'string' },
    componentType: { type: 'string' },
    status: { type: 'string', enum: ['pass', 'warn', 'fail'] },
    observedValue: { anyOf: [{ type: 'number' }, { type: 'string' }] },
    observedUnit: { type: 'string' },
    time: { type: 'string' },
    output: { type: 'string' },
  },
} as const;

const reportProperties = {
  status: { type: 'string', enum: ['pass', 'warn', 'fail'] },
  checks: { type: 'object', additionalProperties: { type: 'array', items: checkSchema } },
} as const;

const reportSchema = {
  type: 'object',
  required: ['status', 'checks'],
  properties: reportProperties,
} as const;

const buildProperties = {
  version: { type: 'string' },
  commit: { type: 'string' },
  buildTime: { type: 'string' },
} as const;

const botStatusSchema = {
  type: ['object', 'null'],
  properties: {
    running: { type: 'boolean' },
    mode: { type: 'string' },
    webhook: {
      type: 'object',
      properties: {
        url: { type: 'string' },
        registered: { type: 'boolean' },
        pendingUpdateCount: { type: 'integer' },
        lastErrorAt: { type: ['string', 'null'] },
        lastErrorMessage: { type: ['string', 'null'] },
      },
    },
  },
} as const;

const healthSchema = {
  type: 'object',
  properties: {
    ...reportProperties,
    ...buildProperties,
    name: { type: 'string' },
    profile: { type: 'string' },
    startedAt: { type: 'string' },
    uptimeSeconds: { type: 'number' },
    storage: {
      type: 'object',
      properties: {
        database: { type: 'string' },
        cache: { type: 'string' },
        embedded: { type: 'boolean' },
        dataDir: { type: ['string', 'null'] },
      },
    },
    breakers: { type: 'object', additionalProperties: { type: 'string' } },
    bot: botStatusSchema,
  },
} as const;

const versionSchema = {
  type: 'object',
  properties: { ...buildProperties, name: { type: 'string' }, node: { type: 'string' } },
} as const;

/** The commit from GIT_COMMIT, else `git rev-parse` next to this file, else 'unknown' (e.g. in an image without .git). */
export function readBuildInfo(
  version: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): BuildInfo {
  let commit = env.GIT_COMMIT?.trim() || '';
  if (!commit) {
    const git = spawnSync('git', ['rev-parse', 'HEAD'], {
      cwd: dirname(fileURLToPath(import.meta.url)),
      encoding: 'utf8',
      timeout: 2_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    commit = git.status === 0 ? git.stdout.trim() : 'unknown';
  }
  const buildTime = env.BUILD_TIME?.trim() || new Date(Date.now() - process.uptime() * 1000).toISOString();
  return { version, commit, buildTime };
}

/** Rejects when `work` has not settled within `ms`; the timer never outlives the race. */
async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Shares one evaluation among concurrent callers: a burst of probes costs one ping per dependency. */
function coalesced<T>(evaluate: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | null = null;
  return () => {
    inFlight ??= evaluate().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
}

function worst(statuses: Iterable<HealthStatus>): HealthStatus {
  let result: HealthStatus = 'pass';
  for (const status of statuses) {
    if (status === 'fail') return 'fail';
    if (status === 'warn') result = 'warn';
  }
  return result;
}

export function probeRoutes(deps: ProbeDeps): FastifyPluginAsync {
  const { app, build, metrics } = deps;
  const log = app.log.child({ component: 'probes' });
  const startedAt = new Date(Date.now() - process.uptime() * 1000).toISOString();

  async function pingCheck(
    componentId: string,
    what: string,
    ping: () => Promise<void>,
  ): Promise<HealthCheck> {
    const started = performance.now();
    const time = new Date().toISOString();
    try {
      await within(deps.checkTimeoutMs, what, ping());
      const observedValue = Math.round((performance.now() - started) * 10) / 10;
      return {
        componentId,
        componentType: 'datastore',
        status: 'pass',
        observedValue,
        observedUnit: 'ms',
        time,
      };
    } catch (err) {
      // The cause (host, port, driver message) goes to the log only: probes answer anyone who asks.
      log.warn({ err, component: componentId }, '%s failed its readiness check', what);
      const observedValue = Math.round(performance.now() - started);
      const timedOut = observedValue >= deps.checkTimeoutMs;
      return {
        componentId,
        componentType: 'datastore',
        status: 'fail',
        observedValue,
        observedUnit: 'ms',
        time,
        output: timedOut ? `no answer within ${deps.checkTimeoutMs} ms` : 'unreachable',
      };
    }
  }

  function botCheck(bot: BotStatus, time: string): HealthCheck {
    const componentType = 'component';
    if (!bot.running)
      return { componentId: bot.mode, componentType, status: 'fail', time, output: 'the bot is not running' };
    if (bot.mode === 'webhook' && !bot.webhook?.registered) {
      return {
        componentId: bot.mode,
        componentType,
        status: 'fail',
        time,
        output: 'the webhook is not registered with Telegram',
      };
    }
    return { componentId: bot.mode, componentType, status: 'pass', time };
  }

  const readiness = coalesced(async (): Promise<HealthReport> => {
    const [database, cache] = await Promise.all([
      pingCheck(app.db.kind, 'the database', () => app.db.ping()),
      pingCheck(app.cache.kind, 'the cache', () => app.cache.ping()),
    ]);
    const time = new Date().toISOString();
    const checks: Record<string, HealthCheck[]> = {
      'database:responseTime': [database],
      'cache:responseTime': [cache],
      'process:shutdown': [
        app.lifecycle.shuttingDown
          ? { componentType: 'system', status: 'fail', time, output: 'shutting down: no new work accepted' }
          : { componentType: 'system', status: 'pass', time },
      ],
    };
    const bot = deps.botStatus();
    if (bot) checks['bot:running'] = [botCheck(bot, time)];
    // An open breaker already answers fast with an error; the process itself can still serve other work.
    for (const [dependency, state] of Object.entries(app.policies.states())) {
      checks[`${dependency}:circuitBreaker`] = [
        {
          componentType: 'component',
          status: state === 'closed' ? 'pass' : 'warn',
          observedValue: state,
          time,
        },
      ];
    }
    return { status: worst(Object.values(checks).flatMap((list) => list.map((c) => c.status))), checks };
  });

  // Migrations only ever get applied, never un-applied: once startup passes it stays passed.
  let startupPassed = false;
  const startup = coalesced(async (): Promise<HealthReport> => {
    const time = new Date().toISOString();
    const config: HealthCheck = { componentType: 'system', status: 'pass', time };
    let migrations: HealthCheck;
    try {
      const pending = await within(deps.checkTimeoutMs * 5, 'the migration check', pendingMigrations(app.db));
      migrations =
        pending.length === 0
          ? { componentType: 'datastore', status: 'pass', observedValue: 0, time }
          : {
              componentType: 'datastore',
              status: 'fail',
              observedValue: pending.length,
              time,
              output: `pending migrations: ${pending.join(', ')}`,
            };
    } catch (err) {
      log.warn({ err }, 'could not read which migrations are applied');
      migrations = {
        componentType: 'datastore',
        status: 'fail',
        time,
        output: 'the database did not answer',
      };
    }
    startupPassed = migrations.status === 'pass';
    return {
      status: migrations.status,
      checks: { 'config:loaded': [config], 'database:migrations': [migrations] },
    };
  });

  return (server) => {
    server.get(
      '/liveness',
      {
        ...PROBE_ROUTE,
        schema: { response: { 200: { type: 'object', properties: { status: { type: 'string' } } } } },
      },
      // Synchronous on purpose: no promise, no I/O, only proof that the event loop turns.
      (_request, reply) => {
        reply.type(HEALTH_CONTENT_TYPE);
        return LIVE;
      },
    );

    server.get(
      '/readiness',
      { ...PROBE_ROUTE, schema: { response: { 200: reportSchema, 503: reportSchema } } },
      async (_request, reply) => {
        const report = await readiness();
        return reply
          .code(report.status === 'fail' ? 503 : 200)
          .type(HEALTH_CONTENT_TYPE)
          .send(report);
      },
    );

    server.get(
      '/startup',
      { ...PROBE_ROUTE, schema: { response: { 200: reportSchema, 503: reportSchema } } },
      async (_request, reply) => {
        const report: HealthReport = startupPassed ? { status: 'pass', checks: {} } : await startup();
        return reply
          .code(report.status === 'fail' ? 503 : 200)
          .type(HEALTH_CONTENT_TYPE)
          .send(report);
      },
    );

    server.get(
      '/health',
      {
        config: { rateLimit: false, accessLog: false },
        schema: { response: { 200: healthSchema, 503: healthSchema } },
      },
      async (_request, reply) => {
        const report = await readiness();
        return reply
          .code(report.status === 'fail' ? 503 : 200)
          .type(HEALTH_CONTENT_TYPE)
          .send({
            ...report,
            name: app.config.app.name,
            ...build,
            profile: app.config.app.profile,
            startedAt,
            uptimeSeconds: Math.round(process.uptime()),
            storage: {
              database: app.db.kind,
              cache: app.cache.kind,
              embedded: app.embeddedDataDir !== null,
              dataDir: app.embeddedDataDir,
            },
            breakers: app.policies.states(),
            bot: deps.botStatus(),
          });
      },
    );

    const version = { name: app.config.app.name, ...build, node: process.version };
    server.get('/version', { ...PROBE_ROUTE, schema: { response: { 200: versionSchema } } }, () => version);

    if (metrics) {
      server.get('/metrics', { config: { rateLimit: false, accessLog: false } }, async (_request, reply) =>
        reply.type(metrics.contentType).send(await metrics.render()),
      );
    }
    return Promise.resolve();
  };
}
