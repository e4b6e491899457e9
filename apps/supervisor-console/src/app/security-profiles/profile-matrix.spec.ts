import { DEFAULT_SECURITY_PROFILE, TEAM_PERMISSIONS } from '@poscalls4u/contracts';

import { describeChanges, profileRows, sameProfile, setHeld } from './profile-matrix';

describe('security profile matrix', () => {
  it('shows the defaults of a team without a profile', () => {
    const rows = profileRows(DEFAULT_SECURITY_PROFILE);
    expect(rows.map((row) => row.permission)).toEqual([...TEAM_PERMISSIONS]);
    const agents = rows.filter((row) => row.cells.agents.held).map((row) => row.permission);
    expect(agents).toEqual(['calls:outbound', 'calls:export', 'chat:direct']);
    expect(rows.every((row) => row.cells.supervisors.held && row.cells.supervisors.byDefault)).toBe(
      true,
    );
  });

  it('grants or withholds only where the choice differs from the defaults', () => {
    const granted = setHeld(DEFAULT_SECURITY_PROFILE, 'agents', 'calls:read-team', true);
    expect(granted.agents).toEqual({ grant: ['calls:read-team'], withhold: [] });
    const withheld = setHeld(granted, 'supervisors', 'calls:export', false);
    expect(withheld.supervisors).toEqual({ grant: [], withhold: ['calls:export'] });
    expect(profileRows(withheld).find((row) => row.permission === 'calls:export')?.cells).toEqual({
      agents: { held: true, byDefault: true },
      supervisors: { held: false, byDefault: true },
    });

    // Back to the default: the rule goes, the profile is the defaults again.
    const back = setHeld(
      setHeld(withheld, 'agents', 'calls:read-team', false),
      'supervisors',
      'calls:export',
      true,
    );
    expect(sameProfile(back, DEFAULT_SECURITY_PROFILE)).toBe(true);
  });

  it('keeps the vocabulary order whatever the order of the clicks', () => {
    let profile = setHeld(DEFAULT_SECURITY_PROFILE, 'agents', 'stats:team', true);
    profile = setHeld(profile, 'agents', 'calls:read-team', true);
    expect(profile.agents.grant).toEqual(['calls:read-team', 'stats:team']);
    expect(
      sameProfile(
        profile,
        setHeld(
          setHeld(DEFAULT_SECURITY_PROFILE, 'agents', 'calls:read-team', true),
          'agents',
          'stats:team',
          true,
        ),
      ),
    ).toBe(true);
  });

  it('describes what a save changes, per kind of member', () => {
    let next = setHeld(DEFAULT_SECURITY_PROFILE, 'agents', 'calls:read-team', true);
    next = setHeld(next, 'agents', 'calls:outbound', false);
    next = setHeld(next, 'supervisors', 'presence:force', false);
    expect(describeChanges(DEFAULT_SECURITY_PROFILE, next)).toEqual([
      'Agents gain calls:read-team; lose calls:outbound.',
      'Supervisors lose presence:force.',
    ]);
    expect(describeChanges(next, next)).toEqual([]);
  });
});
