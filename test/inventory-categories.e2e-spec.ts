import { loginAsAdmin, registerCustomer } from './support/auth';
import { createProduct } from './support/inventory';
import { startTestApp, TestApp } from './support/test-app';

describe('Inventory: the category tree', () => {
  let t: TestApp;
  let admin: string;
  let customer: string;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '0' });
    admin = await loginAsAdmin(t);
    customer = (await registerCustomer(t)).accessToken;
  });
  afterAll(async () => {
    await t?.close();
  });

  const create = async (name: string, parentId?: string) => {
    const res = await t.http().post('/api/v1/categories').auth(admin, { type: 'bearer' }).send({ name, parentId }).expect(201);
    expect(res.headers.location).toBe(`/api/v1/categories/${res.body.id}`);
    return res.body as { id: string; name: string; parentId: string | null; version: number };
  };
  const patch = (id: string, body: object) => t.http().patch(`/api/v1/categories/${id}`).auth(admin, { type: 'bearer' }).send(body);
  const remove = (id: string) => t.http().delete(`/api/v1/categories/${id}`).auth(admin, { type: 'bearer' });

  it('lists the tree with nested children, or flat with parent ids', async () => {
    const home = await create('Home');
    const kitchen = await create('Kitchen', home.id);
    const knives = await create('Knives', kitchen.id);
    const garden = await create('Garden', home.id);

    const tree = await t.http().get('/api/v1/categories').auth(customer, { type: 'bearer' }).expect(200);
    expect(tree.body.nextCursor).toBeNull();
    const homeNode = tree.body.items.find((c: { id: string }) => c.id === home.id);
    expect(homeNode.children.map((c: { name: string }) => c.name)).toEqual(['Garden', 'Kitchen']);
    expect(homeNode.children[1].children).toEqual([expect.objectContaining({ id: knives.id, parentId: kitchen.id, children: [] })]);

    const flat = await t.http().get('/api/v1/categories?view=flat').auth(customer, { type: 'bearer' }).expect(200);
    expect(flat.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: garden.id, parentId: home.id }),
        expect.objectContaining({ id: knives.id, parentId: kitchen.id }),
      ]),
    );
    expect(flat.body.items[0].children).toBeUndefined();
    await t.http().get('/api/v1/categories?view=graph').auth(customer, { type: 'bearer' }).expect(400);
  });

  it('a customer cannot create, rename, move or delete categories (403)', async () => {
    const category = await create('Protected');
    await t.http().post('/api/v1/categories').auth(customer, { type: 'bearer' }).send({ name: 'Nope' }).expect(403);
    await t.http().patch(`/api/v1/categories/${category.id}`).auth(customer, { type: 'bearer' }).send({ name: 'Nope' }).expect(403);
    await t.http().delete(`/api/v1/categories/${category.id}`).auth(customer, { type: 'bearer' }).expect(403);
  });

  it('renames and moves a category; moving to the root takes parentId null', async () => {
    const a = await create('Move A');
    const b = await create('Move B');
    const renamed = await patch(b.id, { name: 'Move B2', parentId: a.id }).expect(200);
    expect(renamed.body).toMatchObject({ name: 'Move B2', parentId: a.id, version: 2 });
    expect(renamed.headers.etag).toBe('"2"');
    expect((await patch(b.id, { parentId: null }).expect(200)).body.parentId).toBeNull();
    await patch(b.id, { parentId: '00000000-0000-4000-8000-000000000000' }).expect(422);
  });

  it('answers 409 to a move that would create a cycle', async () => {
    const top = await create('Cycle top');
    const middle = await create('Cycle middle', top.id);
    const bottom = await create('Cycle bottom', middle.id);
    const res = await patch(top.id, { parentId: bottom.id }).expect(409);
    expect(res.body.type).toMatch(/category-cycle$/);
    await patch(top.id, { parentId: top.id }).expect(409);
    expect((await t.http().get(`/api/v1/categories/${top.id}`).auth(admin, { type: 'bearer' }).expect(200)).body.parentId).toBeNull();
  });

  it('two opposite moves racing cannot create a cycle together', async () => {
    const x = await create('Race X');
    const y = await create('Race Y');
    const [first, second] = await Promise.all([patch(x.id, { parentId: y.id }), patch(y.id, { parentId: x.id })]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
  });

  it('answers 409 to deleting a category that has children or products, 204 once it is empty', async () => {
    const parent = await create('Delete parent');
    const child = await create('Delete child', parent.id);
    const withChildren = await remove(parent.id).expect(409);
    expect(withChildren.body.type).toMatch(/category-not-empty$/);

    const product = await createProduct(t, admin, { categoryId: child.id });
    await remove(child.id).expect(409);
    // Even a deactivated product still belongs to the category.
    await t.http().delete(`/api/v1/products/${product.id}`).auth(admin, { type: 'bearer' }).expect(204);
    await remove(child.id).expect(409);

    await t.http().patch(`/api/v1/products/${product.id}`).auth(admin, { type: 'bearer' }).send({ categoryId: null }).expect(200);
    await remove(child.id).expect(204);
    await remove(parent.id).expect(204);
    await remove(parent.id).expect(404);
  });

  it('keeps sibling names unique (409) but allows the same name elsewhere in the tree', async () => {
    const a = await create('Sibling A');
    await create('Shared', a.id);
    await t.http().post('/api/v1/categories').auth(admin, { type: 'bearer' }).send({ name: 'shared', parentId: a.id }).expect(409);
    await create('Shared');
  });

  it('honours If-Match on category writes', async () => {
    const c = await create('Versioned');
    await t.http().patch(`/api/v1/categories/${c.id}`).auth(admin, { type: 'bearer' }).set('If-Match', '"7"').send({ name: 'V2' }).expect(412);
    await t.http().patch(`/api/v1/categories/${c.id}`).auth(admin, { type: 'bearer' }).set('If-Match', '"1"').send({ name: 'V2' }).expect(200);
    await t.http().delete(`/api/v1/categories/${c.id}`).auth(admin, { type: 'bearer' }).set('If-Match', '"1"').expect(412);
  });

  it('validates names and ids (400)', async () => {
    await t.http().post('/api/v1/categories').auth(admin, { type: 'bearer' }).send({ name: '' }).expect(400);
    await t.http().post('/api/v1/categories').auth(admin, { type: 'bearer' }).send({ name: 'x'.repeat(101) }).expect(400);
    await t.http().post('/api/v1/categories').auth(admin, { type: 'bearer' }).send({ name: 'ok', parentId: 'not-a-uuid' }).expect(400);
    await t.http().post('/api/v1/categories').auth(admin, { type: 'bearer' }).send({ name: 'ok', slug: 'extra' }).expect(400);
  });
});
