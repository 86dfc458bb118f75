"use client";

import { useState, type FormEvent } from "react";
import { callApi, formatTime, splitList, useAdminData } from "./api";
import { SelectField } from "../common/SelectField";
import { AdminCard } from "./AdminCard";
import { AdminTable } from "./AdminTable";
import { ShownOnce } from "./ShownOnce";
import { LoadError, outcome, Status, type StatusValue } from "./Status";

const ROLES = ["admin", "manager", "supervisor"] as const;
type Role = (typeof ROLES)[number];

interface User {
  id: number;
  username: string;
  fullName: string | null;
  role: Role;
  disabled: boolean;
  campaigns: string[];
  lastLoginAt: number | null;
}

const ROLE_HINT: Record<Role, string> = {
  admin: "everything, including these pages",
  manager: "every wall and history",
  supervisor: "walls and history of their campaigns",
};

/** One account: role, campaigns and name editable in place; disable/enable. */
function UserRow({ user, me, csrf, onChanged }: { user: User; me: string; csrf: string; onChanged: (s: StatusValue) => Promise<void> }) {
  const [role, setRole] = useState<Role>(user.role);
  const [campaigns, setCampaigns] = useState(user.campaigns.join(", "));
  const [fullName, setFullName] = useState(user.fullName ?? "");
  const dirty = role !== user.role || campaigns !== user.campaigns.join(", ") || fullName !== (user.fullName ?? "");
  const self = user.username === me;

  async function patch(body: Record<string, unknown>, done: string) {
    await onChanged(outcome(await callApi(csrf, "PATCH", `/api/admin/users/${user.id}`, body), done, `${user.username} not changed`));
  }

  return (
    <tr data-testid="user-row" data-username={user.username} data-role={user.role} data-disabled={user.disabled ? "true" : "false"} className={user.disabled ? "admin-row-dim" : undefined}>
      <th scope="row">
        {user.username}
        {self ? <span className="admin-tag">you</span> : null}
        {user.disabled ? <span className="admin-tag admin-tag-bad">disabled</span> : null}
      </th>
      <td>
        <input className="admin-inline" value={fullName} onChange={(e) => setFullName(e.target.value)} aria-label={`Full name of ${user.username}`} maxLength={200} />
      </td>
      <td>
        <select className="admin-inline" value={role} onChange={(e) => setRole(e.target.value as Role)} aria-label={`Role of ${user.username}`} disabled={self} data-testid="user-role">
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input
          className="admin-inline"
          value={campaigns}
          onChange={(e) => setCampaigns(e.target.value)}
          aria-label={`Campaigns of ${user.username} (comma-separated)`}
          placeholder={role === "supervisor" ? "SALES, SUPPORT" : "all (role sees every campaign)"}
          list="user-campaign-ids"
          data-testid="user-campaigns"
        />
      </td>
      <td>{formatTime(user.lastLoginAt)}</td>
      <td className="admin-actions">
        <button
          type="button"
          className="btn btn-small"
          disabled={!dirty}
          onClick={() => patch({ role: role === user.role ? undefined : role, campaigns: splitList(campaigns), fullName }, `${user.username} saved${role !== user.role ? ": their sessions were ended" : ""}.`)}
          data-testid="user-save"
        >
          Save
        </button>
        {self ? null : (
          <button
            type="button"
            className={user.disabled ? "btn btn-small btn-plain" : "btn btn-small btn-danger"}
            onClick={() => patch({ disabled: !user.disabled }, user.disabled ? `${user.username} enabled.` : `${user.username} disabled: signed out everywhere.`)}
            data-testid="user-toggle"
          >
            {user.disabled ? "Enable" : "Disable"}
          </button>
        )}
      </td>
    </tr>
  );
}

/** Users and roles: create (generated password shown once), change role/campaigns, disable/enable. */
export function UsersAdmin({ csrf, me, campaignIds }: { csrf: string; me: string; campaignIds: string[] }) {
  const { data, error, reload } = useAdminData<{ users: User[] }>(csrf, "/api/admin/users");
  const [status, setStatus] = useState<StatusValue>(null);
  const [createStatus, setCreateStatus] = useState<StatusValue>(null);
  const [created, setCreated] = useState<{ username: string; password: string } | null>(null);
  const [role, setRole] = useState<Role>("supervisor");

  async function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    const username = String(form.get("username") ?? "").trim();
    const password = String(form.get("password") ?? "");
    const campaigns = splitList(String(form.get("campaigns") ?? ""));
    if (role === "supervisor" && campaigns.length === 0) return setCreateStatus({ ok: false, text: "A supervisor needs at least one campaign." });
    const answer = await callApi<{ id: number; password: string | null }>(csrf, "POST", "/api/admin/users", {
      username,
      fullName: String(form.get("fullName") ?? "").trim() || undefined,
      role,
      campaigns,
      password: password || undefined,
    });
    if (!answer.ok) return setCreateStatus({ ok: false, text: `Not created: ${answer.error}` });
    setCreated(answer.data?.password ? { username, password: answer.data.password } : null);
    setCreateStatus({ ok: true, text: `${username} created${answer.data?.password ? ": copy the password now, it is shown only once" : ""}.` });
    formEl.reset();
    setRole("supervisor");
    await reload();
  }

  const onChanged = async (s: StatusValue) => {
    setStatus(s);
    await reload();
  };

  return (
    <>
      <datalist id="user-campaign-ids">
        {campaignIds.map((c) => (
          <option key={c} value={c} />
        ))}
      </datalist>
      <AdminCard titleId="users-h" title="Users">
        <Status status={status} testId="users-status" />
        <LoadError error={error} />
        <AdminTable testId="users-table" columns={["User", "Full name", "Role", "Campaigns", "Last sign-in"]} actions>
          {(data?.users ?? []).map((u) => (
            <UserRow key={`${u.id}-${u.role}-${u.disabled}-${u.campaigns.join(",")}-${u.fullName ?? ""}`} user={u} me={me} csrf={csrf} onChanged={onChanged} />
          ))}
        </AdminTable>
        <p className="auth-hint">A role change or disabling signs the user out everywhere at once.</p>
      </AdminCard>

      <AdminCard titleId="user-create-h" title="Add a user">
        <form className="auth-form admin-form" onSubmit={create} data-testid="user-create">
          <label>
            User name
            <input name="username" required minLength={2} maxLength={64} pattern="[A-Za-z0-9._@\-]+" title="2-64 of A-Z a-z 0-9 . _ @ -" autoComplete="off" />
          </label>
          <label>
            Full name
            <input name="fullName" maxLength={200} autoComplete="off" />
          </label>
          <SelectField label="Role" name="role" value={role} onChange={(e) => setRole(e.target.value as Role)} data-testid="user-create-role" choices={ROLES.map((r) => ({ value: r, label: `${r}: ${ROLE_HINT[r]}` }))} />
          <label>
            Campaigns {role === "supervisor" ? "(required for a supervisor)" : "(not needed: this role sees every campaign)"}
            <input name="campaigns" placeholder="SALES, SUPPORT" list="user-campaign-ids" autoComplete="off" />
          </label>
          <label>
            Password (empty: generate one)
            <input name="password" type="password" minLength={10} autoComplete="new-password" />
          </label>
          <button type="submit" data-testid="user-create-submit">
            Add user
          </button>
          <Status status={createStatus} testId="user-create-status" />
          {created ? (
            <ShownOnce testId="user-created-password-box" what="Password" name={created.username} value={created.password} valueId="created-password" valueTestId="user-created-password" secret onDone={() => setCreated(null)} />
          ) : null}
        </form>
      </AdminCard>
    </>
  );
}
