export { RateLimit } from './rate-limit.decorator';
export { RateLimitModule } from './rate-limit.module';
