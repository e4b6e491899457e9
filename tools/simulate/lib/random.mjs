// A seeded random source and the distributions the simulator draws from. Seeded so that a run's
// schedule (arrival times, patience, talk and wrap-up times) can be replayed with --seed; what the
// platform does with it still depends on timing, so outcomes can differ slightly between replays.

/** sfc32 (Chris Doty-Humphrey's Small Fast Counter): 128-bit state, good enough for simulation. */
function sfc32(a, b, c, d) {
  return () => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

/** Turns any string seed into sfc32's four state words (cyrb128 hash). */
function seedWords(seed) {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < seed.length; i++) {
    const k = seed.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

export class Random {
  constructor(seed) {
    this.seed = String(seed);
    this.next = sfc32(...seedWords(this.seed));
    // The first outputs of a freshly seeded sfc32 are poorly mixed; skip them.
    for (let i = 0; i < 15; i++) this.next();
  }

  /** A uniform number in (0, 1]: never 0, so logarithms stay finite. */
  uniform() {
    return 1 - this.next();
  }

  /** Exponential with the given mean: the gap between Poisson arrivals, or memoryless patience. */
  exponential(mean) {
    return -mean * Math.log(this.uniform());
  }

  /** Standard normal by Box-Muller. */
  normal() {
    return Math.sqrt(-2 * Math.log(this.uniform())) * Math.cos(2 * Math.PI * this.next());
  }

  /**
   * Log-normal with the given mean and shape sigma (the standard deviation of its logarithm).
   * Talk and wrap-up times are skewed this way: most calls are short, a few are very long.
   * mu is chosen so that the mean comes out as asked: mean = exp(mu + sigma^2 / 2).
   */
  logNormal(mean, sigma) {
    const mu = Math.log(mean) - (sigma * sigma) / 2;
    return Math.exp(mu + sigma * this.normal());
  }

  /** An integer in [0, n). */
  int(n) {
    return Math.floor(this.next() * n);
  }

  pick(items) {
    return items[this.int(items.length)];
  }

  /** Derives an independent stream (one per team, one per agent) so that adding one does not shift the others. */
  fork(name) {
    return new Random(`${this.seed}/${name}`);
  }
}
