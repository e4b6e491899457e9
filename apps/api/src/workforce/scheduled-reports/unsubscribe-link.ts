import { Inject, Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';

import { APP_CONFIG, type AppConfig } from '@poscalls4u/server-config';

/** Path of the public unsubscribe page (under the API's global prefix). */
export const UNSUBSCRIBE_PATH = '/api/workforce/report-schedules/unsubscribe';

/**
 * Signs and checks the unsubscribe links of scheduled reports: HMAC-SHA256 over the schedule id
 * and the address, under a key derived from the JWT secret (its own label, so a signature made
 * for this can never stand in for a token, and no extra secret to configure). The link names
 * only what it unsubscribes; without the key nobody can forge one for another address.
 */
@Injectable()
export class UnsubscribeLinks {
  private readonly key: Buffer;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.key = createHmac('sha256', config.auth.jwtSecret)
      .update('poscalls4u/report-unsubscribe/v1')
      .digest();
  }

  url(scheduleId: string, email: string): string {
    const query = new URLSearchParams({
      schedule: scheduleId,
      email,
      sig: this.sign(scheduleId, email),
    });
    return `${this.config.publicUrl.replace(/\/$/, '')}${UNSUBSCRIBE_PATH}?${query.toString()}`;
  }

  verify(scheduleId: string, email: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(scheduleId, email));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private sign(scheduleId: string, email: string): string {
    return createHmac('sha256', this.key)
      .update(`${scheduleId.toLowerCase()}\n${email.toLowerCase()}`)
      .digest('base64url');
  }
}
