import type { AccessRecordEnvelope } from '@iam/contracts';

export interface RefusalSamplerOptions {
  /** Refusals recorded in full per source address and minute. */
  perSource?: number;
  /** Refusals recorded in full per minute in all (the whole process). */
  perMinute?: number;
  /** Source addresses counted per minute; calls from more are counted in one overflow summary. */
  maxSources?: number;
}

/** Recorded on its own, or counted into the summary with this key (the recorder's `summarise`). */
export type RefusalTreatment = { kind: 'record' } | { kind: 'summarise'; key: string; source: string };

/** The summary key of calls from more sources than a minute tracks. */
export const OVERFLOW_SOURCE = '*';

/**
 * The flood rule for refused calls that no signature vouched for (a bad or
 * missing signature, an unknown key, an expired token, an unknown route, a
 * malformed body, a failed sign-in): anyone can send them, so they must not
 * grow the trail or the recorder's memory without bound. Each minute, the
 * first `perSource` from a source address are recorded in full, within a
 * budget of `perMinute` for the whole process; the rest are counted into one
 * summary record per source address, action and error code for that minute
 * (`sampled: true`, `summarizedCalls`), and past `maxSources` addresses into
 * a single overflow summary. So at most `perMinute` full records and
 * `maxSources + 1` summaries per action and error code a minute, whatever
 * the flood.
 */
export class RefusalSampler {
  private minute = '';
  private recorded = 0;
  private readonly perSourceCounts = new Map<string, number>();
  private readonly perSource: number;
  private readonly perMinute: number;
  private readonly maxSources: number;

  constructor(options: RefusalSamplerOptions = {}) {
    this.perSource = options.perSource ?? 10;
    this.perMinute = options.perMinute ?? 1000;
    this.maxSources = options.maxSources ?? 10_000;
  }

  treat(envelope: AccessRecordEnvelope): RefusalTreatment {
    const record = envelope.payload;
    const minute = envelope.occurredAt.slice(0, 16);
    if (minute !== this.minute) {
      this.minute = minute;
      this.recorded = 0;
      this.perSourceCounts.clear();
    }
    const tracked = this.perSourceCounts.has(record.sourceIPAddress);
    const source =
      tracked || this.perSourceCounts.size < this.maxSources ? record.sourceIPAddress : OVERFLOW_SOURCE;
    const count = (this.perSourceCounts.get(source) ?? 0) + 1;
    this.perSourceCounts.set(source, count);
    if (source !== OVERFLOW_SOURCE && count <= this.perSource && this.recorded < this.perMinute) {
      this.recorded++;
      return { kind: 'record' };
    }
    return { kind: 'summarise', key: `refused\n${source}\n${record.errorCode ?? ''}`, source };
  }
}
