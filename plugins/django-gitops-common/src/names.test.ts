import { defaultEndpoint, fieldNameProblem, modelEndpointPath, modelNameProblem, pluralize, projectNameProblem, pythonModuleNameProblem, snakeCase } from './names';

describe('project names', () => {
  it.each(['inventory-api', 'a', 'svc2', 'a'.repeat(53)])('accepts the project name %s', name => {
    expect(projectNameProblem(name)).toBeUndefined();
  });

  it.each([
    ['Inventory', /DNS-1123/],
    ['inventory_api', /DNS-1123/],
    ['2fast', /starting with a letter/],
    ['api-', /not ending/],
    ['a'.repeat(54), /at most 53/],
    ['', /DNS-1123/],
  ])('refuses the project name %j', (name, why) => {
    expect(projectNameProblem(name)).toMatch(why);
  });

  it.each(['default', 'kube-system', 'kube-public', 'kube-anything', 'argocd', 'openshift', 'openshift-monitoring'])(
    'refuses the reserved namespace %s',
    name => {
      expect(projectNameProblem(name)).toMatch(/reserved namespace/);
    },
  );

  it.each(['kubernetes-dashboard', 'argocd-apps', 'defaults', 'my-kube-system'])('accepts %s, which only looks like a reserved one', name => {
    expect(projectNameProblem(name)).toBeUndefined();
  });

  it("refuses the platform's own reserved names and prefixes", () => {
    const platform = ['monitoring', 'team-*'];
    expect(projectNameProblem('monitoring', platform)).toBe('"monitoring" is a reserved namespace (monitoring): it belongs to the cluster or the platform');
    expect(projectNameProblem('team-payments', platform)).toMatch(/reserved namespace \(team-\*\)/);
    expect(projectNameProblem('teams', platform)).toBeUndefined();
    expect(projectNameProblem('monitoring')).toBeUndefined();
  });

  it.each([
    ['class', /keyword/],
    ['json', /standard library/],
    ['django', /shadow a module/],
    ['rest_framework', /shadow a module/],
    ['my__app', /"__"/],
    ['_private', /lowercase Python identifier/],
    ['1app', /lowercase Python identifier/],
    ['Api', /lowercase Python identifier/],
  ])('refuses the Python module name %j', (name, why) => {
    expect(pythonModuleNameProblem(name)).toMatch(why);
  });

  it('accepts soft keywords as field names, refuses what models already have', () => {
    expect(fieldNameProblem('match')).toBeUndefined();
    expect(fieldNameProblem('id')).toMatch(/reserved/);
    expect(fieldNameProblem('save')).toMatch(/reserved/);
    expect(fieldNameProblem('price_')).toMatch(/end with/);
    expect(fieldNameProblem('unit__price')).toMatch(/"__"/);
  });

  it('refuses model names that are not PascalCase or clash with imports', () => {
    expect(modelNameProblem('product')).toMatch(/PascalCase/);
    expect(modelNameProblem('Order_Item')).toMatch(/PascalCase/);
    expect(modelNameProblem('Decimal')).toMatch(/reserved/);
    expect(modelNameProblem('OrderItem')).toBeUndefined();
  });

  it('derives snake case, plurals and endpoints', () => {
    expect(snakeCase('OrderItem')).toBe('order_item');
    expect(snakeCase('HTTPRequestLog')).toBe('http_request_log');
    expect(pluralize('category')).toBe('categories');
    expect(pluralize('box')).toBe('boxes');
    expect(pluralize('day')).toBe('days');
    expect(defaultEndpoint('OrderItem')).toBe('order-items');
  });
});

describe('modelEndpointPath', () => {
  it('serves a model under /api/ at its endpoint, or at the plural of its name', () => {
    expect(modelEndpointPath({ name: 'OrderItem' })).toBe('/api/order-items/');
    expect(modelEndpointPath({ name: 'Person', endpoint: '' })).toBe('/api/people/');
    expect(modelEndpointPath({ name: 'Supplier', endpoint: 'vendors' })).toBe('/api/vendors/');
  });
});
