// The baselines: each figure the stats endpoints serve from the 15-minute rollups, computed
// instead by a plain aggregate over the raw rows (calls, QA reviews, presence intervals) with the
// same range, scope and grouping, on one pg connection. docs/metrics.md defines the figures;
// a call belongs to the interval of its arrival, coalesce(queued_at, created_at). Each query
// filters on a column an index leads with: the arrival (calls_arrival_id) for the whole center,
// created_at for a team or an agent (calls_team_created, calls_agent_created) — in the generated
// history every call is created when it arrives, so these are the same rows.

/** Per-group KPI sums over `calls c` joined to `teams t`, `dispositions d`, `qa`. */
const KPI_COLUMNS = `
  count(*) FILTER (WHERE c.direction = 'inbound') AS offered,
  count(*) FILTER (WHERE c.direction = 'inbound' AND c.answered_at IS NOT NULL) AS answered,
  count(*) FILTER (WHERE c.direction = 'inbound' AND c.answered_at IS NOT NULL
                     AND c.wait_ms <= t.service_level_threshold_seconds * 1000) AS answered_within_threshold,
  count(*) FILTER (WHERE c.state = 'abandoned') AS abandoned,
  count(*) FILTER (WHERE c.state = 'abandoned' AND c.wait_ms < $short) AS short_abandoned,
  coalesce(sum(c.wait_ms) FILTER (WHERE c.direction = 'inbound' AND c.answered_at IS NOT NULL), 0) AS answered_wait_ms,
  coalesce(sum(c.wait_ms) FILTER (WHERE c.state = 'abandoned'), 0) AS abandoned_wait_ms,
  coalesce(max(c.wait_ms) FILTER (WHERE c.answered_at IS NOT NULL OR c.state = 'abandoned'), 0) AS max_wait_ms,
  count(*) FILTER (WHERE c.state = 'completed' AND c.talk_ms IS NOT NULL) AS handled,
  coalesce(sum(c.talk_ms) FILTER (WHERE c.state = 'completed'), 0) AS talk_ms,
  coalesce(sum(c.hold_ms) FILTER (WHERE c.state = 'completed' AND c.talk_ms IS NOT NULL), 0) AS hold_ms,
  coalesce(sum(c.after_call_work_ms) FILTER (WHERE c.state = 'completed'), 0) AS after_call_work_ms,
  count(*) FILTER (WHERE c.direction = 'outbound') AS outbound,
  count(*) FILTER (WHERE c.state = 'completed' AND c.talk_ms IS NOT NULL AND d.is_success) AS successes,
  coalesce(sum(qa.reviews), 0) AS qa_reviews,
  coalesce(sum(qa.score_sum), 0) AS qa_score_sum`;

const CALL_SOURCE = `
  calls c
  JOIN teams t ON t.id = c.team_id
  LEFT JOIN dispositions d ON d.code = c.disposition_code
  LEFT JOIN (
    SELECT q.call_id, count(*) AS reviews, sum(q.score) AS score_sum FROM qa_reviews q GROUP BY 1
  ) qa ON qa.call_id = c.id`;

/**
 * Time in each state of the agents `members` (a query answering `user_id`) between `$from` and
 * `$to`, by interval (`unit`: hour or day in the zone `$tz`), open intervals counted up to now:
 * the intervals that started in the period, plus each agent's last one before it (an agent's
 * intervals follow one another), cut at the period and split over the intervals they overlap.
 */
function presenceSql(unit, members) {
  return `
    WITH members AS (${members}),
    overlapping AS (
      SELECT p.status, p.started_at, p.ended_at
        FROM presence_intervals p
       WHERE p.user_id IN (SELECT user_id FROM members) AND p.started_at >= $from AND p.started_at < $to
      UNION ALL
      SELECT l.status, l.started_at, l.ended_at
        FROM members m
        CROSS JOIN LATERAL (
          SELECT p.status, p.started_at, p.ended_at FROM presence_intervals p
           WHERE p.user_id = m.user_id AND p.started_at < $from
           ORDER BY p.started_at DESC LIMIT 1
        ) l
    ),
    spans AS (
      SELECT status, greatest(started_at, $from::timestamptz) AS s,
             least(coalesce(ended_at, now()), $to::timestamptz) AS e
        FROM overlapping WHERE status <> 'offline'
    )
    SELECT slot, status,
           sum(extract(epoch FROM least(e, slot + interval '1 ${unit}') - greatest(s, slot)) * 1000)::bigint AS ms
      FROM spans
      CROSS JOIN LATERAL generate_series(date_trunc('${unit}', s, $tz), e - interval '1 microsecond', interval '1 ${unit}') slot
     WHERE e > s
     GROUP BY 1, 2`;
}

/** Numbered parameters from named ones, so each query reads like the figures it computes. */
function named(text, values) {
  const names = [];
  const sql = text.replace(/\$([a-z][a-z_]*)/g, (_, name) => {
    if (!(name in values)) throw new Error(`no value for $${name}`);
    let index = names.indexOf(name);
    if (index === -1) index = names.push(name) - 1;
    return `$${index + 1}`;
  });
  return { text: sql, values: names.map((name) => values[name]) };
}

/**
 * The dashboard for the whole center: today's KPIs for the center, each team, each 15-minute
 * interval and each agent (the agent grid's handled and AHT), today's time in state, and the live
 * values (calls waiting, longest wait, agents by state).
 */
export function dashboardQueries({ dayStart, dayEnd, tz, shortMs }) {
  const values = { from: dayStart, to: dayEnd, tz, short: shortMs };
  return [
    named(
      `SELECT c.team_id, date_bin('15 minutes', coalesce(c.queued_at, c.created_at), timestamptz '2000-01-01Z') AS bucket,
              c.agent_id, ${KPI_COLUMNS}
         FROM ${CALL_SOURCE}
        WHERE coalesce(c.queued_at, c.created_at) >= $from AND coalesce(c.queued_at, c.created_at) < $to
        GROUP BY GROUPING SETS ((), (c.team_id), (bucket), (c.agent_id))`,
      values,
    ),
    named(presenceSql('day', `SELECT user_id FROM team_members WHERE role = 'agent'`), values),
    named(
      // One branch per state, so that each reads its partial index (calls_queue, calls_offer_expiry).
      `SELECT team_id, count(*) AS waiting, min(queued_at) AS oldest
         FROM (SELECT team_id, queued_at FROM calls WHERE state = 'queued'
               UNION ALL
               SELECT team_id, queued_at FROM calls WHERE state = 'offered') waiting
        GROUP BY 1`,
      {},
    ),
    named(
      `SELECT coalesce(p.status, 'offline') AS status, count(DISTINCT m.user_id) AS agents
         FROM team_members m LEFT JOIN agent_presence p ON p.user_id = m.user_id
        WHERE m.role = 'agent' GROUP BY 1`,
      {},
    ),
  ];
}

/** A team's report: its KPIs by hour (or `unit`) over the range, and its agents' time in state. */
export function teamReportQueries({ teamId, from, to, tz, unit, shortMs }) {
  const values = { team: teamId, from, to, tz, short: shortMs };
  return [
    named(
      `SELECT date_trunc('${unit}', coalesce(c.queued_at, c.created_at), $tz) AS slot, ${KPI_COLUMNS}
         FROM ${CALL_SOURCE}
        WHERE c.team_id = $team AND c.created_at >= $from AND c.created_at < $to
        GROUP BY ROLLUP (1)`,
      values,
    ),
    named(
      presenceSql(
        unit,
        `SELECT user_id FROM team_members WHERE team_id = $team AND role = 'agent'`,
      ),
      values,
    ),
  ];
}

/** An agent's report: their calls' KPIs by day (or `unit`) and their time in state. */
export function agentReportQueries({ agentId, from, to, tz, unit, shortMs }) {
  const values = { agent: agentId, from, to, tz, short: shortMs };
  return [
    named(
      `SELECT date_trunc('${unit}', coalesce(c.queued_at, c.created_at), $tz) AS slot, ${KPI_COLUMNS}
         FROM ${CALL_SOURCE}
        WHERE c.agent_id = $agent AND c.created_at >= $from AND c.created_at < $to
        GROUP BY ROLLUP (1)`,
      values,
    ),
    named(presenceSql(unit, 'SELECT $agent::uuid AS user_id'), values),
  ];
}

/**
 * The CSV export's rows straight from the table, with the endpoint's columns (times in the zone
 * and in UTC, seconds with two decimals, success, QA average): every call that arrived in the range.
 */
export function csvExportSql({ from, to, tz }) {
  const quote = (value) => `'${value.replaceAll("'", "''")}'`;
  const local = (column) =>
    `to_char(c.${column} at time zone ${quote(tz)}, 'YYYY-MM-DD HH24:MI:SS') AS ${column}_local`;
  const utc = (column) =>
    `to_char(c.${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ${column}`;
  const times = ['queued_at', 'answered_at', 'ended_at', 'completed_at']
    .map((column) => `${local(column)}, ${utc(column)}`)
    .join(', ');
  const secs = (column) =>
    `round(c.${column} / 1000.0, 2) AS ${column.replace(/_ms$/, '_seconds')}`;
  return `COPY (
    SELECT c.id, t.name AS team, u.name AS agent, c.direction, c.from_number AS "from",
           c.to_number AS "to", c.state, ${times},
           ${['wait_ms', 'ring_ms', 'talk_ms', 'hold_ms', 'after_call_work_ms'].map(secs).join(', ')},
           c.disposition_code AS disposition, d.is_success AS success,
           (SELECT round(avg(r.score), 2) FROM qa_reviews r WHERE r.call_id = c.id) AS qa_average
      FROM calls c
      JOIN teams t ON t.id = c.team_id
      LEFT JOIN users u ON u.id = c.agent_id
      LEFT JOIN dispositions d ON d.code = c.disposition_code
     WHERE coalesce(c.queued_at, c.created_at) >= ${quote(from)}
       AND coalesce(c.queued_at, c.created_at) < ${quote(to)}
     ORDER BY coalesce(c.queued_at, c.created_at), c.id
  ) TO STDOUT WITH (FORMAT csv, HEADER)`;
}

/** The team report's totals from the raw calls, to check the endpoint against. */
export function teamTotalsQuery({ teamId, from, to, shortMs }) {
  return named(
    `SELECT ${KPI_COLUMNS} FROM ${CALL_SOURCE}
      WHERE c.team_id = $team AND c.created_at >= $from AND c.created_at < $to`,
    { team: teamId, from, to, short: shortMs },
  );
}

/**
 * The forecast's raw equivalent: a team's inbound calls and handle time per 15-minute interval on
 * the same weekday as `date` over the `weeks` weeks before it, straight from the calls.
 */
export function forecastQueries({ teamId, date, weeks, tz }) {
  const until = new Date(`${date}T00:00:00Z`);
  const from = new Date(until.getTime() - weeks * 7 * 86_400_000 - 86_400_000);
  const values = {
    team: teamId,
    from: from.toISOString(),
    to: until.toISOString(),
    tz,
    dow: until.getUTCDay(),
  };
  return [
    named(
      `SELECT date_bin('15 minutes', coalesce(c.queued_at, c.created_at), timestamptz '2000-01-01') AS slot,
              count(*) AS offered,
              sum(coalesce(c.talk_ms, 0) + coalesce(c.hold_ms, 0) + coalesce(c.after_call_work_ms, 0)) AS handle_ms
         FROM calls c
        WHERE c.team_id = $team AND c.direction = 'inbound'
          AND c.created_at >= $from AND c.created_at < $to
          AND extract(dow FROM c.created_at AT TIME ZONE $tz) = $dow
        GROUP BY 1`,
      values,
    ),
  ];
}
