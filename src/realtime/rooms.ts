import type { EventFacts, RegionTree } from "../fanout/filters.ts";

/** Region codes whose messages a subscriber of `code` receives: itself, ancestors, descendants. */
export function regionKeys(code: string, tree: RegionTree): string[] {
  const keys = new Set<string>();
  for (let at: string | null | undefined = code; at && !keys.has(at); at = tree.get(at))
    keys.add(at);
  const below = (parent: string) => {
    for (const [child, p] of tree) {
      if (p === parent && !keys.has(child)) {
        keys.add(child);
        below(child);
      }
    }
  };
  below(code);
  return [...keys];
}

/**
 * The rooms a `/media` socket joins: one per (category, region key), `*` standing for "any".
 * An event goes to the rooms of its category and each of its regions, and to the `*` rooms, so
 * socket.io's own de-duplication across rooms gives each socket one copy.
 */
export function socketRooms(
  f: { categories: string[]; regions: string[] },
  tree: RegionTree,
): string[] {
  const cats = f.categories.length ? f.categories : ["*"];
  const regions = f.regions.length
    ? [...new Set(f.regions.flatMap((r) => regionKeys(r, tree)))]
    : ["*"];
  return cats.flatMap((c) => regions.map((r) => `m:${c}:${r}`));
}

/** The rooms an event is broadcast to. */
export function eventRooms(e: EventFacts): string[] {
  const cats = e.category ? [e.category, "*"] : ["*"];
  const regions = [...e.regions, "*"];
  return cats.flatMap((c) => regions.map((r) => `m:${c}:${r}`));
}
