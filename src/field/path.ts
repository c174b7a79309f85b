const INDEX_SEGMENTS: readonly string[] = Array.from({ length: 64 }, (_, i) => `[${i}]`);

// An immutable field path, rendered exactly as the API server prints it:
// `spec.template.spec.containers[0].image`, `metadata.labels[app.kubernetes.io/name]`.
export class Path {
  private readonly parent: Path | undefined;
  private readonly segment: string;
  private rendered: string | undefined;

  private constructor(parent: Path | undefined, segment: string) {
    this.parent = parent;
    this.segment = segment;
  }

  static root(name: string, ...more: string[]): Path {
    let p = new Path(undefined, name);
    for (const m of more) p = new Path(p, m);
    return p;
  }

  child(name: string, ...more: string[]): Path {
    let p = new Path(this, name);
    for (const m of more) p = new Path(p, m);
    return p;
  }

  // Validators build index paths for every list element they visit, mostly to throw them away.
  index(i: number): Path {
    return new Path(this, INDEX_SEGMENTS[i] ?? `[${i}]`);
  }

  key(k: string): Path {
    return new Path(this, `[${k}]`);
  }

  toString(): string {
    if (this.rendered !== undefined) return this.rendered;
    const head = this.parent ? this.parent.toString() : '';
    const joined = head === '' || this.segment.startsWith('[') ? head + this.segment : `${head}.${this.segment}`;
    this.rendered = joined;
    return joined;
  }
}

export const root = Path.root;
