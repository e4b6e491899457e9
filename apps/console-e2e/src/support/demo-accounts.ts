/**
 * The demo accounts a browser suite changes, in one place. The suites share one platform and run
 * in any order, so an account whose password, MFA or routing one suite changes must never be
 * signed in by another: each account below belongs to exactly one suite.
 *
 * Read-only use (signing in with the demo password, a single wrong password) of admin,
 * supervisor1, supervisor2 and agent1 is shared.
 */

/** account-flows.spec.ts resets this agent's password. */
export const PASSWORD_RESET_AGENT = 'agent9@poscalls4u.test';

/** account-flows.spec.ts enrols this agent in MFA, so a password alone no longer signs it in. */
export const MFA_AGENT = 'agent8@poscalls4u.test';

/**
 * supervisor-dashboard.spec.ts simulates Sales agents 6 and 7 (the simulator signs in with the
 * demo password only); agent-calls.spec.ts works in Support with agent1.
 */
export const DASHBOARD_SIMULATED_AGENTS = { first: 6, count: 2 } as const;

/** supervisor-teams.spec.ts staffs a new team with these agents (and removes one again). */
export const TEAM_STAFFING_AGENTS = ['agent10@poscalls4u.test', 'agent5@poscalls4u.test'] as const;

/** signed-out-visit.spec.ts signs this agent in and out (sign-out sets it offline at once). */
export const SIGN_OUT_AGENT = 'agent4@poscalls4u.test';

/**
 * supervisor-assist.spec.ts uses no demo agent or supervisor: every one is taken above, and an
 * assist ties up a supervisor and changes the agent's call. It registers a fresh supervisor and a
 * fresh agent (emails with this prefix) in a team of their own; the admin is only read from.
 */
export const ASSIST_ACCOUNTS = { emailPrefix: 'assist.e2e' } as const;

/**
 * supervisor-skills.spec.ts gives skills to a fresh agent (emails with this prefix) in a team of
 * its own, and sets that team's required skills; the skills it adds are uniquely named and
 * deleted again.
 */
export const SKILLS_ACCOUNTS = { emailPrefix: 'skills.e2e' } as const;

/**
 * agent-caller-history.spec.ts routes two calls from one number to a fresh agent (emails with
 * this prefix) in a team of its own with a CRM link.
 */
export const CALLER_HISTORY_ACCOUNTS = { emailPrefix: 'caller.e2e' } as const;

/**
 * chat.spec.ts sets up end-to-end encrypted chat for this agent and supervisor of Support (their
 * identity keys, devices and key backups). agent-offers.spec.ts routes calls to agent3 and many
 * suites sign supervisor1 in; none of them touches chat keys.
 */
export const CHAT_ACCOUNTS = {
  agent: 'agent3@poscalls4u.test',
  supervisor: 'supervisor1@poscalls4u.test',
} as const;

/**
 * wallboard.spec.ts puts this agent in a team it creates and sets it available. Every demo agent
 * already belongs to a suite; this one is shared safely because wallboard.spec.ts runs on a
 * platform of its own (it restarts the API), whose accounts no other suite signs in to.
 */
export const WALLBOARD_AGENT = 'agent3@poscalls4u.test';

/**
 * mfa-enforcement.spec.ts invites these two (they exist only in that suite): an admin who enrols
 * in MFA and requires it, and a supervisor who is then led through enrolment. The suite switches
 * the requirement off again before it ends, since it stops every other supervisor and admin.
 */
export const MFA_POLICY_ADMIN = 'mfa.policy.admin@poscalls4u.test';
export const MFA_ENROLLING_SUPERVISOR = 'mfa.enrolling.supervisor@poscalls4u.test';

/**
 * supervisor-agent-grid.spec.ts invites this agent (it exists only in that suite), puts it on a
 * team of its own, forces its state and signs it out.
 */
export const GRID_MANAGED_AGENT = 'grid.managed.agent@poscalls4u.test';

/**
 * scheduled-reports.spec.ts creates, sends and deletes scheduled reports of Sales as this
 * supervisor (its own, uniquely named; nothing else of the account changes).
 */
export const SCHEDULED_REPORTS_SUPERVISOR = 'supervisor2@poscalls4u.test';

/**
 * chat-devices.spec.ts registers two fresh agents (emails with this prefix) in a team of its own:
 * their chat keys, devices and notifications change. The admin is only read from.
 */
export const CHAT_DEVICES_ACCOUNTS = { emailPrefix: 'chat.devices.e2e' } as const;

/**
 * agent-consult.spec.ts registers two fresh agents (emails with this prefix) in a team of their
 * own: one consults the other, then completes or cancels.
 */
export const CONSULT_ACCOUNTS = { emailPrefix: 'consult.e2e' } as const;

/**
 * agent-conference.spec.ts merges a consult into a conference between two fresh agents (emails
 * with this prefix) in a team of their own.
 */
export const CONFERENCE_ACCOUNTS = { emailPrefix: 'conference.e2e' } as const;

/**
 * chat-unread-badge.spec.ts registers a fresh agent and a fresh supervisor (emails with this
 * prefix) in a team of their own, who message each other's team room through the API.
 */
export const CHAT_BADGE_ACCOUNTS = { emailPrefix: 'chat.badge.e2e' } as const;
