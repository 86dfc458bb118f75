"use client";

import type { AuditEntry } from "@/lib/api/admin";
import { AdminCard } from "./AdminCard";
import { AdminTable } from "./AdminTable";
import { formatTime, useAdminData } from "./api";
import { useListFilter } from "./ListFilter";
import { LoadError } from "./Status";

/** The audit log (newest first), filterable by actor, action or target; refreshed every 10 s. */
export function AuditLog({ csrf }: { csrf: string }) {
  const { data, error, reload } = useAdminData<{ entries: AuditEntry[] }>(csrf, "/api/admin/audit?limit=500", 10_000);
  const filter = useListFilter("actor, action, target");
  const entries = (data?.entries ?? []).filter((e) => filter.shown([e.actor, e.action, e.target, JSON.stringify(e.detail ?? "")]));
  return (
    <AdminCard
      titleId="audit-h"
      title="Changes"
      action={
        <button type="button" className="btn btn-plain" onClick={() => void reload()}>
          Refresh
        </button>
      }
    >
      <LoadError error={error} />
      {filter.field}
      <AdminTable
        testId="audit-table"
        columns={["When", "Who", "Action", "Target", "Detail"]}
        empty={data && entries.length === 0 ? (filter.filtering ? "No change matches the filter." : "No change recorded yet.") : null}
      >
        {entries.map((e) => (
          <tr key={e.id} data-testid="audit-row" data-action={e.action} data-actor={e.actor}>
            <td>
              <time dateTime={new Date(e.at).toISOString()}>{formatTime(e.at)}</time>
            </td>
            <td>{e.actor}</td>
            <td>
              <code>{e.action}</code>
            </td>
            <td>{e.target ?? ""}</td>
            <td className="admin-cell-wrap">
              <code className="admin-detail">{e.detail === null || e.detail === undefined ? "" : JSON.stringify(e.detail)}</code>
            </td>
          </tr>
        ))}
      </AdminTable>
    </AdminCard>
  );
}
