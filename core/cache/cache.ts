// One cache interface over Redis and an in-process store. The cache holds no lawyer data that matters:
// losing it costs sessions and counters, never case data.

export interface TokenBucketResult {
  allowed: boolean;
  /** Whole tokens left after this call. */
  remaining: number;
  /** When not allowed: milliseconds until `cost` tokens are available again. 0 when allowed. */
  retryAfterMs: number;
}

export interface Cache {
  readonly kind: 'redis' | 'memory';
  /**
   * False while the connection is down (commands would fail at once): the bot then keeps updates for
   * later instead of starting them. Says nothing about a stalled server; every command is time-bounded.
   */
  available(): boolean;
  get(key: string): Promise<string | null>;
  /** Sets a value; with `ttlMs` it expires. */
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  /** Sets only when the key is absent; true when this call set it (atomic: used for de-duplication). */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Atomically increments and returns the new value; `ttlMs` is applied when the key is created. */
  incr(key: string, ttlMs?: number): Promise<number>;
  /**
   * Atomic token bucket (one Lua script on Redis): `capacity` tokens, refilled continuously at
   * `refillPerSecond`; takes `cost` tokens when available.
   */
  takeTokens(
    key: string,
    capacity: number,
    refillPerSecond: number,
    cost?: number,
  ): Promise<TokenBucketResult>;
  /** Publishes a message to every process subscribed to `channel` (feature flags, allow-list changes). */
  publish(channel: string, message: string): Promise<void>;
  subscribe(channel: string, onMessage: (message: string) => void): Promise<() => Promise<void>>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
