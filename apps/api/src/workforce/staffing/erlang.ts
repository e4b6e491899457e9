/**
 * Queueing formulas for staffing, pure and exact (no framework, no I/O).
 *
 * Time is measured in units of the mean handle time (AHT) inside the formulas, so the offered
 * traffic A (Erlangs) is the arrival rate and every agent serves at rate 1. Nothing here computes
 * a factorial or a power of A: everything starts from the Erlang B recurrence, which stays in
 * [0, 1] for any number of agents.
 */

/** What the queue looks like, independently of the number of agents. */
export interface QueueModel {
  /** Offered traffic A in Erlangs: arrival rate × AHT. */
  trafficErlangs: number;
  ahtSeconds: number;
  /** The service-level threshold: answered within this many seconds. */
  targetAnswerSeconds: number;
  /** Mean patience of a waiting caller (Erlang A); absent: nobody abandons (Erlang C). */
  averagePatienceSeconds?: number;
}

/** The figures of one number of agents. */
export interface QueueFigures {
  agents: number;
  /** Calls answered within the threshold ÷ calls offered (abandoned calls count as misses). */
  serviceLevel: number;
  /** Mean wait of the answered calls; null when the queue grows without bound. */
  asaSeconds: number | null;
  /** An arriving caller finds every agent busy. */
  probabilityOfWaiting: number;
  /** Handled traffic ÷ agents. */
  occupancy: number;
  /** Erlang A only: calls that hang up before an answer ÷ calls offered. */
  abandonRate?: number;
}

/** Constraints of the staffing search. */
export interface StaffingGoal {
  /** In [0, 1). */
  serviceLevelTarget: number;
  /** In (0, 1]; absent: no cap. */
  maxOccupancy?: number;
  /** The search gives up above this many agents. */
  maxAgents: number;
}

/** Rounding slack for comparisons against the targets (the figures are exact to ~1e-12). */
const EPSILON = 1e-12;

/**
 * Most queue positions Erlang A sums: the chain's mass sits around (A − N)·patience/AHT callers,
 * which stays far below this for any realistic input (a long patience with a very short AHT on
 * thousands of Erlangs is what would reach it; the caller reports it rather than guess).
 */
const MAX_QUEUE_TERMS = 5_000_000;

/**
 * Erlang B, the blocking probability of A Erlangs offered to N servers, by the recurrence
 * B(0) = 1, B(n) = A·B(n−1) / (n + A·B(n−1)). Each step is a ratio in [0, 1], so it neither
 * overflows nor loses precision, at 2 agents or 20,000.
 */
export function erlangB(traffic: number, agents: number): number {
  let blocking = 1;
  for (let n = 1; n <= agents; n++) blocking = (traffic * blocking) / (n + traffic * blocking);
  return blocking;
}

/**
 * Erlang C, the probability that a caller waits: C = N·B / (N − A·(1 − B)). With N ≤ A the queue
 * grows without bound and every caller waits (1).
 */
export function erlangC(traffic: number, agents: number): number {
  if (agents <= traffic) return 1;
  const blocking = erlangB(traffic, agents);
  return (agents * blocking) / (agents - traffic * (1 - blocking));
}

/**
 * Erlang C (M/M/N, callers wait for ever): service level 1 − C·e^{−(N−A)·t/AHT},
 * ASA C·AHT / (N − A), occupancy A / N.
 */
export function erlangCFigures(model: QueueModel, agents: number): QueueFigures {
  const traffic = model.trafficErlangs;
  if (agents === 0 || agents <= traffic) {
    const idle = traffic === 0;
    return {
      agents,
      serviceLevel: idle ? 1 : 0,
      asaSeconds: idle ? 0 : null,
      probabilityOfWaiting: idle ? 0 : 1,
      occupancy: idle ? 0 : 1,
    };
  }
  const waiting = erlangC(traffic, agents);
  const spare = agents - traffic;
  return {
    agents,
    serviceLevel: 1 - waiting * Math.exp((-spare * model.targetAnswerSeconds) / model.ahtSeconds),
    asaSeconds: (waiting * model.ahtSeconds) / spare,
    probabilityOfWaiting: waiting,
    occupancy: traffic / agents,
  };
}

/**
 * Erlang A (Palm's M/M/N+M; Garnett, Mandelbaum and Reiman 2002): callers abandon after an
 * exponential patience of mean P. In AHT units the arrival rate is A, each agent serves at rate 1
 * and each waiting caller abandons at rate g = AHT / P. The number of callers in the system is a
 * birth-death chain; its stationary probabilities are
 *   π_n ∝ A^n / n!                              for n ≤ N,
 *   π_{N+i} = π_N · r_i,  r_i = Π_{j=1..i} A / (N + j·g)   for i ≥ 1 callers in the queue.
 * With Σ_{n≤N} π_n = π_N / B(N, A) (Erlang B), π_N = 1 / (1/B − 1 + Σ_{i≥0} r_i); the r_i are
 * summed until they stop mattering (they fall geometrically once N + i·g > A).
 * A caller who arrives behind i others (PASTA) moves up at rate N + j·g while j are ahead and
 * abandons at rate g, so at each step it leaves at rate c_j = N + (j+1)·g:
 *   answered with probability p_i = Π_{j=0..i} (N + j·g) / c_j = N / (N + (i+1)·g),
 *   and, given it is answered, its wait is the sum of independent Exp(c_j), j = 0..i, whose
 *   distribution is a negative binomial tail (t: the threshold in AHT units):
 *   P(wait ≤ t) = P(NB(N/g + 1, 1 − e^{−g·t}) ≥ i + 1),
 *   and its mean is Σ_{j=0..i} 1 / c_j.
 * So service level = P(no wait) + π_N Σ r_i p_i P(wait_i ≤ t), abandon rate = π_N Σ r_i (1 − p_i),
 * ASA = π_N Σ r_i p_i Σ_{j≤i} 1/c_j ÷ P(answered), occupancy = A (1 − abandon rate) / N.
 */
export function erlangAFigures(model: QueueModel, agents: number): QueueFigures {
  const traffic = model.trafficErlangs;
  const patience = model.averagePatienceSeconds;
  if (patience === undefined) throw new Error('Erlang A needs the mean patience.');
  if (traffic === 0) {
    return {
      ...erlangCFigures(model, agents),
      abandonRate: 0,
    };
  }
  if (agents === 0) {
    return {
      agents,
      serviceLevel: 0,
      asaSeconds: null,
      probabilityOfWaiting: 1,
      occupancy: 0,
      abandonRate: 1,
    };
  }
  const g = model.ahtSeconds / patience;
  const t = model.targetAnswerSeconds / model.ahtSeconds;
  // The negative binomial NB(b, x) of the answered wait, its pmf built term by term in logs.
  const b = agents / g + 1;
  const x = -Math.expm1(-g * t);
  const logX = Math.log(x);
  let logPmf = -b * g * t; // log P(NB = 0) = b·log(1 − x)
  let cdf = Math.exp(logPmf);

  // Sums over the queue positions i, relative to π_N; rescaled when r_i grows very large.
  let r = 1;
  let total = 0; // Σ r_i
  let answeredWithin = 0; // Σ r_i p_i P(wait_i ≤ t)
  let answered = 0; // Σ r_i p_i
  let answeredWait = 0; // Σ r_i p_i Σ_{j≤i} 1/c_j
  let meanToAnswer = 0; // Σ_{j≤i} 1/c_j
  let scale = 1; // the true sums are these ÷ scale
  for (let i = 0; ; i++) {
    if (i > MAX_QUEUE_TERMS) throw new RangeError('The queue is too long to model.');
    const exit = agents + (i + 1) * g;
    const p = agents / exit;
    meanToAnswer += 1 / exit;
    const withinT = Math.max(0, 1 - cdf);
    total += r;
    answered += r * p;
    answeredWithin += r * p * withinT;
    answeredWait += r * p * meanToAnswer;

    const ratio = traffic / (agents + (i + 1) * g);
    r *= ratio;
    if (ratio < 1 && r < total * 1e-17) break;
    if (r > 1e200) {
      r *= 1e-200;
      total *= 1e-200;
      answered *= 1e-200;
      answeredWithin *= 1e-200;
      answeredWait *= 1e-200;
      scale *= 1e-200;
    }
    logPmf += logX + Math.log(i + b) - Math.log(i + 1);
    cdf += Math.exp(logPmf);
  }
  // Σ_{n<N} π_n / π_N = 1/B − 1, on the same scale as the sums (Infinity when nobody waits).
  const piN = 1 / ((1 / erlangB(traffic, agents) - 1) * scale + total);
  const waiting = Math.min(1, piN * total);
  const noWait = 1 - waiting;
  const answeredShare = noWait + piN * answered;
  const abandonRate = Math.max(0, 1 - answeredShare);
  return {
    agents,
    serviceLevel: Math.min(1, noWait + piN * answeredWithin),
    asaSeconds:
      answeredShare > 0 ? ((piN * answeredWait) / answeredShare) * model.ahtSeconds : null,
    probabilityOfWaiting: waiting,
    occupancy: Math.min(1, (traffic * (1 - abandonRate)) / agents),
    abandonRate,
  };
}

/** Erlang A when the model has a patience, Erlang C otherwise. */
export function queueFigures(model: QueueModel, agents: number): QueueFigures {
  return model.averagePatienceSeconds === undefined
    ? erlangCFigures(model, agents)
    : erlangAFigures(model, agents);
}

function meets(model: QueueModel, goal: StaffingGoal, figures: QueueFigures): boolean {
  // Erlang C needs a stable queue whatever the target (otherwise the wait is unbounded).
  if (figures.asaSeconds === null && model.trafficErlangs > 0) return false;
  if (figures.serviceLevel < goal.serviceLevelTarget - EPSILON) return false;
  return goal.maxOccupancy === undefined || figures.occupancy <= goal.maxOccupancy + EPSILON;
}

/**
 * The smallest number of agents that meets the goal, with its figures; null when even
 * `goal.maxAgents` does not. No traffic needs no agent. The service level rises and the occupancy
 * falls with every agent added, so the answer is bracketed by doubling and then bisected.
 */
export function requiredAgents(model: QueueModel, goal: StaffingGoal): QueueFigures | null {
  const traffic = model.trafficErlangs;
  if (traffic === 0) return queueFigures(model, 0);
  // Known to fail without computing: Erlang C needs N > A; with abandons at most N of the A
  // Erlangs are answered, so the service level is at most N / A.
  const failingBound =
    model.averagePatienceSeconds === undefined
      ? Math.floor(traffic)
      : Math.ceil(goal.serviceLevelTarget * traffic) - 1;
  let failing = Math.max(0, Math.min(goal.maxAgents, failingBound));
  let candidate = Math.min(goal.maxAgents, Math.max(failing + 1, Math.ceil(traffic)));
  let figures = queueFigures(model, candidate);
  while (!meets(model, goal, figures)) {
    if (candidate >= goal.maxAgents) return null;
    failing = candidate;
    candidate = Math.min(goal.maxAgents, candidate * 2);
    figures = queueFigures(model, candidate);
  }
  while (candidate - failing > 1) {
    const middle = Math.floor((failing + candidate) / 2);
    const tried = queueFigures(model, middle);
    if (meets(model, goal, tried)) {
      candidate = middle;
      figures = tried;
    } else {
      failing = middle;
    }
  }
  return figures;
}
