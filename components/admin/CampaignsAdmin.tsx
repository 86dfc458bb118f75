"use client";

import { useState, type FormEvent } from "react";
import type { QueueConfig } from "@/lib/queues/types";
import { callApi, splitList, useAdminData } from "./api";
import { CheckField } from "./CheckField";
import { RowButton } from "./RowButton";
import { AdminCard, scrollToCard } from "./AdminCard";
import { AdminTable } from "./AdminTable";
import { FormButtons, LoadError, outcome, Status, type StatusValue } from "./Status";
import { rampFieldsFrom, rampFieldsToStored, RampThresholdFields, type RampFieldValues } from "./RampThresholdFields";

interface CampaignRow {
  id: string;
  name: string;
  configured: boolean;
  staleAfterSec: number | null;
  stateThresholds: Record<string, number[]> | null;
  queues: string[];
  onBoard: boolean;
}

const EMPTY_CAMPAIGN = { id: "", name: "", staleAfterSec: "", stateThresholds: {} as RampFieldValues, queues: [] as string[] };
const EMPTY_QUEUE = { id: "", name: "", serviceLevelSec: "20", campaigns: "" };

/** Campaigns (name, queues, stale timeout, colour thresholds) and queues (service level, campaigns). */
export function CampaignsAdmin({ csrf }: { csrf: string }) {
  const { data, error, reload } = useAdminData<{ campaigns: CampaignRow[]; queues: QueueConfig[] }>(csrf, "/api/admin/campaigns");
  const [campaign, setCampaign] = useState(EMPTY_CAMPAIGN);
  const [editingCampaign, setEditingCampaign] = useState<string | null>(null);
  const [queue, setQueue] = useState(EMPTY_QUEUE);
  const [editingQueue, setEditingQueue] = useState<string | null>(null);
  const [campaignStatus, setCampaignStatus] = useState<StatusValue>(null);
  const [queueStatus, setQueueStatus] = useState<StatusValue>(null);
  const queues = data?.queues ?? [];

  function editCampaign(c: CampaignRow) {
    setEditingCampaign(c.id);
    setCampaign({ id: c.id, name: c.name, staleAfterSec: c.staleAfterSec === null ? "" : String(c.staleAfterSec), stateThresholds: rampFieldsFrom(c.stateThresholds), queues: c.queues });
    setCampaignStatus(null);
    scrollToCard("campaign-form");
  }

  function editQueue(q: QueueConfig) {
    setEditingQueue(q.id);
    setQueue({ id: q.id, name: q.name, serviceLevelSec: String(q.serviceLevelSec), campaigns: q.campaigns.join(", ") });
    setQueueStatus(null);
    scrollToCard("queue-form");
  }

  async function saveCampaign(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const thresholds = rampFieldsToStored(campaign.stateThresholds);
    const answer = await callApi(csrf, "PUT", "/api/admin/campaigns", {
      id: campaign.id.trim(),
      name: campaign.name,
      staleAfterSec: campaign.staleAfterSec.trim() === "" ? null : Number(campaign.staleAfterSec),
      stateThresholds: thresholds,
      queues: campaign.queues,
    });
    if (!answer.ok) return setCampaignStatus({ ok: false, text: `Not saved: ${answer.error}` });
    setCampaignStatus({ ok: true, text: `${campaign.id.trim()} saved: in effect now.` });
    setCampaign(EMPTY_CAMPAIGN);
    setEditingCampaign(null);
    await reload();
  }

  async function resetCampaign(id: string) {
    if (!window.confirm(`Reset ${id} to the defaults (name, stale timeout, colour thresholds) and unlink its queues?`)) return;
    setCampaignStatus(outcome(await callApi(csrf, "DELETE", `/api/admin/campaigns/${encodeURIComponent(id)}`), `${id} reset to the defaults.`, "Not reset"));
    await reload();
  }

  async function saveQueue(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const answer = await callApi(csrf, "PUT", "/api/admin/queues", {
      id: queue.id.trim(),
      name: queue.name,
      serviceLevelSec: queue.serviceLevelSec.trim() === "" ? null : Number(queue.serviceLevelSec),
      campaigns: splitList(queue.campaigns),
    });
    if (!answer.ok) return setQueueStatus({ ok: false, text: `Not saved: ${answer.error}` });
    setQueueStatus({ ok: true, text: `Queue ${queue.id.trim()} saved: the statistics use it now.` });
    setQueue(EMPTY_QUEUE);
    setEditingQueue(null);
    await reload();
  }

  async function deleteQueue(id: string) {
    if (!window.confirm(`Delete queue ${id}? Its statistics leave the walls.`)) return;
    setQueueStatus(outcome(await callApi(csrf, "DELETE", `/api/admin/queues/${encodeURIComponent(id)}`), `Queue ${id} deleted.`, "Not deleted"));
    await reload();
  }

  const toggleQueue = (id: string, on: boolean) => setCampaign((c) => ({ ...c, queues: on ? [...new Set([...c.queues, id])].sort() : c.queues.filter((q) => q !== id) }));

  return (
    <>
      <LoadError error={error} />
      <AdminCard titleId="campaigns-h" title="Campaigns">
        <Status status={campaignStatus} testId="campaign-status" />
        <AdminTable
          testId="campaign-table"
          columns={["Campaign", "Name", "Queues", "Stale after", "Colour thresholds"]}
          actions
          empty={data && data.campaigns.length === 0 ? "No campaign yet: add one below, or they appear when agents send events or join the roster." : null}
        >
          {(data?.campaigns ?? []).map((c) => (
            <tr key={c.id} data-testid="campaign-row" data-campaign={c.id}>
              <th scope="row">{c.id}</th>
              <td>{c.name}</td>
              <td>{c.queues.join(", ") || <span className="auth-hint">none</span>}</td>
              <td>{c.staleAfterSec === null ? <span className="auth-hint">default</span> : `${c.staleAfterSec} s`}</td>
              <td className="admin-cell-wrap">
                {c.stateThresholds ? (
                  Object.entries(c.stateThresholds).map(([state, steps]) => (
                    <div key={state}>
                      <code>
                        {state}: {steps.join(" / ")} s
                      </code>
                    </div>
                  ))
                ) : (
                  <span className="auth-hint">default</span>
                )}
              </td>
              <td className="admin-actions">
                <RowButton tone="plain" onClick={() => editCampaign(c)} aria-label={`Edit ${c.id}`}>Edit</RowButton>
                {c.configured || c.queues.length ? (
                  <RowButton tone="danger" onClick={() => resetCampaign(c.id)} aria-label={`Reset ${c.id}`}>Reset</RowButton>
                ) : null}
              </td>
            </tr>
          ))}
        </AdminTable>
      </AdminCard>

      <AdminCard titleId="campaign-form-h" title={editingCampaign ? `Edit ${editingCampaign}` : "Add campaign settings"} id="campaign-form">
        <form className="auth-form admin-form" onSubmit={saveCampaign} data-testid="campaign-form">
          <label>
            Campaign id (as in VICIdial)
            <input value={campaign.id} onChange={(e) => setCampaign({ ...campaign, id: e.target.value })} required readOnly={!!editingCampaign} maxLength={64} />
          </label>
          <label>
            Display name
            <input value={campaign.name} onChange={(e) => setCampaign({ ...campaign, name: e.target.value })} maxLength={100} placeholder="same as the id" />
          </label>
          <fieldset className="admin-fieldset">
            <legend>Queues this campaign takes calls from</legend>
            {queues.length === 0 ? <p className="auth-hint">No queue yet: add queues below.</p> : null}
            {queues.map((q) => (
              <CheckField key={q.id} checked={campaign.queues.includes(q.id)} onChange={(e) => toggleQueue(q.id, e.target.checked)}>
                {q.id}
                {q.name !== q.id ? ` (${q.name})` : ""}
              </CheckField>
            ))}
          </fieldset>
          <label>
            Stale after (seconds without events; empty: the server default)
            <input value={campaign.staleAfterSec} onChange={(e) => setCampaign({ ...campaign, staleAfterSec: e.target.value })} type="number" min={10} max={86400} step={1} />
          </label>
          <RampThresholdFields values={campaign.stateThresholds} onChange={(v) => setCampaign({ ...campaign, stateThresholds: v })} />
          <FormButtons label="Save" testId="campaign-save" cancellable={Boolean(editingCampaign)} onCancel={() => { setEditingCampaign(null); setCampaign(EMPTY_CAMPAIGN); }} />
        </form>
      </AdminCard>

      <AdminCard titleId="queues-h" title="Queues">
        <Status status={queueStatus} testId="queue-status" />
        <AdminTable testId="queue-table" columns={["Queue", "Name", "Service level T", "Campaigns"]} actions empty={data && queues.length === 0 ? "No queue configured." : null}>
          {queues.map((q) => (
            <tr key={q.id} data-testid="queue-row" data-queue={q.id}>
              <th scope="row">{q.id}</th>
              <td>{q.name}</td>
              <td>{q.serviceLevelSec} s</td>
              <td>{q.campaigns.join(", ") || <span className="auth-hint">none</span>}</td>
              <td className="admin-actions">
                <RowButton tone="plain" onClick={() => editQueue(q)} aria-label={`Edit queue ${q.id}`}>Edit</RowButton>
                <RowButton tone="danger" onClick={() => deleteQueue(q.id)} aria-label={`Delete queue ${q.id}`}>Delete</RowButton>
              </td>
            </tr>
          ))}
        </AdminTable>
      </AdminCard>

      <AdminCard titleId="queue-form-h" title={editingQueue ? `Edit queue ${editingQueue}` : "Add a queue"} id="queue-form">
        <form className="auth-form admin-form" onSubmit={saveQueue} data-testid="queue-form">
          <label>
            Queue id (as the PBX names it, e.g. 700)
            <input value={queue.id} onChange={(e) => setQueue({ ...queue, id: e.target.value })} required readOnly={!!editingQueue} maxLength={64} />
          </label>
          <label>
            Name
            <input value={queue.name} onChange={(e) => setQueue({ ...queue, name: e.target.value })} maxLength={100} placeholder="same as the id" />
          </label>
          <label>
            Service-level threshold T (seconds)
            <input value={queue.serviceLevelSec} onChange={(e) => setQueue({ ...queue, serviceLevelSec: e.target.value })} type="number" min={1} max={3600} step={1} required />
          </label>
          <label>
            Campaigns taking calls from it (comma-separated)
            <input value={queue.campaigns} onChange={(e) => setQueue({ ...queue, campaigns: e.target.value })} placeholder="SALES, SUPPORT" list="campaign-ids" />
            <datalist id="campaign-ids">
              {(data?.campaigns ?? []).map((c) => (
                <option key={c.id} value={c.id} />
              ))}
            </datalist>
          </label>
          <FormButtons label="Save" testId="queue-save" cancellable={Boolean(editingQueue)} onCancel={() => { setEditingQueue(null); setQueue(EMPTY_QUEUE); }} />
        </form>
      </AdminCard>
    </>
  );
}
