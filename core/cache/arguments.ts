// Argument checks shared by both caches, so a bad TTL or bucket fails the same way in memory and in Redis.

/** A TTL Redis accepts (PX wants a positive whole number of milliseconds). */
export function checkTtl(ttlMs: number): number {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0)
    throw new RangeError(`cache TTL must be a positive number of ms, got ${ttlMs}`);
  return Math.ceil(ttlMs);
}

/** Rejects arguments no bucket can honour; both caches call this first so they fail alike. */
export function checkBucketArguments(capacity: number, refillPerSecond: number, cost: number): void {
  if (!Number.isFinite(capacity) || capacity <= 0)
    throw new RangeError(`token bucket capacity must be > 0, got ${capacity}`);
  if (!Number.isFinite(refillPerSecond) || refillPerSecond <= 0) {
    throw new RangeError(`token bucket refillPerSecond must be > 0, got ${refillPerSecond}`);
  }
  if (!Number.isFinite(cost) || cost < 0 || cost > capacity) {
    throw new RangeError(`token bucket cost must be between 0 and the capacity (${capacity}), got ${cost}`);
  }
}
