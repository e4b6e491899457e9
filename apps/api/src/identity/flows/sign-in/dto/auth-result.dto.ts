import { ApiProperty } from '@nestjs/swagger';

import { AuthResult, ProfileResult, ROLES, Role, UserView } from '@poscalls4u/contracts';

export class UserViewDto implements UserView {
  /** @example "6f1c2f4e-8a0b-4c39-9a55-2d7f1f0f9d11" */
  id!: string;
  /** @example "John Doe" */
  name!: string;
  /** @example "john@example.com" */
  email!: string;
  @ApiProperty({ enum: ROLES, example: 'agent' })
  role!: Role;
  /** @example true */
  emailVerified!: boolean;
  /** @example false */
  mfaEnabled!: boolean;
  /** @example true */
  isActive!: boolean;
  @ApiProperty({ type: String, nullable: true, example: null })
  avatarUrl!: string | null;
  /** @example "2026-11-25T08:00:00.000Z" */
  createdAt!: string;
  @ApiProperty({ type: String, nullable: true, example: '2026-11-25T09:30:00.000Z' })
  lastLoginAt!: string | null;
}

export class AuthResultDto implements AuthResult {
  /**
   * Bearer access token (JWT, HS256) for the `Authorization` header.
   * @example "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI2ZjFjIiwicm9sZSI6ImFnZW50IiwidHlwIjoiYWNjZXNzIn0.c2lnbmF0dXJl"
   */
  token!: string;
  /** Seconds until the token expires. @example 900 */
  expiresIn!: number;
  user!: UserViewDto;
}

export class ProfileResultDto implements ProfileResult {
  user!: UserViewDto;
}
