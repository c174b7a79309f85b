// Creation/deletion expectations per Job key (controller_utils.go ControllerExpectations) and the
// finalizer-removal expectations (tracking_utils.go uidTrackingExpectations).

/** A record older than this is considered satisfied (ExpectationsTimeout). */
const EXPECTATIONS_TTL_MS = 5 * 60 * 1000;

interface Record {
  add: number;
  del: number;
  timestamp: number;
}

export class Expectations {
  private readonly records = new Map<string, Record>();
  private readonly finalizers = new Map<string, Set<string>>();

  satisfied(key: string, now = Date.now()): boolean {
    const r = this.records.get(key);
    if (!r) return true;
    return (r.add <= 0 && r.del <= 0) || now - r.timestamp > EXPECTATIONS_TTL_MS;
  }

  expectCreations(key: string, n: number): void {
    this.records.set(key, { add: n, del: 0, timestamp: Date.now() });
  }

  expectDeletions(key: string, n: number): void {
    this.records.set(key, { add: 0, del: n, timestamp: Date.now() });
  }

  creationObserved(key: string): void {
    const r = this.records.get(key);
    if (r) r.add--;
  }

  deletionObserved(key: string): void {
    const r = this.records.get(key);
    if (r) r.del--;
  }

  expectFinalizersRemoved(key: string, uids: string[]): void {
    let set = this.finalizers.get(key);
    if (!set) this.finalizers.set(key, (set = new Set()));
    for (const uid of uids) set.add(uid);
  }

  finalizerRemovalObserved(key: string, uid: string): void {
    this.finalizers.get(key)?.delete(uid);
  }

  expectedFinalizerRemovals(key: string): ReadonlySet<string> {
    return new Set(this.finalizers.get(key) ?? []);
  }

  delete(key: string): void {
    this.records.delete(key);
    this.finalizers.delete(key);
  }
}
