import { SetMetadata } from '@nestjs/common';

export const RATE_LIMIT_METADATA = 'poscalls4u:rate-limit';

/**
 * The stricter named limits, on top of the global one: `auth` (sign-up, sign-in, forgot-password,
 * resend verification, MFA; `RATE_LIMIT_AUTH_PER_MINUTE`) and `refresh`
 * (`RATE_LIMIT_REFRESH_PER_MINUTE`) and `chat-send` (chat sends and edits;
 * `RATE_LIMIT_CHAT_SEND_PER_MINUTE`), per client address.
 */
export type RateLimitName = 'auth' | 'refresh' | 'chat-send';

/** Puts a route under a named limit, counted per client address across all its routes. */
export const RateLimit = (name: RateLimitName) => SetMetadata(RATE_LIMIT_METADATA, name);
