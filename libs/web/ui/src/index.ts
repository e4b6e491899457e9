export * from './lib/logo/logo';
export * from './lib/app-shell/app-shell';
export * from './lib/sign-in-card/sign-in-card';
export * from './lib/role/role-label';
export * from './lib/form-field/form-field';
export * from './lib/theme/theme-preference';
// The confirmation dialog and the paged table have entry points of their own
// (`@poscalls4u/web-ui/confirm-dialog`, `@poscalls4u/web-ui/paged-table`), and the consoles' root
// component imports `@poscalls4u/web-ui/shell`: a page's chunk then holds only what it uses (the
// bundler keeps every file a barrel names with whoever imports the barrel).
