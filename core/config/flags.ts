// Feature flags at run time: defaults from the environment, overrides set by admins, persisted in the
// database and fanned out to every process through the cache's publish/subscribe.
import type { Logger } from 'pino';
import type { Cache } from '../cache/cache.ts';
import type { Database } from '../db/database.ts';
import { PermissionDeniedError } from '../errors.ts';
import { auditAction, createAuditLog, type AuditLog } from '../logging/audit.ts';
import { FEATURE_FLAGS, type FeatureFlagName, type FeatureFlags } from './config.ts';

const FLAGS_CHANNEL = 'feature-flags:changed';

export interface FlagState {
  name: FeatureFlagName;
  enabled: boolean;
  source: 'environment' | 'override';
  about: string;
  updatedBy: string | null;
  updatedAt: Date | null;
}

export interface FeatureFlagService {
  /** Synchronous: hot paths read flags on every update. */
  isEnabled(name: FeatureFlagName): boolean;
  list(): FlagState[];
  /**
   * An admin overrides a flag on every process: audited `flags.set`. Authentication of the admin API
   * cannot be switched off this way (PermissionDeniedError): that takes FEATURE_ENABLE_API_AUTH=false
   * outside production, a deliberate setting, never a request.
   */
  set(name: FeatureFlagName, enabled: boolean, updatedBy: string): Promise<FlagState>;
  /** Drops the override; the environment default applies again. Audited `flags.reset`. */
  reset(name: FeatureFlagName, updatedBy: string): Promise<FlagState>;
  /** Loads overrides from the database and follows other processes' changes. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

function isFeatureFlagName(name: string): name is FeatureFlagName {
  return Object.hasOwn(FEATURE_FLAGS, name);
}

interface FlagRow {
  name: string;
  enabled: boolean;
  updated_by: string | null;
  updated_at: Date | null;
}

export function createFeatureFlagService(
  defaults: FeatureFlags,
  db: Database,
  cache: Cache,
  log: Logger,
  audit: AuditLog = createAuditLog(db, log),
): FeatureFlagService {
  const overrides = new Map<FeatureFlagName, FlagRow>();
  let unsubscribe: (() => Promise<void>) | null = null;

  async function reload(): Promise<void> {
    const { rows } = await db.query<FlagRow>(
      'SELECT name, enabled, updated_by, updated_at FROM feature_flags',
    );
    overrides.clear();
    for (const row of rows) if (isFeatureFlagName(row.name)) overrides.set(row.name, row);
  }

  function state(name: FeatureFlagName): FlagState {
    const override = overrides.get(name);
    return {
      name,
      enabled: override ? override.enabled : defaults[name],
      source: override ? 'override' : 'environment',
      about: FEATURE_FLAGS[name].about,
      updatedBy: override?.updated_by ?? null,
      updatedAt: override?.updated_at ?? null,
    };
  }

  return {
    isEnabled: (name) => state(name).enabled,
    list: () => (Object.keys(FEATURE_FLAGS) as FeatureFlagName[]).map(state),

    set: (name, enabled, updatedBy) =>
      auditAction(
        audit,
        { actor: updatedBy, action: 'flags.set', target: name, details: { enabled } },
        async () => {
          if (name === 'enableApiAuth' && !enabled) {
            throw new PermissionDeniedError(
              { flag: name },
              {
                userMessage:
                  'API authentication cannot be switched off at run time. Outside production, set FEATURE_ENABLE_API_AUTH=false.',
              },
            );
          }
          await db.query(
            `INSERT INTO feature_flags (name, enabled, updated_by, updated_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (name) DO UPDATE SET enabled = EXCLUDED.enabled, updated_by = EXCLUDED.updated_by, updated_at = now()`,
            [name, enabled, updatedBy],
          );
          await reload();
          await cache.publish(FLAGS_CHANNEL, name);
          return state(name);
        },
      ),

    reset: (name, updatedBy) =>
      auditAction(audit, { actor: updatedBy, action: 'flags.reset', target: name }, async () => {
        await db.query('DELETE FROM feature_flags WHERE name = $1', [name]);
        await reload();
        await cache.publish(FLAGS_CHANNEL, name);
        return state(name);
      }),

    async start() {
      await reload();
      unsubscribe = await cache.subscribe(FLAGS_CHANNEL, () => {
        reload().catch((err: unknown) => {
          log.error({ err }, 'feature flags reload failed; keeping the last known flags');
        });
      });
    },

    async stop() {
      if (unsubscribe) await unsubscribe();
      unsubscribe = null;
    },
  };
}
