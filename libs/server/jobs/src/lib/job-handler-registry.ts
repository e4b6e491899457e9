import { Injectable } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';

import { runWithRequestId } from '@poscalls4u/server-logging';

import { JOB_HANDLER_METADATA, JobContext, JobHandler } from './job-handler';
import { JobName, JobPayload } from './job-names';

/** Raised at start-up when the handlers do not cover every job exactly once. */
export class JobHandlerRegistrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobHandlerRegistrationError';
  }
}

/** Finds the `@HandlesJob` providers of the application and dispatches jobs to them. */
@Injectable()
export class JobHandlerRegistry {
  private readonly handlers = new Map<JobName, JobHandler<JobName>>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  /**
   * Collects the handlers and checks that every job name has exactly one (like Immich's job
   * repository): a missing handler would leave jobs queued forever, two would make the choice
   * depend on module order. `names`: the jobs this process runs (default all of them).
   */
  load(names: readonly JobName[] = Object.values(JobName)): void {
    const found = new Map<JobName, string[]>();
    this.handlers.clear();
    for (const wrapper of this.discovery.getProviders()) {
      const metatype = wrapper.metatype;
      if (!metatype || wrapper.isAlias || typeof metatype !== 'function') continue;
      const name = this.reflector.get<JobName | undefined>(JOB_HANDLER_METADATA, metatype);
      if (!name) continue;
      if (!wrapper.isDependencyTreeStatic()) {
        throw new JobHandlerRegistrationError(
          `Job handler ${metatype.name} must be a singleton provider (it is request- or transient-scoped).`,
        );
      }
      found.set(name, [...(found.get(name) ?? []), metatype.name]);
      this.handlers.set(name, wrapper.instance as JobHandler<JobName>);
    }

    const problems: string[] = [];
    for (const name of names) {
      const classes = found.get(name) ?? [];
      if (classes.length === 0) problems.push(`no handler for job "${name}"`);
      if (classes.length > 1) {
        problems.push(`job "${name}" has ${classes.length} handlers (${classes.join(', ')})`);
      }
    }
    if (problems.length > 0) {
      throw new JobHandlerRegistrationError(
        `Cannot process jobs: ${problems.join('; ')}. Import the module that declares each handler once.`,
      );
    }
  }

  async run<N extends JobName>(
    name: N,
    payload: JobPayload<N>,
    context: JobContext,
  ): Promise<void> {
    const handler = this.handlers.get(name) as JobHandler<N> | undefined;
    if (!handler) throw new Error(`No handler for job "${name}"`);
    // The handler's log lines carry the id of the request that caused the job.
    await runWithRequestId(payload.requestId, () => handler.handle(payload, context));
  }
}
