// The composition root: builds every service once from the configuration and hands them down.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import { createUserService, type UserService } from './access/users.ts';
import { createAuthService, type AuthService } from './auth/auth.ts';
import { tokenSettingsFrom } from './auth/tokens.ts';
import type { Cache } from './cache/cache.ts';
import { openCache } from './cache/open.ts';
import { configuredSecretValues, type Config } from './config/config.ts';
import { createFeatureFlagService, type FeatureFlagService } from './config/flags.ts';
import type { Database } from './db/database.ts';
import { installedVersion, type EmbeddedTemplateSpec } from './db/embedded-template.ts';
import { migrate, pendingMigrations } from './db/migrate.ts';
import { openDatabase } from './db/open.ts';
import { tracedDatabase } from './db/traced.ts';
import { createAnalysisService, type AnalysisService } from './eb1a/analysis-service.ts';
import { createCaseService, type CaseService } from './eb1a/cases.ts';
import { createEvidenceStore, type EvidenceStore } from './eb1a/evidence-store.ts';
import { createIntakeStore, intakeSummarySource, type IntakeStore } from './eb1a/intake-store.ts';
import { ConfigurationError, TelegramError } from './errors.ts';
import { createTranslator, type Translator } from './i18n/i18n.ts';
import { createLanguageStore, type LanguageStore } from './i18n/language-store.ts';
import { createPolicyRegistry, type PolicyRegistry, type ResilienceConfig } from './resilience/policies.ts';
import { createFileStore, type FileStore } from './files.ts';
import { createLifecycle, type Lifecycle } from './lifecycle.ts';
import { JOB_KINDS, type ProductJobKinds } from './jobs/kinds.ts';
import { createJobQueue, type JobQueue } from './jobs/queue.ts';
import { createJobResults, type JobResults } from './jobs/results.ts';
import { createProposalStore, type ProposalStore } from './documents/proposals.ts';
import { createDocumentTextStore, type DocumentTextStore } from './documents/texts.ts';
import {
  configuredLlmProviders,
  createLlmClient,
  llmDependencyName,
  llmDependencyPolicies,
  type LlmClient,
  type LlmDependencyName,
} from './llm/llm.ts';
import { createGroundedWriter, type GroundedWriter } from './llm/grounded.ts';
import { createDeliverableStore, type DeliverableStore } from './drafting/deliverables.ts';
import { createAskService, type AskService } from './ask/ask.ts';
import {
  documentTextCaseSource,
  evidenceCaseSource,
  intakeCaseSource,
  notesCaseSource,
} from './ask/case-sources.ts';
import { createCorpusSearch, type CorpusSearch } from './ask/corpus-store.ts';
import { createNoteStore, type NoteStore } from './ask/notes.ts';
import { createBroadcastStore, type BroadcastStore } from './broadcast.ts';
import { createAuditLog, type AuditLog } from './logging/audit.ts';
import { createErrorTracker, type ErrorTracker } from './logging/error-tracker.ts';
import { createLogger } from './logging/logger.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { span } from './logging/spans.ts';
import { openTracing, type Tracing } from './logging/tracing.ts';

/** The external dependencies called through a resilience policy (`llm:<provider>` only when configured). */
export type DependencyName = 'telegram-files' | LlmDependencyName;

function dependencyPolicies(config: Config): ResilienceConfig<DependencyName> {
  return {
    // Downloading a lawyer's document from Telegram's file server: a hiccup is retried, a dead server
    // stops being hammered, and a stalled download is cut before the update's own time limit.
    'telegram-files': {
      // Two attempts of 20 s stay inside the 60 s an update may take.
      retry: { maxAttempts: 2, initialDelayMs: 300, maxDelayMs: 3_000 },
      breaker: { kind: 'consecutive', threshold: 5, halfOpenAfterMs: 30_000 },
      timeoutMs: 20_000,
      isTransient: (err) => !(err instanceof TelegramError && Number(err.context.status) < 500),
      errors: { timeout: TelegramError, unavailable: TelegramError },
    },
    // One per configured LLM provider, so each has its own breaker and a provider that is down is skipped.
    ...llmDependencyPolicies(config.llm),
  };
}

export interface App {
  config: Config;
  log: Logger;
  db: Database;
  cache: Cache;
  lifecycle: Lifecycle;
  audit: AuditLog;
  errors: ErrorTracker;
  flags: FeatureFlagService;
  users: UserService;
  /** Admin API sign-in, accounts, API keys and tokens. */
  auth: AuthService;
  cases: CaseService;
  intake: IntakeStore;
  /** Uploaded documents, stored once per content. */
  files: FileStore;
  evidence: EvidenceStore;
  /** What is drafted and built for a case (brief, letters, packet), versioned and kept with the case. */
  deliverables: DeliverableStore;
  /** The EB-1A analysis of a lawyer's case, as findings (renderers turn them into text per language). */
  analysis: AnalysisService;
  /** Case memory: the notes a lawyer keeps on a case (/note), read and searched only by that lawyer. */
  notes: NoteStore;
  /** The shipped legal corpus (8 CFR, policy points, Kazarian), loaded at start and searched by full text. */
  corpus: CorpusSearch;
  /** /ask: answers from the corpus and the lawyer's active case, every passage cited. */
  ask: AskService;
  /** The configured LLM providers, tried in order; null when none is configured. Its text is for review only. */
  llm: LlmClient | null;
  /**
   * Prose a lawyer files or relies on (brief sections, letters, answers): the template text, or an LLM
   * draft checked against the case when LLM drafting is on.
   */
  writer: GroundedWriter;
  /** The English and Russian messages (core/i18n/locales), for text rendered outside the bot. */
  translator: Translator;
  /** The language each bot user chose with /language. */
  languages: LanguageStore;
  /** Retry, breaker and timeout per external dependency; breaker states feed health and metrics. */
  policies: PolicyRegistry<DependencyName>;
  /**
   * Prometheus metrics the bot, the API and the worker record into, breaker states included. With
   * METRICS_ENABLED=false nothing is served and no process collectors run.
   */
  metrics: Metrics;
  /**
   * The job queue (pg-boss on Postgres, or on the embedded PGlite): slow work is enqueued here and run by
   * a worker (`megaagent worker`, or in process with `megaagent start`).
   */
  jobs: JobQueue<ProductJobKinds>;
  /** Each job's result, recorded once however many attempts or workers ran it. */
  jobResults: JobResults;
  /** Admin announcements: their recipients and what became of each message (sent by 'broadcast' jobs). */
  broadcasts: BroadcastStore;
  /**
   * The text read from each uploaded document (pages, OCR'd pages, language), and full-text search over
   * the documents of one lawyer's case: `search(lawyerId, caseId, query)`.
   */
  documentTexts: DocumentTextStore;
  /** Uploads read into proposed exhibits, waiting for the lawyer to confirm, redirect or reject them. */
  documentProposals: ProposalStore;
  /**
   * Traces (OTEL_EXPORTER_OTLP_ENDPOINT): the bot, the API and the worker open a span per update, request
   * and job; `span` and every database query become its children. Does nothing when not configured.
   */
  tracing: Tracing;
  /** Runs `work` as a performance span: its duration is logged and recorded in `metrics` (and traced). */
  span<T>(operation: string, work: () => T | Promise<T>): Promise<T>;
  /** Where embedded data lives, or null when Postgres is configured. */
  embeddedDataDir: string | null;
  /** Shuts down in order (stop intake → drain → close pools → flush logs), bounded by a timeout. */
  close(reason?: string): Promise<{ clean: boolean }>;
}

/** The configured database: Postgres when DATABASE_URL is set, else PGlite under DATA_DIR. */
export function openAppDatabase(
  config: Config,
  log: Logger,
  // `megaagent migrate` applies the migrations itself and reports them; a start copies a prepared template.
  { fromTemplate = true }: { fromTemplate?: boolean } = {},
): Promise<Database> {
  return openDatabase(
    {
      url: config.database.url?.reveal() ?? null,
      poolSize: config.database.poolSize,
      statementTimeoutMs: config.database.statementTimeoutMs,
      dataDir: resolve(config.app.dataDir),
      embeddedTemplate: fromTemplate && !config.database.url ? embeddedTemplateSpec(log) : undefined,
    },
    log,
  );
}

/** A new embedded data directory starts as a copy of a database with the migrations and the job queue's schema. */
function embeddedTemplateSpec(log: Logger): EmbeddedTemplateSpec {
  return {
    key: `pg-boss ${installedVersion('pg-boss')}; job kinds ${Object.keys(JOB_KINDS).sort().join(',')}`,
    // What every new embedded database needs before it serves: the migrations and the job queue's schema.
    async prepare(db) {
      await migrate(db, log);
      const queue = createJobQueue({ kinds: JOB_KINDS, db, postgresUrl: null, log });
      await queue.depths();
      await queue.stop(1_000);
    },
  };
}

export interface CreateAppOptions {
  /** Run pending migrations at start (default: outside production). */
  migrate?: boolean;
  /** Overrides the logger (tests capture output). */
  log?: Logger;
}

export async function createApp(config: Config, options: CreateAppOptions = {}): Promise<App> {
  const log =
    options.log ??
    createLogger({
      level: config.observability.logLevel,
      format: config.observability.logFormat,
      secrets: configuredSecretValues(config),
    });
  const lifecycle = createLifecycle(log, config.app.shutdownTimeoutMs);
  // Before anything opens: a provider listed without its key stops the start here.
  configuredLlmProviders(config.llm);

  const embeddedDataDir = config.database.url ? null : resolve(config.app.dataDir);
  if (embeddedDataDir) mkdirSync(embeddedDataDir, { recursive: true });

  const tracingConfig = config.observability.tracing;
  const tracing = await openTracing(
    tracingConfig && { ...tracingConfig, serviceVersion: config.app.version },
    log,
  );
  // Last of all: the spans of the shutdown's own work are sent too.
  lifecycle.onShutdown('traces', 'flush-logs', () => tracing.shutdown());

  const db = tracedDatabase(await openAppDatabase(config, log), tracing);
  lifecycle.onShutdown('database', 'close-pools', () => db.close());

  let cache: Cache;
  try {
    cache = await openCache(
      { url: config.redis.url?.reveal() ?? null, keyPrefix: config.redis.keyPrefix },
      log,
    );
  } catch (err) {
    // Redis unreachable at start: the error names it and its URL; the database opened above is closed.
    await lifecycle.shutdown('cache unreachable');
    throw err;
  }
  lifecycle.onShutdown('cache', 'close-pools', () => cache.close());

  if (options.migrate ?? config.app.profile !== 'production') {
    const { applied } = await migrate(db, log);
    if (applied.length > 0) log.info({ applied }, 'migrations applied');
  } else {
    const pending = await pendingMigrations(db);
    if (pending.length > 0) {
      await lifecycle.shutdown('pending migrations');
      throw new ConfigurationError(
        { pending },
        { message: `The database needs migrations first (${pending.join(', ')}): run "megaagent migrate".` },
      );
    }
  }

  const audit = createAuditLog(db, log);
  const flags = createFeatureFlagService(config.features, db, cache, log, audit);
  await flags.start();
  lifecycle.onShutdown('feature flags', 'stop-intake', () => flags.stop());

  const users = createUserService(db, cache, { audit });
  const stopFollowingUsers = await users.followChanges();
  lifecycle.onShutdown('allow-list', 'stop-intake', stopFollowingUsers);

  const auth = createAuthService({ db, cache, audit, log, tokens: tokenSettingsFrom(config, log) });
  const stopFollowingAccounts = await auth.accounts.followChanges();
  lifecycle.onShutdown('admin accounts', 'stop-intake', stopFollowingAccounts);

  const files = createFileStore(db, config.files);
  const translator = createTranslator();
  const evidence = createEvidenceStore(db, files, translator);
  const cases = createCaseService(db, { summarySources: [intakeSummarySource(db), evidence.summarySource] });
  const intake = createIntakeStore(db);
  // The legal corpus ships with the code: a changed text is loaded on the first start that sees it.
  const corpus = createCorpusSearch(db);
  let corpusLoad: Awaited<ReturnType<CorpusSearch['load']>>;
  try {
    corpusLoad = await corpus.load();
  } catch (err) {
    // Without its corpus /ask would answer wrongly; the start stops here and closes what it opened.
    await lifecycle.shutdown('legal corpus not loaded');
    throw err;
  }
  if (corpusLoad.loaded) log.info({ passages: corpusLoad.passages }, 'legal corpus loaded');
  const notes = createNoteStore(db);
  const documentTexts = createDocumentTextStore(db);

  lifecycle.onShutdown('logs', 'flush-logs', () => new Promise<void>((done) => log.flush(() => done())));

  const policies = createPolicyRegistry(dependencyPolicies(config), { log });
  lifecycle.onShutdown('resilience policies', 'flush-logs', () => {
    policies.dispose();
    return Promise.resolve();
  });
  const metrics = createMetrics({
    breakerStates: () => policies.states(),
    processMetrics: config.observability.metricsEnabled,
    // Read at scrape time from the queue's tables, so API pods show the figures too, not only workers.
    jobCounts: () =>
      jobs.counts().catch((err: unknown) => {
        log.warn({ err }, 'could not read the job counts for the metrics');
        return null;
      }),
  });
  const jobs = createJobQueue({
    kinds: JOB_KINDS,
    db,
    postgresUrl: config.database.url?.reveal() ?? null,
    log: log.child({ component: 'jobs' }),
    metrics,
    tracing,
  });
  // Jobs in flight get most of the shutdown budget to finish; what is still running then goes back to
  // the queue for another worker. The queue stops before the pools close (its PGlite is the App's).
  lifecycle.onShutdown('job queue', 'drain', () =>
    jobs.stop(Math.max(1_000, Math.floor(config.app.shutdownTimeoutMs * 0.6))),
  );

  const llm = createLlmClient(config.llm, {
    log,
    policyFor: (provider) => policies.get(llmDependencyName(provider)),
    metrics,
    tracing,
  });

  const writer = createGroundedWriter({ llm, flags, log, metrics });

  const spanOf = <T>(operation: string, work: () => T | Promise<T>): Promise<T> =>
    span(operation, () => tracing.inSpan(operation, async () => work()), {
      log,
      onDuration: (name, seconds, outcome) => metrics.observeSpan(name, seconds, outcome),
    });

  return {
    config,
    log,
    db,
    cache,
    lifecycle,
    audit,
    errors: createErrorTracker(db, log),
    flags,
    users,
    auth,
    cases,
    intake,
    files,
    evidence,
    deliverables: createDeliverableStore(db),
    analysis: createAnalysisService({ cases, evidence, intake, span: spanOf }),
    llm,
    notes,
    corpus,
    ask: createAskService({
      db,
      corpus,
      // Where /ask looks in the active case.
      caseSources: [
        intakeCaseSource(db, translator),
        evidenceCaseSource(db, translator),
        notesCaseSource(notes, translator),
        documentTextCaseSource(documentTexts, translator),
      ],
      writer,
      translator,
    }),
    writer,
    translator,
    languages: createLanguageStore(db),
    policies,
    metrics,
    jobs,
    jobResults: createJobResults(db),
    broadcasts: createBroadcastStore(db),
    documentTexts,
    documentProposals: createProposalStore(db),
    tracing,
    span: spanOf,
    embeddedDataDir,
    close: (reason = 'close') => lifecycle.shutdown(reason),
  };
}
