import { notFound } from '../../http/errors';
import { SandboxRoute } from '../core';

export const accountRoutes: SandboxRoute[] = [
  {
    method: 'GET',
    path: '/user',
    docs: 'users/users#get-the-authenticated-user',
    async handle(request, core) {
      return { status: 200, body: core.json.user(core.state.account(request.login)!, true) };
    },
  },
  {
    method: 'GET',
    path: '/users/{username}',
    docs: 'users/users#get-a-user',
    async handle(request, core) {
      const account = core.state.account(request.params.username);
      if (!account) throw notFound();
      return { status: 200, body: core.json.user(account, true) };
    },
  },
];
