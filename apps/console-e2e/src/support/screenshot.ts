import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';

import { WORKSPACE_ROOT } from './platform';

/** The committed baselines, one PNG per page and width. */
export const BASELINE_DIR = path.join(WORKSPACE_ROOT, 'apps/console-e2e/src/screenshots');

/** Where a failed comparison leaves the page as drawn and the diff (tmp/ is not committed). */
export const FAILURE_DIR = path.join(WORKSPACE_ROOT, 'tmp/screenshots');

/** `UPDATE_SCREENSHOTS=1` writes the baselines instead of comparing with them. */
export const UPDATING = process.env['UPDATE_SCREENSHOTS'] === '1';

/**
 * How far a pixel's colour may move before it counts as different (pixelmatch's YIQ distance,
 * 0-1), and which share of the pixels may differ. Tight enough that a moved button, a changed
 * colour or a line of text fails; loose enough for the odd anti-aliased edge.
 */
export const PIXEL_THRESHOLD = 0.1;
export const MAX_DIFF_RATIO = 0.001;

export interface Comparison {
  /** Differing pixels over all pixels. */
  ratio: number;
  /** What went wrong, or null when the screenshot matches its baseline. */
  failure: string | null;
}

/**
 * Compares a screenshot with the baseline `name`.png (or, when updating, writes it). On a
 * mismatch the screenshot and a diff (differing pixels in red) are written to tmp/screenshots/.
 */
export function compareWithBaseline(name: string, screenshot: Buffer): Comparison {
  const baselinePath = path.join(BASELINE_DIR, `${name}.png`);
  const actualPath = path.join(FAILURE_DIR, `${name}.actual.png`);
  const diffPath = path.join(FAILURE_DIR, `${name}.diff.png`);
  rmSync(actualPath, { force: true });
  rmSync(diffPath, { force: true });

  if (UPDATING) {
    mkdirSync(BASELINE_DIR, { recursive: true });
    writeFileSync(baselinePath, screenshot);
    return { ratio: 0, failure: null };
  }
  if (!existsSync(baselinePath)) {
    return {
      ratio: 1,
      failure: `no baseline ${path.relative(WORKSPACE_ROOT, baselinePath)}: run with UPDATE_SCREENSHOTS=1`,
    };
  }

  const actual = PNG.sync.read(screenshot);
  const expected = PNG.sync.read(readFileSync(baselinePath));
  const keep = (failure: string, diff?: PNG): Comparison => {
    mkdirSync(FAILURE_DIR, { recursive: true });
    writeFileSync(actualPath, screenshot);
    if (diff) writeFileSync(diffPath, PNG.sync.write(diff));
    return {
      ratio: 1,
      failure: `${failure} (${path.relative(WORKSPACE_ROOT, actualPath)}${diff ? ` and ${path.relative(WORKSPACE_ROOT, diffPath)}` : ''})`,
    };
  };
  if (actual.width !== expected.width || actual.height !== expected.height) {
    return keep(
      `${name}: ${String(actual.width)}x${String(actual.height)} px, the baseline is ${String(expected.width)}x${String(expected.height)} px`,
    );
  }

  const diff = new PNG({ width: actual.width, height: actual.height });
  const differing = pixelmatch(expected.data, actual.data, diff.data, actual.width, actual.height, {
    threshold: PIXEL_THRESHOLD,
  });
  const ratio = differing / (actual.width * actual.height);
  if (ratio > MAX_DIFF_RATIO) {
    const result = keep(
      `${name}: ${String(differing)} pixels differ (${(ratio * 100).toFixed(3)} %, at most ${String(MAX_DIFF_RATIO * 100)} % allowed)`,
      diff,
    );
    return { ...result, ratio };
  }
  return { ratio, failure: null };
}
