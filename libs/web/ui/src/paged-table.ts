// A second entry point of web-ui: the paged table (Material's table and paginator, whose page-size
// select brings the CDK overlay), apart from the main entry so that pages without one skip them.
export * from './lib/paged-table/paged-table';
