import type { Config } from '../config';
import type { Logger } from '../log/logger';

/**
 * Turns telemetry on when APPLICATIONINSIGHTS_CONNECTION_STRING is set: Microsoft's Azure Monitor
 * OpenTelemetry distro registers the trace and metric providers, and Passerelle's spans and
 * instruments (src/telemetry/telemetry.ts) go to Application Insights. Its automatic HTTP
 * instrumentation is turned off: a URL carries conversation ids and web chat tokens. Without the
 * setting nothing is registered and every telemetry call is a no-op. Call before the app is built.
 */
export async function startTelemetry(config: Pick<Config, 'APPLICATIONINSIGHTS_CONNECTION_STRING'>, logger: Logger): Promise<() => Promise<void>> {
  const connectionString = config.APPLICATIONINSIGHTS_CONNECTION_STRING;
  if (!connectionString) return async () => undefined;
  const { useAzureMonitor, shutdownAzureMonitor } = await import('@azure/monitor-opentelemetry');
  useAzureMonitor({
    azureMonitorExporterOptions: { connectionString },
    instrumentationOptions: {
      http: { enabled: false },
      azureSdk: { enabled: false },
      mongoDb: { enabled: false },
      mySql: { enabled: false },
      postgreSql: { enabled: false },
      redis: { enabled: false },
      redis4: { enabled: false },
    },
    enableLiveMetrics: false,
  });
  logger.info('telemetry: traces and metrics go to Azure Monitor');
  return shutdownAzureMonitor;
}
