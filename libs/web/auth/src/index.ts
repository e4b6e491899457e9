export * from './lib/auth.config';
export * from './lib/token-storage';
export * from './lib/auth-api';
export * from './lib/auth-providers';
export * from './lib/session-refresher';
export * from './lib/sign-in-error-message';
export * from './lib/state/auth.actions';
export * from './lib/state/auth.reducer';
export * from './lib/state/auth.selectors';
export * from './lib/auth.interceptor';
export * from './lib/auth.guards';
export * from './lib/provide-auth';
export * from './lib/auth.routes';
// The pages (the sign-in page too) are loaded on demand through `authRoutes()`; exporting them
// here would pull them into every console's initial bundle.
