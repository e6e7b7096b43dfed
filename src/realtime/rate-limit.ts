/**
 * A fixed-window counter per key (client address): at most `limit` hits per `windowMs`.
 * @example const allow = connectionLimiter(30, 10_000); if (!allow(ip)) refuse();
 */
export function connectionLimiter(limit: number, windowMs: number) {
  const hits = new Map<string, { count: number; resetAt: number }>();
  return (key: string, now = Date.now()): boolean => {
    const h = hits.get(key);
    if (!h || h.resetAt <= now) {
      if (hits.size > 10_000) hits.clear();
      hits.set(key, { count: 1, resetAt: now + windowMs });
      return true;
    }
    h.count += 1;
    return h.count <= limit;
  };
}
