import { useState } from "react";

/**
 * A list's filter box and the test it applies: `shown(values)` is true when the typed text
 * (trimmed, any case) is empty or part of one of `values` (nulls skipped); `filtering` while
 * text is typed. The field is `field`, to place above the list.
 */
export function useListFilter(placeholder: string) {
  const [text, setText] = useState("");
  const q = text.trim().toLowerCase();
  const field = (
    <label className="admin-filter">
      Filter
      <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder={placeholder} />
    </label>
  );
  return { field, filtering: q !== "", shown: (values: readonly (string | null | undefined)[]) => !q || values.some((v) => v?.toLowerCase().includes(q)) };
}
