/** A workflow like the generated one, as the sandbox reads it: jobs and named steps. */
export const CI_WORKFLOW = `name: CI/CD
on: push
jobs:
  test:
    runs-on: ubuntu-24.04
    steps:
      - name: Run the tests
        run: python manage.py test
  build-and-push:
    needs: test
    runs-on: ubuntu-24.04
    steps:
      - name: Build and push the image
        run: echo build
`;
