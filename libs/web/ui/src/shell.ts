// A second entry point of web-ui: the consoles' frame alone, for their first bundle. The main
// entry also holds the form field, tables and dialogs (Material's form fields, the overlay), which
// only pages loaded on demand use; importing it from the root component would pull them all into
// the code every visit downloads and runs first.
export * from './lib/app-shell/app-shell';
