import { IsIn, IsOptional, IsString, Matches } from 'class-validator';

import { OAuthExchangeRequest } from '@poscalls4u/contracts';

import { OAUTH_CONSOLES, OAuthConsole } from './oauth-provider';

export class OAuthStartQueryDto {
  /** The console to come back to after the provider. @example "agent" */
  @IsOptional()
  @IsIn(OAUTH_CONSOLES)
  console?: OAuthConsole;
}

export class OAuthExchangeDto implements OAuthExchangeRequest {
  /** The one-time code of `/<console>/auth/callback?code=...` (single use, 60 s). @example "q4N1aFhYc2V4bXBsZS1vYXV0aC1jb2RlLXZhbHVlLTAx" */
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{20,100}$/, { message: 'code is not a valid sign-in code' })
  code!: string;
}
