import { Module } from '@nestjs/common';

import { SessionsRepository } from './sessions/sessions.repository';
import { UsersRepository } from './users/users.repository';
import { UsersService } from './users/users.service';

/** The stores of identity: each repository owns its tables; the flows above use them. */
@Module({
  providers: [SessionsRepository, UsersRepository, UsersService],
  exports: [SessionsRepository, UsersService],
})
export class StoresModule {}
