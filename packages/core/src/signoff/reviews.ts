// A pull request's reviews, and which of them stands for each reviewer the way GitHub counts them.

/** GitHub's review states (`PENDING` is a draft nobody else sees). */
export const REVIEW_STATES = ["APPROVED", "CHANGES_REQUESTED", "COMMENTED", "DISMISSED", "PENDING"] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

export interface Review {
  login: string;
  state: ReviewState;
  /** ISO 8601; undefined for a pending review (or an offline approval without a date). */
  submittedAt: string | undefined;
  /**
   * The head commit the review was submitted on. `null`: GitHub no longer has that commit (it was
   * force-pushed away), so the review covers nothing of today's branch. `undefined`: the source gives no
   * commit (an offline approval with a date only); then the date is compared with the commit dates.
   */
  commit: string | null | undefined;
}

/**
 * Each reviewer's standing review, keyed by lower-case login: the latest that approves, requests changes
 * or was dismissed. A comment does not change a reviewer's standing (an approval followed by a comment
 * still approves), a pending review is not submitted, and a dismissed approval no longer approves.
 * Reviews are taken in submission order (GitHub lists them so; sorted again to be sure).
 */
export function standingReviews(reviews: readonly Review[]): Map<string, Review> {
  const ordered = reviews
    .map((review, index) => ({ review, index, time: review.submittedAt === undefined ? Number.NaN : Date.parse(review.submittedAt) }))
    .sort((a, b) => (Number.isNaN(a.time) || Number.isNaN(b.time) ? a.index - b.index : a.time - b.time || a.index - b.index));
  const standing = new Map<string, Review>();
  for (const { review } of ordered) {
    if (review.state === "COMMENTED" || review.state === "PENDING") continue;
    standing.set(review.login.toLowerCase(), review);
  }
  return standing;
}
