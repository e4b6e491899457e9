export * from './lib/logo/logo';
export * from './lib/app-shell/app-shell';
export * from './lib/sign-in-card/sign-in-card';
export * from './lib/role/role-label';
export * from './lib/confirm-dialog/confirm-dialog';
export * from './lib/form-field/form-field';
export * from './lib/paged-table/paged-table';
export * from './lib/theme/theme-preference';
