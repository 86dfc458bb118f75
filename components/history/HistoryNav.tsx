import Link from "next/link";

const LINKS = [
  { href: "/history", label: "History" },
  { href: "/history/agents", label: "Agents by day" },
  { href: "/history/queues", label: "Queues" },
  { href: "/history/abandoned", label: "Abandoned calls" },
  { href: "/history/dialer", label: "Dialer" },
] as const;

/** The history section's navigation; `query` keeps the filters across reports. */
export function HistoryNav({ current, query }: { current: string; query: string }) {
  return (
    <nav className="history-nav" aria-label="History reports">
      <Link href="/">← Wallboards</Link>
      {LINKS.map((l) => (
        <Link key={l.href} href={query && l.href !== "/history" ? `${l.href}?${query}` : l.href} aria-current={current === l.href ? "page" : undefined}>
          {l.label}
        </Link>
      ))}
    </nav>
  );
}
