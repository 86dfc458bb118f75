import type { ReactNode, SelectHTMLAttributes } from "react";

/** One choice of a {@link SelectField}: the submitted value and what the list shows. */
export interface Choice {
  value: string;
  label: ReactNode;
}

/**
 * A labelled `<select>` of `choices`; every other prop goes to the `<select>` (name, value or
 * defaultValue, onChange, data-testid, ...). `className` styles the label.
 */
export function SelectField({ label, choices, className, ...select }: { label: ReactNode; choices: readonly Choice[]; className?: string } & Omit<SelectHTMLAttributes<HTMLSelectElement>, "className">) {
  return (
    <label className={className}>
      {label}
      <select {...select}>
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Choices whose value and label are the same text, after `first` (e.g. `{ value: "", label: "All" }`). */
export function textChoices(values: readonly string[], first?: Choice): Choice[] {
  return [...(first ? [first] : []), ...values.map((v) => ({ value: v, label: v }))];
}
