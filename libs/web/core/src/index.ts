export * from './lib/all-pages';
export * from './lib/api-url';
export * from './lib/api-failure';
export * from './lib/unwrap-envelope';
export * from './lib/after-first-page';
