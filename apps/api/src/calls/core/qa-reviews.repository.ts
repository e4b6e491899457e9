import { Injectable } from '@nestjs/common';
import { asc, eq } from 'drizzle-orm';

import {
  Database,
  InjectDatabase,
  QaReviewRow,
  qaReviews,
  users,
} from '@poscalls4u/server-database';

export interface QaReviewRecord extends QaReviewRow {
  reviewerName: string | null;
}

/**
 * Supervisors' QA reviews of completed calls: the `qa_reviews` table. Joins `users` (owned by
 * identity) read-only, for the reviewer's name.
 */
@Injectable()
export class QaReviewsRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  async insert(executor: Database, review: typeof qaReviews.$inferInsert): Promise<string> {
    const [row] = await executor.insert(qaReviews).values(review).returning({ id: qaReviews.id });
    if (!row) throw new Error('insert into qa_reviews returned nothing');
    return row.id;
  }

  /** A call's reviews, oldest first. */
  async ofCall(callId: string): Promise<QaReviewRecord[]> {
    const rows = await this.db
      .select({ review: qaReviews, reviewerName: users.name })
      .from(qaReviews)
      .leftJoin(users, eq(users.id, qaReviews.reviewerId))
      .where(eq(qaReviews.callId, callId))
      .orderBy(asc(qaReviews.createdAt));
    return rows.map((row) => ({ ...row.review, reviewerName: row.reviewerName }));
  }
}
