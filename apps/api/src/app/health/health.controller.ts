import { Controller, Get } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';

import { Public } from '../../identity/access';
import { RawResponse } from '../../platform/http';
import { DatabaseHealthIndicator, RedisHealthIndicator } from './health.indicators';

/** Probes for load balancers and orchestrators; answered in terminus' shape, not the envelope. */
@ApiTags('health')
@Controller('health')
@Public()
@RawResponse()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: the process answers' })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    summary:
      'Readiness: the database answers (503 when it does not); an unreachable Redis only degrades it (200, status "degraded")',
  })
  @ApiOkResponse({ description: 'Ready to serve (status "ok", or "degraded" without Redis)' })
  @ApiServiceUnavailableResponse({ description: 'The database is down' })
  ready(): Promise<HealthCheckResult> {
    const checks = [() => this.database.check()];
    if (this.redis.configured) checks.push(() => this.redis.check());
    return this.health.check(checks);
  }
}
