import { formValues, stepStatuses, useScaffolder } from './testing/scaffolder';
jest.setTimeout(120_000);
describe('rerun', () => {
  const scaffolder = useScaffolder();
  it('runs twice', async () => {
    const first = await scaffolder.runTask(formValues);
    console.log('first', first.task.status, stepStatuses(first.events));
    const second = await scaffolder.runTask({ ...formValues, createRepository: false });
    console.log('second', second.task.status, stepStatuses(second.events), second.log.slice(-2500));
  });
});
