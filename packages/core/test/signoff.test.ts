// Matching reviews to an override directive: who may approve, the author, the standing review per
// reviewer as GitHub counts it, and approvals that predate the directive's last change.
import { describe, expect, it } from "vitest";
import { decideSignoff, parseApprover, standingReviews, teamKey, type Approver, type DirectiveChange, type Review, type SignoffFacts } from "@rollsafe/core/signoff";

const approvers = (...specs: string[]): Approver[] => specs.map((s) => parseApprover(s)!);
const review = (login: string, state: Review["state"], submittedAt: string, commit: string | null | undefined = "c2"): Review => ({ login, state, submittedAt, commit });
const changes: DirectiveChange[] = [{ commit: "c2", committedAt: Date.parse("2026-03-01T10:00:00Z") / 1000 }];

function facts(reviews: Review[], extra: Partial<SignoffFacts> = {}): SignoffFacts {
  return {
    author: "bob",
    reviews,
    teams: new Map(),
    // c1 then c2 on the branch: a review on c2 contains both, one on c1 only c1.
    reviewCommits: new Map([["c1", new Set(["c1"])], ["c2", new Set(["c1", "c2"])], ["c3", new Set(["c1", "c2", "c3"])]]),
    ...extra,
  };
}

describe("standingReviews", () => {
  it("keeps each reviewer's latest approval, change request or dismissal; comments and pending drafts do not count", () => {
    const standing = standingReviews([
      review("alice", "APPROVED", "2026-03-01T11:00:00Z"),
      review("alice", "COMMENTED", "2026-03-01T12:00:00Z"),
      review("carol", "APPROVED", "2026-03-01T11:00:00Z"),
      review("carol", "CHANGES_REQUESTED", "2026-03-01T12:00:00Z"),
      review("dave", "DISMISSED", "2026-03-01T11:00:00Z"),
      { login: "erin", state: "PENDING", submittedAt: undefined, commit: "c2" },
      review("Frank", "CHANGES_REQUESTED", "2026-03-01T11:00:00Z"),
      review("frank", "APPROVED", "2026-03-01T13:00:00Z"),
    ]);
    expect(Object.fromEntries([...standing].map(([login, r]) => [login, r.state]))).toEqual({ alice: "APPROVED", carol: "CHANGES_REQUESTED", dave: "DISMISSED", frank: "APPROVED" });
  });

  it("orders by submission time, whatever the order given", () => {
    const standing = standingReviews([review("alice", "APPROVED", "2026-03-01T13:00:00Z"), review("alice", "CHANGES_REQUESTED", "2026-03-01T12:00:00Z")]);
    expect(standing.get("alice")!.state).toBe("APPROVED");
  });
});

describe("decideSignoff", () => {
  it("is signed by an allowed reviewer's approval given on a head that contains the change", () => {
    const verdict = decideSignoff(approvers("alice"), changes, facts([review("alice", "APPROVED", "2026-03-01T11:00:00Z")]));
    expect(verdict).toEqual({ signed: true, approval: { login: "alice", submittedAt: "2026-03-01T11:00:00Z", via: "alice" } });
  });

  it("is not signed by the author's own approval", () => {
    const verdict = decideSignoff(approvers("bob", "alice"), changes, facts([review("Bob", "APPROVED", "2026-03-01T11:00:00Z")]));
    expect(verdict).toEqual({ signed: false, detail: "@Bob approved, but is the pull request's author." });
  });

  it("is not signed by an approval submitted on a head older than the change (a later push makes it stale)", () => {
    const verdict = decideSignoff(approvers("alice"), changes, facts([review("alice", "APPROVED", "2026-03-01T11:00:00Z", "c1")]));
    expect(verdict).toEqual({ signed: false, detail: "@alice's approval (2026-03-01T11:00:00Z, on c1) predates the last change to this line." });
  });

  it("is not signed by an approval on a commit this repository does not have, or that GitHub lost (force-pushed away)", () => {
    expect(decideSignoff(approvers("alice"), changes, facts([review("alice", "APPROVED", "2026-03-01T11:00:00Z", "gone")])).signed).toBe(false);
    expect(decideSignoff(approvers("alice"), changes, facts([review("alice", "APPROVED", "2026-03-01T11:00:00Z", null)])).signed).toBe(false);
  });

  it("is not signed while the line has uncommitted changes", () => {
    const verdict = decideSignoff(approvers("alice"), [{ commit: undefined, committedAt: 0 }], facts([review("alice", "APPROVED", "2026-03-01T11:00:00Z", "c3")]));
    expect(verdict.signed).toBe(false);
  });

  it("compares the date of an approval without a commit (offline) with the change's commit date", () => {
    const undated = (submittedAt: string): Review => ({ login: "alice", state: "APPROVED", submittedAt, commit: undefined });
    expect(decideSignoff(approvers("alice"), changes, facts([undated("2026-03-01T10:30:00Z")])).signed).toBe(true);
    expect(decideSignoff(approvers("alice"), changes, facts([undated("2026-03-01T09:30:00Z")])).signed).toBe(false);
  });

  it("is not signed by a reviewer who is not an approver, nor by one whose approval was dismissed or followed by a change request", () => {
    expect(decideSignoff(approvers("alice"), changes, facts([review("carol", "APPROVED", "2026-03-01T11:00:00Z")]))).toEqual({ signed: false, detail: "@carol approved, but is not among the approvers." });
    expect(decideSignoff(approvers("alice"), changes, facts([review("alice", "DISMISSED", "2026-03-01T11:00:00Z")]))).toEqual({ signed: false, detail: "no reviewer approves the pull request." });
    const changed = [review("alice", "APPROVED", "2026-03-01T11:00:00Z"), review("alice", "CHANGES_REQUESTED", "2026-03-01T12:00:00Z")];
    expect(decideSignoff(approvers("alice"), changes, facts(changed)).signed).toBe(false);
  });

  it("is signed by a member of an approving team (logins case-insensitive), naming the team", () => {
    const teams = new Map([[teamKey("acme", "db-reviewers"), new Set(["carol"])]]);
    const verdict = decideSignoff(approvers("@acme/db-reviewers"), changes, facts([review("Carol", "APPROVED", "2026-03-01T11:00:00Z")], { teams }));
    expect(verdict).toEqual({ signed: true, approval: { login: "Carol", submittedAt: "2026-03-01T11:00:00Z", via: "@acme/db-reviewers" } });
  });

  it("says when a team's members could not be read", () => {
    const teams = new Map([[teamKey("acme", "db"), { error: "403 Forbidden" }]]);
    const verdict = decideSignoff(approvers("@acme/db"), changes, facts([review("carol", "APPROVED", "2026-03-01T11:00:00Z")], { teams }));
    expect(verdict).toEqual({ signed: false, detail: "@carol approved, but is not among the approvers. The members of @acme/db cannot be read: 403 Forbidden" });
  });

  it("with no change to cover (a merged pull request in the release report), takes the standing approval as it is", () => {
    expect(decideSignoff(approvers("alice"), [], facts([review("alice", "APPROVED", "2026-03-01T11:00:00Z", "c1")])).signed).toBe(true);
    expect(decideSignoff(approvers("alice"), [], facts([review("alice", "CHANGES_REQUESTED", "2026-03-01T11:00:00Z", "c1")])).signed).toBe(false);
  });

  it("never matches an e-mail owner (reviews carry logins only)", () => {
    expect(decideSignoff(approvers("alice@example.com"), changes, facts([review("alice", "APPROVED", "2026-03-01T11:00:00Z")])).signed).toBe(false);
  });
});
