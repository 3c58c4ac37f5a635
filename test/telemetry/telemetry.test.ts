import { metrics, trace, context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { message, post, startServer, type Running } from '../server/harness';

/**
 * Telemetry as an operator receives it, through in-memory exporters: one trace per turn with the
 * middleware and storage spans under it, the turn and storage metrics, and nothing of what the
 * person wrote, nor who they are, anywhere in it.
 */
describe('telemetry', () => {
  const spans = new InMemorySpanExporter();
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 60_000 });
  let server: Running;
  const SECRET_TEXT = 'Zéphyrine Tremblay 514-555-0199 cours de français';
  const CONVERSATION = 'conversation-telemetry-4242';
  const USER = 'user-telemetry-4242';

  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }));
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
    trace.disable();
    metrics.disable();
    context.disable();
  });

  it('records one trace per turn, the metrics, and no message text or id', async () => {
    const res = await post(
      server.url,
      message(SECRET_TEXT, { channelId: 'emulator', locale: 'fr-CA', conversation: { id: CONVERSATION }, from: { id: USER } }),
    );
    expect(res.status).toBe(200);
    const finished = spans.getFinishedSpans();
    const turns = finished.filter((s) => s.name === 'turn');
    expect(turns).toHaveLength(1);
    const turn = turns[0]!;
    expect(turn.attributes).toMatchObject({ 'passerelle.channel': 'emulator', 'passerelle.activity.type': 'message', 'passerelle.turn.outcome': 'answered' });
    const inTurn = finished.filter((s) => s.spanContext().traceId === turn.spanContext().traceId).map((s) => s.name);
    expect(inTurn).toEqual(expect.arrayContaining(['middleware.dedupe', 'middleware.language', 'middleware.role', 'storage.read', 'storage.write']));

    await reader.forceFlush();
    const names = metricExporter.getMetrics().flatMap((rm) => rm.scopeMetrics.flatMap((sm) => sm.metrics.map((m) => m.descriptor.name)));
    expect(names).toEqual(expect.arrayContaining(['passerelle.turn.duration', 'passerelle.storage.duration', 'passerelle.webchat.conversations']));

    // Nothing the person wrote, nor their ids, in any span or metric.
    const everything = JSON.stringify([
      finished.map((s: ReadableSpan) => ({ name: s.name, attributes: s.attributes, events: s.events, status: s.status })),
      metricExporter.getMetrics(),
    ]);
    for (const secret of ['Zéphyrine', 'Tremblay', '514-555', 'cours de fran', CONVERSATION, USER]) expect(everything).not.toContain(secret);
  });

  it('counts a repeat dropped', async () => {
    const activity = message('aide', { channelId: 'emulator', locale: 'fr-CA', conversation: { id: 'telemetry-repeat' }, from: { id: 'u2' }, id: 'same-id' });
    await post(server.url, activity);
    await post(server.url, activity);
    await reader.forceFlush();
    const repeats = metricExporter
      .getMetrics()
      .flatMap((rm) => rm.scopeMetrics.flatMap((sm) => sm.metrics))
      .filter((m) => m.descriptor.name === 'passerelle.repeats.dropped');
    const total = repeats.flatMap((m) => m.dataPoints as { value: unknown }[]).reduce((n, p) => n + Number(p.value), 0);
    expect(total).toBeGreaterThanOrEqual(1);
  });
});
