import type { ReactNode } from "react";
import { ColumnHeads, type Column } from "../common/ColumnHeads";
import { HistoryError } from "./Filters";
import { HistoryNav } from "./HistoryNav";

/** A history page: the section navigation (`query` keeps the filters across reports), then the report. */
export function HistoryPage({ current, query, children }: { current: string; query: string; children: ReactNode }) {
  return (
    <main className="history">
      <HistoryNav current={current} query={query} />
      {children}
    </main>
  );
}

/** A refused request (bad filter, campaign outside the person's scope): the navigation and the reason. */
export function HistoryRefused({ current, status, error }: { current: string; status: number; error: string }) {
  return (
    <HistoryPage current={current} query="">
      <HistoryError status={status} error={error} />
    </HistoryPage>
  );
}

/** A report's CSV download button, and `children` (what the report holds) beside it. */
export function CsvDownload({ href, testId, label = "Download CSV", children }: { href: string; testId: string; label?: string; children?: ReactNode }) {
  return (
    <p className="history-actions">
      <a className="btn" href={href} download data-testid={testId}>
        {label}
      </a>
      {children ? <span>{children}</span> : null}
    </p>
  );
}

/**
 * A report table: column headings, the rows, `foot` (a totals row) when given; inside a
 * horizontally scrolling wrapper unless `scroll` is false (the small tables of an agent's day).
 */
export function HistoryTable({ testId, columns, foot, scroll = true, children }: { testId?: string; columns: readonly Column[]; foot?: ReactNode; scroll?: boolean; children: ReactNode }) {
  const table = (
    <table className="history-table" data-testid={testId}>
      <ColumnHeads columns={columns} />
      <tbody>{children}</tbody>
      {foot ? <tfoot>{foot}</tfoot> : null}
    </table>
  );
  return scroll ? <div className="history-scroll">{table}</div> : table;
}
