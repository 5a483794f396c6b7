// The smallest backend that runs the module as an adopter would: the scaffolder and the module
// from its installed package, configured by the --config files given on the command line.
const { createBackend } = require('@backstage/backend-defaults');

const backend = createBackend();
backend.add(require('@backstage/plugin-scaffolder-backend'));
backend.add(require('@dev-portal/plugin-scaffolder-backend-module-django-gitops'));
backend.start();
