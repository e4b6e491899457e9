import { CursorPageQuery } from './envelope';

/** Everything the audit log records. A name once published is never reused for another meaning. */
export const AuditAction = {
  SignIn: 'auth.sign_in',
  SignInMfa: 'auth.sign_in_mfa',
  SignInOAuth: 'auth.sign_in_oauth',
  SignUp: 'auth.sign_up',
  Lockout: 'auth.lockout',
  Unlock: 'auth.unlock',
  Logout: 'auth.logout',
  LogoutAll: 'auth.logout_all',
  RefreshTokenReuse: 'auth.refresh_token_reuse',
  SessionRevoked: 'auth.session_revoked',
  EmailVerified: 'auth.email_verified',
  PasswordChanged: 'auth.password_changed',
  PasswordResetRequested: 'auth.password_reset_requested',
  PasswordReset: 'auth.password_reset',
  MfaEnabled: 'auth.mfa_enabled',
  MfaDisabled: 'auth.mfa_disabled',
  MfaRecoveryCodesRegenerated: 'auth.mfa_recovery_codes_regenerated',
  RoleChanged: 'users.role_changed',
  ActiveChanged: 'users.active_changed',
  UserInvited: 'users.invited',
  SettingsChanged: 'settings.changed',
  TeamSecurityProfileChanged: 'teams.security_profile_changed',
  /** A supervisor or admin set an agent's state (offline or a break). */
  PresenceForced: 'presence.forced',
  /** A supervisor or admin signed an agent out: every session ended, the agent offline. */
  AgentSignedOut: 'presence.signed_out',
  /** A supervisor started listening to, whispering to or barging into a call (`details.mode`). */
  CallAssistStarted: 'calls.assist_started',
  /** The assisting supervisor switched mode (`details.from`, `details.mode`). */
  CallAssistChanged: 'calls.assist_changed',
  /** An assist ended (`details.reason`: stopped, call_ended, pbx). */
  CallAssistStopped: 'calls.assist_stopped',
  /** An agent blind-transferred a call (`details.targetType`: number, queue or agent; teams). */
  CallTransferred: 'calls.transferred',
  /** An agent held a caller and opened a consult leg (`details.targetType`: agent or number). */
  CallConsultStarted: 'calls.consult_started',
  /** A consult ended: `details.outcome` completed (the caller went over) or cancelled. */
  CallConsultEnded: 'calls.consult_ended',
  /** An agent merged a consult into a conference. */
  CallConferenceStarted: 'calls.conference_started',
  /** A conference party was added or removed, or left (`details.partyId`, `details.kind`). */
  CallConferencePartyAdded: 'calls.conference_party_added',
  CallConferencePartyRemoved: 'calls.conference_party_removed',
  CallConferenceLeft: 'calls.conference_left',
  WallboardLinkCreated: 'wallboards.link_created',
  WallboardLinkRevoked: 'wallboards.link_revoked',
} as const;

export type AuditAction = (typeof AuditAction)[keyof typeof AuditAction];

export const AUDIT_ACTIONS: readonly AuditAction[] = Object.values(AuditAction);

export type AuditOutcome = 'success' | 'failure';

/** One audit event as `GET /api/audit` returns it. */
export interface AuditEventView {
  id: string;
  occurredAt: string;
  action: AuditAction;
  outcome: AuditOutcome;
  actor: { id: string; name: string; email: string } | null;
  target: { id: string; name: string; email: string } | null;
  /** The email tried when no account matched (failed sign-ins). */
  email: string | null;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown> | null;
}

export const AUDIT_OUTCOMES: readonly AuditOutcome[] = ['success', 'failure'];

/** Filters of `GET /api/audit`; `from`/`to` are ISO 8601 instants, both inclusive. */
export interface ListAuditEventsQuery extends CursorPageQuery {
  /** Events where this user is the actor or the target. */
  userId?: string;
  /** One action, or several comma-separated. */
  action?: AuditAction[];
  outcome?: AuditOutcome;
  from?: string;
  to?: string;
}
