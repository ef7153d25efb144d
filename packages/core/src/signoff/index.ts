// `@rollsafe/core/signoff`: the pure parts of the sign-off check (docs/overrides.md#sign-off).
export { parseApprover, describeApprovers, teamKey, sameLogin, type Approver } from "./approvers.js";
export { parseCodeowners, ownersOf, ruleMatches, CODEOWNERS_LOCATIONS, type Codeowners, type CodeownersRule, type CodeownersProblem } from "./codeowners.js";
export { standingReviews, REVIEW_STATES, type Review, type ReviewState } from "./reviews.js";
export { decideSignoff, type DirectiveChange, type SignoffFacts, type SignoffVerdict } from "./decide.js";
