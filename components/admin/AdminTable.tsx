import type { ReactNode } from "react";
import { ColumnHeads, type Column } from "../common/ColumnHeads";

/**
 * An admin list: the scrolling wrapper, the table (`testId`) with its column headings and an
 * unlabelled actions column when `actions`, the rows, and `empty` below when it is given (the
 * caller passes it only once the list has loaded and is empty).
 */
export function AdminTable({ testId, columns, actions = false, className, empty, children }: { testId: string; columns: readonly Column[]; actions?: boolean; className?: string; empty?: ReactNode; children: ReactNode }) {
  return (
    <div className="admin-table-wrap">
      <table className={className ? `admin-table ${className}` : "admin-table"} data-testid={testId}>
        <ColumnHeads columns={columns} actions={actions} />
        <tbody>{children}</tbody>
      </table>
      {empty ? <p className="home-empty">{empty}</p> : null}
    </div>
  );
}
