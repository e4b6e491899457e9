const { composePlugins, withNx } = require('@nx/webpack');

// Node bundle of the API: workspace libraries are bundled, node_modules stay external
// (NestJS 12 is ESM-only and is loaded at run time through Node's require(esm)).
module.exports = composePlugins(withNx(), (config) => config);
