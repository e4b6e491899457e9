/**
 * Appends one line `<passed> <failed> <skipped>` per Jest run to the file named by
 * JEST_SUMMARY_FILE, so `.ci/run` can print one total over several Jest runs.
 */
const { appendFileSync } = require('node:fs');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const file = process.env.JEST_SUMMARY_FILE;
    if (!file) return;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    appendFileSync(file, `${results.numPassedTests} ${failed} ${results.numPendingTests}\n`);
  }
}

module.exports = SummaryReporter;
