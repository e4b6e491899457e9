export type HealthStatus = 'ok' | 'error' | 'shutting_down';

/** Answer of `GET /health` and `GET /health/ready` (the @nestjs/terminus shape). */
export interface HealthResult {
  status: HealthStatus;
  info?: Record<string, { status: string; [key: string]: unknown }>;
  error?: Record<string, { status: string; [key: string]: unknown }>;
  details: Record<string, { status: string; [key: string]: unknown }>;
}
