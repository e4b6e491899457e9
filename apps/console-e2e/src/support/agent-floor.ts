import { Page } from 'playwright-core';

import {
  AdminUserView,
  PresenceView,
  Page as ResultPage,
  TeamDetailView,
  TeamResult,
  TeamView,
} from '@poscalls4u/contracts';

import { apiCall, apiList } from './platform-api';

/**
 * Set-up steps of the agent console's browser tests: a team the agent takes calls in, with
 * nobody else available, and a helper for Material selects.
 */

/** The demo team an agent works in; a team of their own when the demo data has none. */
export async function teamOf(admin: string, email: string): Promise<TeamDetailView> {
  for (const team of await apiList<TeamView>(admin, 'teams')) {
    const detail = await teamDetail(admin, team.id);
    if (detail.members.some((member) => member.email === email)) {
      return detail;
    }
  }
  const users = await apiCall<ResultPage<AdminUserView>>(
    admin,
    'GET',
    `users?search=${encodeURIComponent(email)}`,
  );
  const agent = users.items.find((user) => user.email === email);
  if (agent === undefined) {
    throw new Error(`No demo user ${email}`);
  }
  const { team } = await apiCall<TeamResult>(admin, 'POST', 'teams', {
    name: 'E2E call floor',
  });
  await apiCall(admin, 'POST', `teams/${team.id}/members`, { userId: agent.id, role: 'agent' });
  return teamDetail(admin, team.id);
}

async function teamDetail(admin: string, teamId: string): Promise<TeamDetailView> {
  return (await apiCall<TeamResult>(admin, 'GET', `teams/${teamId}`)).team;
}

/**
 * Nobody else of the team may take the offer: colleagues who are available are sent offline
 * (the demo agents start offline, but another test may have left one available).
 */
export async function onlyAgentAvailable(admin: string, team: TeamDetailView, email: string) {
  const agentId = team.members.find((member) => member.email === email)?.userId;
  const people = await apiList<PresenceView>(admin, `presence?teamId=${team.id}`);
  for (const person of people) {
    if (person.userId !== agentId && person.status === 'available') {
      await apiCall(admin, 'PUT', `presence/${person.userId}`, { status: 'offline' });
    }
  }
  const after = await apiList<PresenceView>(admin, `presence?teamId=${team.id}`);
  // (The agent itself may have been left available by an earlier test: only colleagues count.)
  expect(
    after.filter((person) => person.userId !== agentId && person.status === 'available'),
  ).toEqual([]);
}

/** Picks an option of a Material select by its test ids (the options live in an overlay). */
export async function choose(
  page: Page,
  selectTestId: string,
  optionTestId: string,
): Promise<void> {
  await page.getByTestId(selectTestId).click();
  await page.getByTestId(optionTestId).click();
}
