import { inventorySpec, type ProjectSpecInput, validateProjectSpec } from '@dev-portal/plugin-django-gitops-common';
import { ANSWERS_PATH, parseAnswers } from './answers';
import { generateDjangoProject } from './generate';
import { updateProject } from './update';

const before = validateProjectSpec(inventorySpec);
const generated = generateDjangoProject(before, { workflow: { gitopsRepository: 'acme/gitops' } }).files;
const answers = parseAnswers(generated.get(ANSWERS_PATH)!).answers;

/** A Product with a new optional field, a new default-valued one, and a longer name. */
function changedSpec(): ProjectSpecInput {
  const next = structuredClone(inventorySpec);
  next.models[1].fields = next.models[1].fields.map(f => (f.name === 'name' ? { ...f, maxLength: 250 } : f));
  next.models[1].fields.push({ name: 'weight', type: 'FloatField', required: false });
  next.models.push({ name: 'Review', fields: [{ name: 'product', type: 'ForeignKey', to: 'Product' }] });
  return next;
}

/** The repository after its team worked on it: a custom view and route, a README paragraph, a test. */
function editedByHand(): Map<string, string> {
  const files = new Map(generated);
  files.set('api/views.py', `${files.get('api/views.py')}\n\ndef ping(request):\n    return JsonResponse({"pong": True})\n`);
  files.set('api/urls.py', files.get('api/urls.py')!.replace('urlpatterns = router.urls', 'urlpatterns = [*router.urls, path("ping/", views.ping)]'));
  files.set('README.md', files.get('README.md')!.replace('Inventory service', 'Inventory service, owned by the stock team.'));
  files.set('api/tests/test_ping.py', 'def test_ping():\n    assert True\n');
  return files;
}

describe('updateProject', () => {
  const after = validateProjectSpec(changedSpec());

  it('applies the new answers and keeps every change made by hand', () => {
    const current = editedByHand();
    const update = updateProject({ before: { spec: before, answers }, after, current });

    expect(update.conflicts).toEqual([]);
    expect(update.deleted).toEqual([]);
    expect(update.kept).toEqual([]);
    expect(update.files.get('api/views.py')).toContain('def ping(request):');
    expect(update.files.get('api/views.py')).toContain('class ReviewViewSet(viewsets.ModelViewSet):');
    expect(update.files.get('api/urls.py')).toContain('path("ping/", views.ping)');
    expect(update.files.get('api/urls.py')).toContain('router.register("reviews", views.ReviewViewSet)');
    expect(update.files.get('README.md')).toContain('Inventory service, owned by the stock team.');
    expect(update.files.get('README.md')).toContain('| Review | `/api/reviews/` |');
    expect(update.files.has('api/tests/test_ping.py')).toBe(false);
    expect(update.files.get('api/models.py')).toContain('name = models.CharField(max_length=250)');
    expect(update.files.get('api/tests/test_review.py')).toBeDefined();
  });

  it('adds the next migration and leaves the first one alone', () => {
    const update = updateProject({ before: { spec: before, answers }, after, current: generated });
    expect(update.migration).toBe('0002_review_product_weight_alter_product_name');
    expect(update.files.get(`api/migrations/${update.migration}.py`)).toContain('("api", "0001_initial")');
    expect(update.files.has('api/migrations/0001_initial.py')).toBe(false);
    expect(parseAnswers(update.files.get(ANSWERS_PATH)!).spec).toEqual(after);
  });

  it('follows the newest migration the repository has', () => {
    const current = new Map(generated).set('api/migrations/0002_fill_prices.py', '# by hand\n');
    const update = updateProject({ before: { spec: before, answers }, after, current });
    expect(update.migration).toMatch(/^0003_/);
    expect(update.files.get(`api/migrations/${update.migration}.py`)).toContain('("api", "0002_fill_prices")');
  });

  it('marks a conflict only where both sides changed the same lines, and lists it', () => {
    const current = editedByHand();
    current.set('api/models.py', current.get('api/models.py')!.replace('name = models.CharField(max_length=200)', 'name = models.CharField(max_length=300)'));
    const update = updateProject({ before: { spec: before, answers }, after, current });

    expect(update.conflicts).toEqual(['api/models.py']);
    const models = update.files.get('api/models.py')!;
    expect(models).toContain('<<<<<<< repository\n    name = models.CharField(max_length=300)\n=======\n    name = models.CharField(max_length=250)\n>>>>>>> Dev Portal');
    expect(models.match(/<<<<<<< /g)).toHaveLength(1);
    expect(update.files.get('api/views.py')).toContain('def ping(request):');
  });

  it('deletes what the generator no longer makes, unless it was edited here', () => {
    const withoutProducts = structuredClone(inventorySpec);
    withoutProducts.models = [withoutProducts.models[0]];
    const current = new Map(generated);
    current.set('api/tests/test_product.py', `${current.get('api/tests/test_product.py')}\n# a note\n`);
    const update = updateProject({ before: { spec: before, answers }, after: validateProjectSpec(withoutProducts), current });

    expect(update.kept).toEqual(['api/tests/test_product.py: the generator no longer makes it, but it was edited here, so it stays']);
    expect(update.deleted).toEqual([]);
    expect(update.risks).toEqual(['Product is deleted: its table and every row in it are dropped.']);
  });
});
