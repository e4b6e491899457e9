/** Some ids, or every one. */
export type IdFilter = string[] | 'all';

/** What a figure is computed over: team rows (and their agents' time in state), or agents' own rows. */
export type FigureScope =
  { kind: 'teams'; teams: IdFilter; agents: IdFilter } | { kind: 'agents'; agents: string[] };
