export * from './lib/stats-api';
export * from './lib/kpi-format';
export * from './lib/state/stats.actions';
export * from './lib/state/stats.reducer';
export * from './lib/state/stats.selectors';
export * from './lib/state/stats.effects';
export * from './lib/provide-stats';
