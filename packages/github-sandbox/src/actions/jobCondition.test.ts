import { ConditionContext, jobRuns } from './jobCondition';

const push: ConditionContext = { event_name: 'push', ref: 'refs/heads/main', head_ref: '', base_ref: '' };
const pullRequest: ConditionContext = { event_name: 'pull_request', ref: 'refs/pull/1/merge', head_ref: 'change', base_ref: 'main' };

describe("a job's if:", () => {
  it.each([
    ["github.ref == 'refs/heads/main'", true, false],
    ["${{ github.ref == 'refs/heads/main' }}", true, false],
    ["github.event_name != 'pull_request'", true, false],
    ["github.event_name == 'push' && github.ref == 'refs/heads/main'", true, false],
    ["github.event_name == 'PULL_REQUEST' || github.ref == 'refs/heads/main'", true, true],
    ["!(github.base_ref == 'main')", true, false],
    ["github.head_ref == 'change'", false, true],
    ['false', false, false],
    ["github.ref == 'refs/heads/main' && success()", true, false],
    ["github.event_name == 'pull_request' || always()", true, true],
  ])('%s runs on a push to main: %s, on a pull request: %s', (condition, onPush, onPullRequest) => {
    expect(jobRuns(condition, push)).toBe(onPush);
    expect(jobRuns(condition, pullRequest)).toBe(onPullRequest);
  });

  it.each([
    'always()',
    "contains(github.ref, 'main')",
    "vars.DEPLOY == 'true'",
    "github.ref === 'x'",
  ])('lets the job run when the sandbox cannot decide: %s', condition => {
    expect(jobRuns(condition, pullRequest)).toBe(true);
  });

  it('runs a job without a condition', () => {
    expect(jobRuns(undefined, pullRequest)).toBe(true);
  });
});
