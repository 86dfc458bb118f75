import type { ReactNode } from "react";

/** One column heading: its text, or `{ key, label, className }` for a heading with markup or a class. */
export type Column = string | { key: string; label: ReactNode; className?: string };

/**
 * A table's header row (`<thead>`), every heading `scope="col"`. `actions` adds a last column
 * for the rows' buttons, labelled "Actions" for screen readers only. Used by the admin lists,
 * the history reports and the wall's agent detail alike.
 */
export function ColumnHeads({ columns, actions = false }: { columns: readonly Column[]; actions?: boolean }) {
  return (
    <thead>
      <tr>
        {columns.map((c) =>
          typeof c === "string" ? (
            <th key={c} scope="col">
              {c}
            </th>
          ) : (
            <th key={c.key} scope="col" className={c.className}>
              {c.label}
            </th>
          ),
        )}
        {actions ? (
          <th scope="col">
            <span className="sr-only">Actions</span>
          </th>
        ) : null}
      </tr>
    </thead>
  );
}
