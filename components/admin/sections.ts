/** The admin pages, for the navigation and the admin index. */
export const ADMIN_SECTIONS = [
  { href: "/admin/push", label: "Push", blurb: "Push token, the URLs for VICIdial, test event, live ingest log" },
  { href: "/admin/pbx", label: "PBX", blurb: "PBX WebSocket connections and their live status" },
  { href: "/admin/sources", label: "Sources", blurb: "XiVO XuC and VoIPBin links: add, reconnect, remove, live status" },
  { href: "/admin/roster", label: "Roster", blurb: "Agents, CSV import and export, users not on the roster" },
  { href: "/admin/campaigns", label: "Campaigns & queues", blurb: "Queues per campaign, service level, colour thresholds, stale timeout" },
  { href: "/admin/alerts", label: "Alerts", blurb: "Thresholds: calls waiting, longest wait, service level, pause limits, stale agents, links down, VICIdial dialer" },
  { href: "/admin/users", label: "Users", blurb: "Accounts, roles and campaigns" },
  { href: "/admin/wall-tokens", label: "Wall displays", blurb: "Read-only URLs for TV screens" },
  { href: "/admin/audit", label: "Audit log", blurb: "Who changed what, and when" },
] as const;
