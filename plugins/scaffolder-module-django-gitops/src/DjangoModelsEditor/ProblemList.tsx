import FormHelperText from '@material-ui/core/FormHelperText';
import type { ShownProblem } from './problems';

/** Problems in words, where they are: announced to screen readers as they appear. */
export function ProblemList({ problems }: { problems: ShownProblem[] }) {
  return (
    <>
      {problems.map(problem => (
        <FormHelperText key={problem.words} error role="alert">
          {problem.words}
        </FormHelperText>
      ))}
    </>
  );
}
