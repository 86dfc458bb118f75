/**
 * What the read-only database account of the VICIdial database source may read, as data, so
 * the SQL printed in the README ("Connect VICIdial's database"), the test harness's account and the queries in
 * queries.ts all come from one list (a test checks the document against it).
 *
 * Table-level SELECT everywhere except vicidial_users, where a column grant keeps the account
 * away from `pass` (the plain password unless VICIdial's password hashing is on) and the
 * other per-user settings.
 */

/** One table the source reads; `columns` absent means SELECT on the whole table. */
export interface ReadGrant {
  table: string;
  columns?: readonly string[];
  /** Why the source reads it (printed in the document). */
  purpose: string;
}

export const READ_GRANTS: readonly ReadGrant[] = [
  { table: "vicidial_campaigns", purpose: "dial method, dial level, hopper levels, in-groups of each active campaign" },
  { table: "vicidial_campaign_stats", purpose: "today's calls, answers, drops and drop %, dialable leads, per campaign and in-group" },
  { table: "vicidial_hopper", purpose: "leads queued to be dialled, per campaign" },
  { table: "vicidial_auto_calls", purpose: "calls being placed, ringing, waiting for an agent, with their wait and priority" },
  { table: "vicidial_live_agents", purpose: "each logged-in agent's campaign, status, pause code, lead, last state change" },
  { table: "vicidial_agent_log", purpose: "the pause code (sub_status) of the current pause" },
  { table: "vicidial_inbound_groups", purpose: "in-group names, colours, priorities and service-level thresholds" },
  { table: "vicidial_users", columns: ["user", "full_name", "user_hide_realtime"], purpose: "agent full names; users hidden from the real-time report" },
];

/** MySQL/MariaDB identifier quoting; account and database names come from configuration. */
function quoteIdent(name: string): string {
  return "`" + name.replace(/`/g, "``") + "`";
}

/** A string literal for CREATE USER / host parts. */
function quoteString(text: string): string {
  return "'" + text.replace(/\\/g, "\\\\").replace(/'/g, "''") + "'";
}

/** `'user'@'host'` for the statements below. */
export function accountName(user: string, host: string): string {
  return `${quoteString(user)}@${quoteString(host)}`;
}

/**
 * The GRANT statements for the read-only account, one per table, in {@link READ_GRANTS} order,
 * e.g. ``GRANT SELECT ON `asterisk`.`vicidial_campaigns` TO 'wallboard'@'10.0.0.5';``.
 * Runs on MariaDB ≥ 10.0 and MySQL ≥ 5.5 (column grants included).
 */
export function readOnlyGrantStatements(database: string, user: string, host: string): string[] {
  const account = accountName(user, host);
  return READ_GRANTS.map((g) => {
    const what = g.columns ? `SELECT (${g.columns.map(quoteIdent).join(", ")})` : "SELECT";
    return `GRANT ${what} ON ${quoteIdent(database)}.${quoteIdent(g.table)} TO ${account};`;
  });
}

/** `CREATE USER` for the read-only account (the password is quoted, never logged by us). */
export function createReadOnlyUserStatement(user: string, host: string, password: string): string {
  return `CREATE USER ${accountName(user, host)} IDENTIFIED BY ${quoteString(password)};`;
}
