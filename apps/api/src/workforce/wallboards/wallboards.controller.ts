import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import {
  Page,
  Permission,
  WallboardLinkCreatedResult,
  WallboardLinkResult,
  WallboardLinkView,
  WallboardResult,
  WallboardSessionResult,
} from '@poscalls4u/contracts';

import {
  AuthUser,
  Authenticated,
  CurrentUser,
  CurrentWallboard,
  Public,
  WallboardAuthenticated,
  WallboardPrincipal,
} from '../../identity/access';
import {
  ApiEnvelope,
  ApiErrors,
  ClientContext,
  PageQueryDto,
  RequestContext,
  pageOf,
} from '../../platform/http';
import {
  CreateWallboardLinkDto,
  WallboardLinkCreatedDto,
  WallboardLinkViewDto,
  WallboardSessionDto,
  WallboardSessionRequestDto,
  WallboardViewDto,
} from './dto/wallboard.dto';
import { WallboardsService } from './wallboards.service';

/** Managing wallboard links: supervisors for their teams (`wallboards:manage`), admins for all. */
@ApiTags('workforce')
@Controller('workforce/wallboards')
export class WallboardLinksController {
  constructor(private readonly wallboards: WallboardsService) {}

  @Post()
  @Authenticated({ permission: Permission.WallboardsManage })
  @ApiOperation({
    summary: 'Create a wallboard link for teams',
    description:
      'A read-only wallboard of the chosen teams (in rotation order), for a screen on the floor that never signs in. The caller must hold `wallboards:manage` in every team (404 a team they cannot see, 403 when its profile withholds it). The answer carries the secret once (only its SHA-256 is stored) and the console path `/wallboard#<secret>`: the secret sits in the URL fragment, which browsers never send to a server (no access log or Referer holds it).',
  })
  @ApiEnvelope(WallboardLinkCreatedDto, {
    status: HttpStatus.CREATED,
    description: 'The link, its secret and path (shown this once)',
  })
  @ApiErrors(400, 404)
  create(
    @CurrentUser() user: AuthUser,
    @Body() body: CreateWallboardLinkDto,
    @ClientContext() context: RequestContext,
  ): Promise<WallboardLinkCreatedResult> {
    return this.wallboards.create(user, body, context);
  }

  @Get()
  @Authenticated({ permission: Permission.WallboardsManage })
  @ApiOperation({
    summary: 'List wallboard links with their last use',
    description:
      'Newest first, revoked ones included. Admins see every link; others the links they created and those whose teams they all manage.',
  })
  @ApiEnvelope(WallboardLinkViewDto, { page: true, description: 'The links' })
  @ApiErrors(400)
  async list(
    @CurrentUser() user: AuthUser,
    @Query() query: PageQueryDto,
  ): Promise<Page<WallboardLinkView>> {
    return pageOf(await this.wallboards.list(user), query);
  }

  @Delete(':id')
  @Authenticated({ permission: Permission.WallboardsManage })
  @ApiOperation({
    summary: 'Revoke a wallboard link',
    description:
      'At once: its wallboard token stops working on the next request and its sockets are disconnected, on every instance. Revoking a revoked link answers it unchanged.',
  })
  @ApiEnvelope(WallboardLinkViewDto, { key: 'wallboard', description: 'The revoked link' })
  @ApiErrors(400, 404)
  async revoke(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @ClientContext() context: RequestContext,
  ): Promise<WallboardLinkResult> {
    return { wallboard: await this.wallboards.revoke(user, id, context) };
  }
}

/** The wallboard page's own routes: the secret's exchange and the figures. */
@ApiTags('wallboard')
@Controller('wallboard')
export class WallboardController {
  constructor(private readonly wallboards: WallboardsService) {}

  @Post('session')
  @HttpCode(HttpStatus.OK)
  @Public()
  @ApiOperation({
    summary: "Exchange a wallboard link's secret for a wallboard token",
    description:
      'The read-only wallboard credential: a bearer valid 15 minutes for `GET /api/wallboard` and the Socket.IO handshake (`auth: { token }`, joining the link’s teams’ wallboard rooms only) and refused by every other route. The page exchanges the secret again before it expires. 401 for an unknown or revoked link.',
  })
  @ApiEnvelope(WallboardSessionDto, { description: 'The wallboard token' })
  @ApiErrors(400, 401)
  exchange(@Body() body: WallboardSessionRequestDto): Promise<WallboardSessionResult> {
    return this.wallboards.exchange(body.secret);
  }

  @Get()
  @WallboardAuthenticated()
  @ApiOperation({
    summary: "The wallboard's figures",
    description:
      "With a wallboard token only (user tokens are refused): each team of the link, in rotation order — today so far, live values (calls waiting, longest wait, agents by state), live staffing (agents needed now) and the alert thresholds the screen colours follow. Live changes arrive as `dashboard:update` on the wallboard's socket. 401 once the link is revoked.",
  })
  @ApiEnvelope(WallboardViewDto, { key: 'wallboard', description: 'The wallboard' })
  async board(@CurrentWallboard() wallboard: WallboardPrincipal): Promise<WallboardResult> {
    return { wallboard: await this.wallboards.board(wallboard) };
  }
}
