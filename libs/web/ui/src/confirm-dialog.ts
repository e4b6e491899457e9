// A second entry point of web-ui: the confirmation dialog (Material's dialog and the CDK overlay),
// apart from the main entry so that a page without a dialog (the sign-in page) does not load it.
export * from './lib/confirm-dialog/confirm-dialog';
