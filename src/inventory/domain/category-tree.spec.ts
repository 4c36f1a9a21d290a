import { buildCategoryTree, wouldCreateCycle } from './category-tree';

describe('category tree rules', () => {
  const flat = [
    { id: '1', name: 'Home', parentId: null },
    { id: '2', name: 'Kitchen', parentId: '1' },
    { id: '3', name: 'Garden', parentId: '1' },
    { id: '4', name: 'Knives', parentId: '2' },
    { id: '5', name: 'Books', parentId: null },
  ];
  const parentOf = new Map(flat.map((c) => [c.id, c.parentId]));

  it('nests categories under their parents, siblings by name', () => {
    const tree = buildCategoryTree(flat);
    expect(tree.map((n) => n.name)).toEqual(['Books', 'Home']);
    expect(tree[1].children.map((n) => n.name)).toEqual(['Garden', 'Kitchen']);
    expect(tree[1].children[1].children.map((n) => n.name)).toEqual(['Knives']);
  });

  it('treats a category whose parent is missing as a root', () => {
    expect(buildCategoryTree([{ id: 'x', name: 'X', parentId: 'gone' }]).map((n) => n.id)).toEqual(['x']);
  });

  it('detects a move under itself or under one of its descendants', () => {
    expect(wouldCreateCycle('1', '1', parentOf)).toBe(true);
    expect(wouldCreateCycle('1', '4', parentOf)).toBe(true);
    expect(wouldCreateCycle('2', '4', parentOf)).toBe(true);
  });

  it('allows moves elsewhere and to the root', () => {
    expect(wouldCreateCycle('2', '5', parentOf)).toBe(false);
    expect(wouldCreateCycle('4', '3', parentOf)).toBe(false);
    expect(wouldCreateCycle('4', null, parentOf)).toBe(false);
  });
});
