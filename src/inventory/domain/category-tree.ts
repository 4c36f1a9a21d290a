export interface CategoryNode {
  id: string;
  name: string;
  parentId: string | null;
}

export type CategoryTreeNode<T extends CategoryNode> = T & { children: Array<CategoryTreeNode<T>> };

/** Nests a flat list by `parentId`; siblings sorted by name. Orphans (parent not in the list) become roots. */
export function buildCategoryTree<T extends CategoryNode>(flat: readonly T[]): Array<CategoryTreeNode<T>> {
  const nodes = new Map<string, CategoryTreeNode<T>>(flat.map((c) => [c.id, { ...c, children: [] }]));
  const roots: Array<CategoryTreeNode<T>> = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sort = (list: Array<CategoryTreeNode<T>>) => {
    list.sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
    list.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}

/**
 * Whether moving `categoryId` under `newParentId` would make it its own ancestor. Walks up from the
 * new parent; `parentOf` maps every category id to its current parent id.
 */
export function wouldCreateCycle(categoryId: string, newParentId: string | null, parentOf: ReadonlyMap<string, string | null>): boolean {
  const seen = new Set<string>();
  for (let current = newParentId; current; current = parentOf.get(current) ?? null) {
    if (current === categoryId) return true;
    // A cycle already present in the data must not loop forever.
    if (seen.has(current)) return true;
    seen.add(current);
  }
  return false;
}
