export { measureRequests, serveMetricsRoute } from './metrics-http';
export { MetricsModule } from './metrics.module';
export { MetricsService } from './metrics.service';
