import type { ReactNode } from "react";

/**
 * One card of an admin page: a section labelled by its `<h2>` (`titleId`), with `action` (a
 * button or link) beside the title when given. `id` makes the card a scroll target
 * ({@link scrollToCard}).
 */
export function AdminCard({ titleId, title, id, testId, action, children }: { titleId: string; title: ReactNode; id?: string; testId?: string; action?: ReactNode; children: ReactNode }) {
  const heading = <h2 id={titleId}>{title}</h2>;
  return (
    <section className="admin-card" aria-labelledby={titleId} id={id} data-testid={testId}>
      {action ? (
        <div className="admin-card-head">
          {heading}
          {action}
        </div>
      ) : (
        heading
      )}
      {children}
    </section>
  );
}

/** Brings the card `id` into view (the edit form, when a row's Edit is pressed). */
export function scrollToCard(id: string): void {
  document.getElementById(id)?.scrollIntoView({ behavior: "smooth" });
}
