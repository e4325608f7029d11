import type { ReactNode } from "react";

/** Label/value pairs as a description list (the profile, a user, the About page). */
export function Details({
  items,
}: {
  items: ReadonlyArray<readonly [label: string, value: ReactNode]>;
}) {
  return (
    <dl className="details">
      {items.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
