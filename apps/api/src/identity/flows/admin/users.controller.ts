import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { AdminUserResult, AdminUserView, Page, Role } from '@poscalls4u/contracts';

import { ApiEnvelope, ApiErrors } from '../../../platform/http';
import { AppException } from '../../../platform/http';
import { ClientContext, RequestContext } from '../../../platform/http';
import { AuthUser } from '../../access/auth-user';
import { Authenticated, CurrentUser } from '../../access/auth.decorators';
import { AdminUserViewDto } from './dto/admin-user-view.dto';
import { InviteUserDto } from './dto/invite-user.dto';
import { ListUsersQueryDto } from './dto/list-users-query.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { UsersAdminService } from './users-admin.service';

/** A malformed id is the client's mistake (400), an unknown one is 404. */
const userIdPipe = new ParseUUIDPipe({
  exceptionFactory: () =>
    AppException.validation('The request is invalid.', [
      { field: 'id', messages: ['id must be a UUID'] },
    ]),
});

@ApiTags('users')
@Controller('users')
@Authenticated({ role: Role.Admin })
export class UsersController {
  constructor(private readonly admin: UsersAdminService) {}

  @Get()
  @ApiOperation({
    summary: 'List users',
    description: 'Filters by name/email text, role and active flag; sorted by name, paginated.',
  })
  @ApiEnvelope(AdminUserViewDto, { description: 'One page of users', page: true })
  @ApiErrors(400)
  list(@Query() query: ListUsersQueryDto): Promise<Page<AdminUserView>> {
    return this.admin.list(query);
  }

  @Post('invite')
  @ApiOperation({
    summary: 'Invite a user',
    description:
      'Creates a verified account with the given role and no password, and emails a single-use link (7 days) to choose one.',
  })
  @ApiEnvelope(AdminUserViewDto, {
    key: 'user',
    status: HttpStatus.CREATED,
    description: 'Invited',
  })
  @ApiErrors(400, 409)
  async invite(
    @CurrentUser() user: AuthUser,
    @Body() body: InviteUserDto,
    @ClientContext() context: RequestContext,
  ): Promise<AdminUserResult> {
    return { user: await this.admin.invite(user, body, context) };
  }

  @Patch(':id')
  @ApiOperation({
    summary: "Change a user's role or active flag",
    description:
      "Ends the user's sessions at once on a role change or deactivation. Admins cannot demote or deactivate themselves, and the last active admin stays.",
  })
  @ApiEnvelope(AdminUserViewDto, { key: 'user', description: 'The updated user' })
  @ApiErrors(400, 404, 409)
  async update(
    @CurrentUser() user: AuthUser,
    @Param('id', userIdPipe) id: string,
    @Body() body: UpdateUserDto,
    @ClientContext() context: RequestContext,
  ): Promise<AdminUserResult> {
    return { user: await this.admin.update(user, id, body, context) };
  }

  @Post(':id/unlock')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Unlock a user',
    description: 'Ends a lockout after too many failed sign-ins and resets the failure count.',
  })
  @ApiEnvelope(AdminUserViewDto, { key: 'user', description: 'The unlocked user' })
  @ApiErrors(400, 404)
  async unlock(
    @CurrentUser() user: AuthUser,
    @Param('id', userIdPipe) id: string,
    @ClientContext() context: RequestContext,
  ): Promise<AdminUserResult> {
    return { user: await this.admin.unlock(user, id, context) };
  }
}
