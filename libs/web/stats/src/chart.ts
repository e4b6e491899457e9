// A second entry point of web-stats: the Chart.js chart. Apart from the main one so that a page
// that draws it only when it scrolls into view (`@defer`) keeps Chart.js out of its own chunk.
export * from './lib/chart/interval-chart';
