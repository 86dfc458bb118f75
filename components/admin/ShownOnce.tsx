import { CopyRow } from "./CopyRow";

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
        <button type="button" className="btn btn-small btn-plain" onClick={props.onDone}>
          Done
        </button>
      </CopyRow>
    </div>
  );
}
