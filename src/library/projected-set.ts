/**
 * A shingle set seen through a query: it holds only the shingles it shares with the query, but
 * reports the full set's `size`. For a scorer that only asks `has()` about query shingles,
 * iterates the shared ones and divides by sizes (dice, containment, coverage), it is exact.
 * @example new ProjectedSet(["盐水"], 12).size === 12
 */
export class ProjectedSet extends Set<string> {
  constructor(
    shared: Iterable<string>,
    private readonly fullSize: number,
  ) {
    super(shared);
  }

  override get size(): number {
    return this.fullSize;
  }
}
