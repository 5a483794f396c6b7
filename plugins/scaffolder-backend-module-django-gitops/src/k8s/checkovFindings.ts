/**
 * checkov's Kubernetes checks that fail on a generated folder on purpose, with the reason the
 * folder README gives. The checkov test fails on any other failed check, and on an entry here that
 * no generated folder fails any more.
 */
export const ACCEPTED_CHECKOV_FINDINGS: Record<string, string> = {};
