// client-go's EventCorrelator (tools/record/events_cache.go), which every built-in controller's
// events pass through, so `kubectl describe job` reads the same with batchguard: an event seen
// before bumps the count of the existing Event; the 10th distinct message of one reason within 10
// minutes becomes "(combined from similar events): ..."; and each object gets a token bucket of 25
// events refilled at one per 5 minutes. Pure: the caller writes what it returns.

/** The fields of a core/v1 Event the correlator keys on. */
export interface EventRecord {
  name: string;
  namespace: string;
  involvedObject: { kind: string; namespace: string; name: string; uid: string; apiVersion: string; resourceVersion?: string };
  source: { component: string };
  type: string;
  reason: string;
  message: string;
  count: number;
  firstTimestamp: string;
  lastTimestamp: string;
}

export type Correlation =
  | { action: 'create'; event: EventRecord }
  /** A merge patch of count, lastTimestamp and message for the Event `name`; create `event` if it is gone. */
  | { action: 'patch'; name: string; patch: { count: number; lastTimestamp: string; message: string }; event: EventRecord }
  | { action: 'skip' };

const LRU_ENTRIES = 4096;
const AGGREGATE_MAX_EVENTS = 10;
const AGGREGATE_INTERVAL_MS = 600_000;
const SPAM_BURST = 25;
const SPAM_QPS = 1 / 300;

/** A Map that forgets its least recently used entry past `max`, like groupcache's lru. */
class Lru<V> {
  private readonly map = new Map<string, V>();
  private readonly max: number;
  constructor(max: number) {
    this.max = max;
  }
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }
}

// Go joins the fields with no separator; so do we, for the same collisions.
const objectKey = (e: EventRecord): string => {
  const o = e.involvedObject;
  return [e.source.component, '', o.kind, o.namespace, o.name, o.uid, o.apiVersion, e.type].join('');
};
const eventKey = (e: EventRecord): string => {
  const o = e.involvedObject;
  return [e.source.component, '', o.kind, o.namespace, o.name, '', o.uid, o.apiVersion, e.type, e.reason, e.message].join('');
};

interface Observation {
  count: number;
  firstTimestamp: string;
  name: string;
}

export class EventCorrelator {
  private readonly aggregates = new Lru<{ messages: Set<string>; last: number }>(LRU_ENTRIES);
  private readonly observed = new Lru<Observation>(LRU_ENTRIES);
  private readonly buckets = new Lru<{ tokens: number; at: number }>(LRU_ENTRIES);

  /** `event` is new (count 1, its own name); `now` in ms; `rfc3339` formats a time as the Event's timestamps. */
  correlate(event: EventRecord, now: number, rfc3339: (ms: number) => string): Correlation {
    let current = event;
    let key = eventKey(event);
    // EventAggregate: by reason, ignoring the message.
    const aggregateKey = objectKey(event) + event.reason;
    let record = this.aggregates.get(aggregateKey);
    if (record === undefined || now - record.last > AGGREGATE_INTERVAL_MS) record = { messages: new Set(), last: now };
    record.messages.add(event.message);
    record.last = now;
    this.aggregates.set(aggregateKey, record);
    if (record.messages.size >= AGGREGATE_MAX_EVENTS) {
      record.messages.delete(record.messages.values().next().value!);
      current = { ...event, message: `(combined from similar events): ${event.message}` };
      key = aggregateKey;
    }
    // eventObserve: a repeat takes the first Event's name and bumps its count.
    const last = this.observed.get(key);
    if (last !== undefined) current = { ...current, name: last.name, firstTimestamp: last.firstTimestamp, count: last.count + 1 };
    this.observed.set(key, { count: current.count, firstTimestamp: current.firstTimestamp, name: current.name });
    // The spam filter runs last, on what would be written.
    if (!this.take(objectKey(current), now)) return { action: 'skip' };
    if (current.count > 1) {
      return { action: 'patch', name: current.name, patch: { count: current.count, lastTimestamp: rfc3339(now), message: current.message }, event: current };
    }
    return { action: 'create', event: current };
  }

  private take(key: string, now: number): boolean {
    const bucket = this.buckets.get(key) ?? { tokens: SPAM_BURST, at: now };
    bucket.tokens = Math.min(SPAM_BURST, bucket.tokens + ((now - bucket.at) / 1000) * SPAM_QPS);
    bucket.at = now;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    this.buckets.set(key, bucket);
    return allowed;
  }
}
