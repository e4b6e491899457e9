import { Controller, Get, HttpStatus, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { escapeHtml } from '@poscalls4u/server-mail';

import { Public } from '../../identity/access';
import { ApiErrors, AppException, RawResponse } from '../../platform/http';
import { RateLimit } from '../../platform/rate-limit';
import { UnsubscribeQueryDto } from './dto/report-schedules.dto';
import { ReportSchedulesRepository } from './report-schedules.repository';
import { UNSUBSCRIBE_PATH, UnsubscribeLinks } from './unsubscribe-link';

const INVALID =
  'This unsubscribe link is not valid. Use the link of a recent report email as it is.';

/**
 * The unsubscribe link of a scheduled report's email, for recipients who have no account: no
 * sign-in, a signed link instead. GET shows a confirmation button (mail scanners that open links
 * do not unsubscribe anyone); POST removes the address. The answer never says whether the
 * address was on the list or the schedule still exists, so links reveal nothing.
 */
@ApiTags('workforce')
@Controller('workforce/report-schedules/unsubscribe')
export class UnsubscribeController {
  constructor(
    private readonly links: UnsubscribeLinks,
    private readonly repository: ReportSchedulesRepository,
  ) {}

  @Get()
  @Public()
  @RateLimit('auth')
  @RawResponse()
  @ApiProduces('text/html')
  @ApiOperation({
    summary: 'Unsubscribe page of a scheduled report (signed link from its email)',
    description:
      'A plain page asking to confirm. A link whose signature does not match is 400: a page for a browser (Accept: text/html), the error envelope otherwise. Rate-limited like sign-in.',
  })
  @ApiResponse({ status: HttpStatus.OK, description: 'The confirmation page (HTML)' })
  @ApiErrors(400)
  page(@Query() query: UnsubscribeQueryDto, @Res() response: Response): void {
    if (!this.links.verify(query.schedule, query.email, query.sig)) {
      refuse(response);
      return;
    }
    const action = `${UNSUBSCRIBE_PATH}?${new URLSearchParams({ ...query }).toString()}`;
    html(
      response,
      HttpStatus.OK,
      'Unsubscribe',
      `Stop sending this scheduled report to ${query.email}?`,
      `<form method="post" action="${escapeHtml(action)}"><button type="submit">Unsubscribe</button></form>`,
    );
  }

  @Post()
  @Public()
  @RateLimit('auth')
  @RawResponse()
  @ApiProduces('text/html')
  @ApiOperation({
    summary: 'Unsubscribe from a scheduled report (signed link from its email)',
    description:
      "Removes the address from the schedule's recipients and answers a plain confirmation, the same whether it was there or not. A link whose signature does not match is 400: a page for a browser (Accept: text/html), the error envelope otherwise. Rate-limited like sign-in.",
  })
  @ApiResponse({ status: HttpStatus.OK, description: 'The confirmation (HTML)' })
  @ApiErrors(400)
  async unsubscribe(@Query() query: UnsubscribeQueryDto, @Res() response: Response): Promise<void> {
    if (!this.links.verify(query.schedule, query.email, query.sig)) {
      refuse(response);
      return;
    }
    await this.repository.removeRecipient(query.schedule, query.email);
    html(
      response,
      HttpStatus.OK,
      'Unsubscribed',
      `${query.email} will not receive this scheduled report any more.`,
    );
  }
}

/**
 * A link whose signature does not match: a page for a person's browser, the error envelope for
 * any other client (a script, a mail scanner asking for JSON).
 */
function refuse(response: Response): void {
  if (response.req.accepts(['json', 'html']) === 'html') {
    html(response, HttpStatus.BAD_REQUEST, 'Link not valid', INVALID);
    return;
  }
  throw AppException.validation(INVALID, [
    { field: 'sig', messages: ['sig does not match this schedule and address'] },
  ]);
}

function html(
  response: Response,
  status: number,
  title: string,
  message: string,
  extra = '',
): void {
  response
    .status(status)
    .type('html')
    .send(
      `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} - PosCalls4U</title></head><body style="font-family:sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>${extra}</body></html>`,
    );
}
