/**
 * A minimal Prometheus text-format registry for the traffic simulator.
 * Counters take fractional increments so a tick adds exactly
 * `rate × weight × seconds` requests and tests can assert exact ratios.
 */

export type Labels = Record<string, string>;

const escapeValue = (value: string) =>
  value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

function formatLabels(labels: Labels): string {
  const parts = Object.entries(labels).map(
    ([name, value]) => `${name}="${escapeValue(value)}"`,
  );
  return parts.length ? `{${parts.join(',')}}` : '';
}

/** Keys a label set independently of property order. */
const labelKey = (labels: Labels) =>
  JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));

function formatNumber(value: number): string {
  if (Number.isFinite(value)) return String(value);
  return value > 0 ? '+Inf' : '-Inf';
}

interface CounterSeries {
  labels: Labels;
  value: number;
}

interface HistogramSeries {
  labels: Labels;
  buckets: number[];
  sum: number;
  count: number;
}

export class CounterFamily {
  private readonly series = new Map<string, CounterSeries>();
  constructor(readonly name: string, readonly help: string) {}

  inc(labels: Labels, by: number): void {
    const key = labelKey(labels);
    const existing = this.series.get(key);
    if (existing) existing.value += by;
    else this.series.set(key, { labels, value: by });
  }

  get(labels: Labels): number {
    return this.series.get(labelKey(labels))?.value ?? 0;
  }

  render(): string[] {
    const lines = [
      `# HELP ${this.name} ${this.help}`,
      `# TYPE ${this.name} counter`,
    ];
    for (const s of this.series.values()) {
      lines.push(
        `${this.name}${formatLabels(s.labels)} ${formatNumber(s.value)}`,
      );
    }
    return lines;
  }
}

export class HistogramFamily {
  private readonly series = new Map<string, HistogramSeries>();
  constructor(
    readonly name: string,
    readonly help: string,
    /** Upper bounds, ascending, without +Inf. */
    readonly bounds: number[],
  ) {}

  /** Records `count` observations that all took `value` (in this family's unit). */
  observe(labels: Labels, value: number, count: number): void {
    const key = labelKey(labels);
    let s = this.series.get(key);
    if (!s) {
      s = { labels, buckets: this.bounds.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, s);
    }
    this.bounds.forEach((bound, i) => {
      if (value <= bound) s!.buckets[i] += count;
    });
    s.sum += value * count;
    s.count += count;
  }

  render(): string[] {
    const lines = [
      `# HELP ${this.name} ${this.help}`,
      `# TYPE ${this.name} histogram`,
    ];
    for (const s of this.series.values()) {
      this.bounds.forEach((bound, i) => {
        const labels = formatLabels({ ...s.labels, le: formatNumber(bound) });
        lines.push(
          `${this.name}_bucket${labels} ${formatNumber(s.buckets[i])}`,
        );
      });
      const inf = formatLabels({ ...s.labels, le: '+Inf' });
      lines.push(`${this.name}_bucket${inf} ${formatNumber(s.count)}`);
      lines.push(
        `${this.name}_sum${formatLabels(s.labels)} ${formatNumber(s.sum)}`,
      );
      lines.push(
        `${this.name}_count${formatLabels(s.labels)} ${formatNumber(s.count)}`,
      );
    }
    return lines;
  }
}

export class MetricsRegistry {
  private readonly families = new Map<
    string,
    CounterFamily | HistogramFamily
  >();

  counter(name: string, help: string): CounterFamily {
    const existing = this.families.get(name);
    if (existing instanceof CounterFamily) return existing;
    const family = new CounterFamily(name, help);
    this.families.set(name, family);
    return family;
  }

  histogram(name: string, help: string, bounds: number[]): HistogramFamily {
    const existing = this.families.get(name);
    if (existing instanceof HistogramFamily) return existing;
    const family = new HistogramFamily(name, help, bounds);
    this.families.set(name, family);
    return family;
  }

  render(): string {
    const lines: string[] = [];
    for (const family of this.families.values()) lines.push(...family.render());
    return `${lines.join('\n')}\n`;
  }
}
