export * from './lib/job-names';
export * from './lib/retry-policy';
export * from './lib/job-handler';
export { JobHandlerRegistrationError } from './lib/job-handler-registry';
export * from './lib/job-queue';
export * from './lib/jobs.module';
export { JobMetrics, type JobOutcome } from './lib/job-metrics';
