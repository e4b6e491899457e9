import { AppConfig } from '@poscalls4u/server-config';
import { Database } from '@poscalls4u/server-database';

import { AuditService } from '../../../platform/audit/audit.service';
import { AppException } from '../../../platform/http/app.exception';
import { OutboxService } from '../../../platform/outbox/outbox.service';
import { AuthUser } from '../../access/auth-user';
import { OneTimeTokensService } from '../../stores/credentials/one-time-tokens.service';
import { UserRecord } from '../../stores/users/users.repository';
import { UsersService } from '../../stores/users/users.service';
import { SessionsService } from '../sessions/sessions.service';
import { UsersAdminService } from './users-admin.service';

const ADMIN_ID = '00000000-0000-4000-8000-000000000001';
const OTHER_ID = '00000000-0000-4000-8000-000000000002';
const context = { ip: '127.0.0.1', userAgent: 'jest' };
const caller: AuthUser = {
  id: ADMIN_ID,
  email: 'a@example.com',
  name: 'Ada',
  role: 'admin',
  sessionId: '00000000-0000-4000-8000-0000000000aa',
  mfaEnabled: false,
};

function userRecord(overrides: Partial<UserRecord>): UserRecord {
  return {
    id: OTHER_ID,
    email: 'b@example.com',
    name: 'Bea',
    role: 'admin',
    emailVerifiedAt: new Date(),
    isActive: true,
    avatarUrl: null,
    failedLoginCount: 0,
    lockedUntil: null,
    mfaEnabledAt: null,
    passwordChangedAt: null,
    lastLoginAt: null,
    createdAt: new Date(),
    updatedAt: new Date(),
    ...overrides,
  };
}

/** The rules of `update`, with the database, users, audit and sessions faked. */
function setUp(target: UserRecord, activeAdmins: number) {
  const tx = { execute: jest.fn() };
  const db = { transaction: (work: (tx: unknown) => unknown) => work(tx) } as unknown as Database;
  const users = {
    findByIdInTransaction: jest.fn().mockResolvedValue(target),
    countActiveAdmins: jest.fn().mockResolvedValue(activeAdmins),
    pendingInvitations: jest.fn().mockResolvedValue(new Set<string>()),
    setRoleAndActive: jest.fn(async (_id: string, changes: Partial<UserRecord>) => ({
      ...target,
      ...changes,
    })),
  };
  const sessions = { revokeAllForUser: jest.fn().mockResolvedValue(1) };
  const audit = { record: jest.fn() };
  const service = new UsersAdminService(
    db,
    { publicUrl: 'http://localhost:4200' } as AppConfig,
    users as unknown as UsersService,
    {} as OutboxService,
    audit as unknown as AuditService,
    sessions as unknown as SessionsService,
    {} as OneTimeTokensService,
  );
  return { service, users, sessions, audit };
}

async function conflictMessage(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(AppException);
  expect((error as AppException).getStatus()).toBe(409);
  return (error as AppException).message;
}

describe('UsersAdminService.update', () => {
  it('refuses to demote or deactivate the last active admin', async () => {
    const { service, users, sessions } = setUp(userRecord({}), 1);
    expect(
      await conflictMessage(service.update(caller, OTHER_ID, { role: 'agent' }, context)),
    ).toMatch(/last active admin/);
    expect(
      await conflictMessage(service.update(caller, OTHER_ID, { isActive: false }, context)),
    ).toMatch(/last active admin/);
    expect(users.setRoleAndActive).not.toHaveBeenCalled();
    expect(sessions.revokeAllForUser).not.toHaveBeenCalled();
  });

  it('refuses an admin demoting or deactivating themselves, however many admins there are', async () => {
    const { service, users } = setUp(userRecord({ id: ADMIN_ID }), 5);
    expect(
      await conflictMessage(service.update(caller, ADMIN_ID, { role: 'supervisor' }, context)),
    ).toMatch(/your own admin role/);
    expect(
      await conflictMessage(service.update(caller, ADMIN_ID, { isActive: false }, context)),
    ).toMatch(/your own admin role/);
    expect(users.setRoleAndActive).not.toHaveBeenCalled();
  });

  it('demotes another admin while one remains, ends their sessions and audits the change', async () => {
    const { service, users, sessions, audit } = setUp(userRecord({}), 2);
    const view = await service.update(caller, OTHER_ID, { role: 'agent' }, context);
    expect(view.role).toBe('agent');
    expect(users.setRoleAndActive).toHaveBeenCalledWith(
      OTHER_ID,
      { role: 'agent', isActive: true },
      expect.anything(),
    );
    expect(sessions.revokeAllForUser).toHaveBeenCalledWith(OTHER_ID, 'role_changed');
    expect(audit.record).toHaveBeenCalledWith(
      expect.objectContaining({
        action: 'users.role_changed',
        details: { oldRole: 'admin', newRole: 'agent' },
      }),
      expect.anything(),
    );
  });

  it('changes nothing, audits nothing and keeps sessions when the values are the same', async () => {
    const { service, users, sessions, audit } = setUp(userRecord({ role: 'agent' }), 1);
    await service.update(caller, OTHER_ID, { role: 'agent', isActive: true }, context);
    expect(users.setRoleAndActive).not.toHaveBeenCalled();
    expect(sessions.revokeAllForUser).not.toHaveBeenCalled();
    expect(audit.record).not.toHaveBeenCalled();
  });

  it('does not end sessions when an account is reactivated', async () => {
    const { service, sessions, audit } = setUp(userRecord({ role: 'agent', isActive: false }), 1);
    await service.update(caller, OTHER_ID, { isActive: true }, context);
    expect(sessions.revokeAllForUser).not.toHaveBeenCalled();
    expect(audit.record).toHaveBeenCalledWith(
      expect.objectContaining({ action: 'users.active_changed' }),
      expect.anything(),
    );
  });
});
