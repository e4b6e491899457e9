import { Injectable } from '@nestjs/common';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';

import { Database, InjectDatabase, mfaRecoveryCodes, users } from '@poscalls4u/server-database';

/** What the MFA checks need of a user; the secret stays encrypted until the service needs it. */
export interface MfaState {
  email: string;
  secretEncrypted: string | null;
  enabledAt: Date | null;
  lastUsedStep: number | null;
}

/**
 * The SQL of MFA: the `mfa_*` columns of `users` (which only this feature reads or writes) and
 * the `mfa_recovery_codes` table.
 */
@Injectable()
export class MfaRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  async findState(userId: string): Promise<MfaState | undefined> {
    const [row] = await this.db
      .select({
        email: users.email,
        secretEncrypted: users.mfaSecretEncrypted,
        enabledAt: users.mfaEnabledAt,
        lastUsedStep: users.mfaLastUsedStep,
      })
      .from(users)
      .where(eq(users.id, userId))
      .limit(1);
    return row;
  }

  /** Stores a new, not yet enabled secret; false when MFA is already on (the secret stays). */
  async setPendingSecret(userId: string, secretEncrypted: string): Promise<boolean> {
    const rows = await this.db
      .update(users)
      .set({ mfaSecretEncrypted: secretEncrypted, mfaLastUsedStep: null, updatedAt: sql`now()` })
      .where(and(eq(users.id, userId), isNull(users.mfaEnabledAt)))
      .returning({ id: users.id });
    return rows.length > 0;
  }

  /**
   * Turns MFA on with the pending secret the code was checked against and stores the recovery
   * codes; false when the secret changed meanwhile (another setup) or MFA is already on.
   */
  async enable(
    userId: string,
    secretEncrypted: string,
    step: number,
    codeHashes: string[],
  ): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const rows = await tx
        .update(users)
        .set({ mfaEnabledAt: sql`now()`, mfaLastUsedStep: step, updatedAt: sql`now()` })
        .where(
          and(
            eq(users.id, userId),
            isNull(users.mfaEnabledAt),
            eq(users.mfaSecretEncrypted, secretEncrypted),
          ),
        )
        .returning({ id: users.id });
      if (rows.length === 0) return false;
      await this.replaceCodes(userId, codeHashes, tx);
      return true;
    });
  }

  async disable(userId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx
        .update(users)
        .set({
          mfaSecretEncrypted: null,
          mfaEnabledAt: null,
          mfaLastUsedStep: null,
          updatedAt: sql`now()`,
        })
        .where(eq(users.id, userId));
      await tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId));
    });
  }

  async replaceCodes(
    userId: string,
    codeHashes: string[],
    executor: Database = this.db,
  ): Promise<void> {
    const run = async (tx: Database) => {
      await tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId));
      await tx
        .insert(mfaRecoveryCodes)
        .values(codeHashes.map((codeHash) => ({ userId, codeHash })));
    };
    if (executor === this.db) await this.db.transaction(run);
    else await run(executor);
  }

  /**
   * Accepts a TOTP time step only if it is later than the last one accepted, in one statement,
   * so the same code (or an earlier one) cannot be used twice, even by two concurrent requests.
   */
  async claimStep(userId: string, step: number): Promise<boolean> {
    const rows = await this.db
      .update(users)
      .set({ mfaLastUsedStep: step })
      .where(
        and(
          eq(users.id, userId),
          or(isNull(users.mfaLastUsedStep), lt(users.mfaLastUsedStep, step)),
        ),
      )
      .returning({ id: users.id });
    return rows.length > 0;
  }

  /** Marks an unused recovery code used, atomically; false when there is no such unused code. */
  async useRecoveryCode(userId: string, codeHash: string): Promise<boolean> {
    const rows = await this.db
      .update(mfaRecoveryCodes)
      .set({ usedAt: sql`now()` })
      .where(
        and(
          eq(mfaRecoveryCodes.userId, userId),
          eq(mfaRecoveryCodes.codeHash, codeHash),
          isNull(mfaRecoveryCodes.usedAt),
        ),
      )
      .returning({ id: mfaRecoveryCodes.id });
    return rows.length > 0;
  }
}
