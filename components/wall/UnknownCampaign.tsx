/**
 * What an empty wall says when its campaign is unknown to the wallboard (a typo in the URL,
 * most likely): that it does not exist, the look-alikes, and the campaigns that do.
 */
import Link from "next/link";

export interface UnknownCampaignInfo {
  /** Campaigns that exist and the viewer may see. */
  known: string[];
  /** Those that look like the asked id. */
  suggestions: string[];
}

const wallLink = (c: string) => `/wall/${encodeURIComponent(c)}`;

export function UnknownCampaign({ campaign, info }: { campaign: string; info: UnknownCampaignInfo }) {
  return (
    <div className="unknown-campaign" data-testid="unknown-campaign" role="alert">
      <h2>No campaign “{campaign}”</h2>
      <p>
        The wallboard knows no campaign {campaign}: no agent has sent an event for it, and it is neither on the roster nor configured. This wall fills in
        if agents of {campaign} log in.
      </p>
      {info.suggestions.length > 0 && (
        <p>
          Did you mean{" "}
          {info.suggestions.map((c, i) => (
            <span key={c}>
              {i > 0 ? ", " : ""}
              <Link href={wallLink(c)}>{c}</Link>
            </span>
          ))}
          ?
        </p>
      )}
      {info.known.length > 0 ? (
        <>
          <h3>Campaigns that exist</h3>
          <ul className="unknown-campaign-list" data-testid="known-campaigns">
            {info.known.map((c) => (
              <li key={c}>
                <Link href={wallLink(c)}>{c}</Link>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>No campaign exists yet: campaigns appear when their agents send events or join the roster.</p>
      )}
    </div>
  );
}
