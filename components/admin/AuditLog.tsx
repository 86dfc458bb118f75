"use client";

import { LoadError } from "./Status";

import { useState } from "react";
import type { AuditEntry } from "@/lib/queries/audit";
import { formatTime, useAdminData } from "./api";

/** The audit log (newest first), filterable by actor, action or target; refreshed every 10 s. */
export function AuditLog({ csrf }: { csrf: string }) {
  const { data, error, reload } = useAdminData<{ entries: AuditEntry[] }>(csrf, "/api/admin/audit?limit=500", 10_000);
  const [filter, setFilter] = useState("");
  const q = filter.trim().toLowerCase();
  const entries = (data?.entries ?? []).filter((e) => !q || [e.actor, e.action, e.target ?? "", JSON.stringify(e.detail ?? "")].some((v) => v.toLowerCase().includes(q)));
  return (
    <section className="admin-card" aria-labelledby="audit-h">
      <div className="admin-card-head">
        <h2 id="audit-h">Changes</h2>
        <button type="button" className="btn btn-plain" onClick={() => void reload()}>
          Refresh
        </button>
      </div>
      <LoadError error={error} />
      <label className="admin-filter">
        Filter
        <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="actor, action, target" />
      </label>
      <div className="admin-table-wrap">
        <table className="admin-table" data-testid="audit-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Target</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
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
          </tbody>
        </table>
        {data && entries.length === 0 ? <p className="home-empty">{q ? "No change matches the filter." : "No change recorded yet."}</p> : null}
      </div>
    </section>
  );
}
