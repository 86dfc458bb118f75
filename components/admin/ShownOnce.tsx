import { CopyRow } from "./CopyRow";
import { RowButton } from "./RowButton";

/**
 * A secret shown once, right after it was created (a generated password, a wall display URL):
 * "<what> for <name> (shown once):", the value with its copy button, and Done to hide it.
 */
export function ShownOnce(props: { testId: string; what: string; name: string; value: string; valueId: string; valueTestId: string; copyTestId?: string; secret?: boolean; onDone: () => void }) {
  return (
    <div className="admin-once" data-testid={props.testId}>
      <p>
        {props.what} for <strong>{props.name}</strong> (shown once):
      </p>
      <CopyRow id={props.valueId} value={props.value} testId={props.valueTestId} copyTestId={props.copyTestId} secret={props.secret}>
        <RowButton tone="plain" onClick={props.onDone}>Done</RowButton>
      </CopyRow>
    </div>
  );
}
