/**
 * How a role that holds links (the PBX role in ./once-only-roles.ts, the platform role in
 * ./platform-role.ts) applies an admin change of one stored connection, so that "add",
 * "remove" and "reconnect" mean the same on every admin page:
 * - "reconnect" restarts the held link in place (a fresh sign-in and resync);
 * - "remove" drops the link;
 * - "add" (also an edit) drops the link, then reads the connection again and adds it when the
 *   row still exists and is enabled.
 * Links that `fixed` names (e.g. those the environment configures) are not added or removed
 * here: they change only with the environment.
 */
export type ConnectionOp = "add" | "remove" | "reconnect";

export interface ConnectionSteps<C extends { enabled: boolean }> {
  reconnect(name: string): void;
  remove(name: string): void;
  /** The stored connection, or null when there is none any more. */
  find(name: string): Promise<C | null>;
  add(connection: C): void;
  fixed?(name: string): boolean;
}

export async function applyConnectionChange<C extends { enabled: boolean }>(op: ConnectionOp, name: string, steps: ConnectionSteps<C>): Promise<void> {
  if (op === "reconnect") {
    steps.reconnect(name);
    return;
  }
  if (steps.fixed?.(name)) return;
  steps.remove(name);
  if (op === "add") {
    const c = await steps.find(name);
    if (c?.enabled) steps.add(c);
  }
}
