import { metrics, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';

/**
 * Passerelle's traces and metrics, through the OpenTelemetry API only: with no SDK registered
 * (the default) every call is a no-op; with Azure Monitor configured (src/telemetry/start.ts) or a
 * test's in-memory exporter, they are recorded. Attributes are chosen here, never from a message:
 * channel, activity type, outcome, operation, status; no text, no user or conversation id.
 */
const tracer = trace.getTracer('passerelle');

/**
 * The instruments, made on first use: the metrics API has no proxy meter, so instruments made at
 * import time, before `startTelemetry` registers a provider, would stay no-ops for good.
 */
function makeInstruments() {
  const meter = metrics.getMeter('passerelle');
  return {
    turnDuration: meter.createHistogram('passerelle.turn.duration', { unit: 'ms', description: 'Time to answer a turn' }),
    turnFailures: meter.createCounter('passerelle.turn.failures', { description: 'Turns answered with an apology, by failure (bug, unavailable, conflict)' }),
    storageDuration: meter.createHistogram('passerelle.storage.duration', { unit: 'ms', description: 'Time of a storage call' }),
    repeatsDropped: meter.createCounter('passerelle.repeats.dropped', { description: 'Activities dropped as repeats of one already answered' }),
    refused: meter.createCounter('passerelle.http.refused', { description: 'Requests refused with 429 or 503' }),
  };
}
let made: ReturnType<typeof makeInstruments> | undefined;
export const instruments = (): ReturnType<typeof makeInstruments> => (made ??= makeInstruments());

/** Registers the web chat's open conversations as an observable gauge. */
export function observeOpenConversations(count: () => number): void {
  metrics
    .getMeter('passerelle')
    .createObservableGauge('passerelle.webchat.conversations', { description: 'Web chat conversations open on this instance' })
    .addCallback((r) => r.observe(count()));
}

/** Runs `work` in a span named `name` (a child of the active one); records its error and ends it. */
export async function inSpan<T>(name: string, attributes: Attributes, work: (span: Span) => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await work(span);
    } catch (err) {
      // The error's type only: its message may quote what was stored or typed.
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.name : 'error' });
      throw err;
    } finally {
      span.end();
    }
  });
}

/** A span begun now, a child of the active one; the caller ends it. */
export const startSpan = (name: string, attributes: Attributes = {}): Span => tracer.startSpan(name, { attributes });
