import type { CategoryNode, CategoryNames } from '@souk/contracts';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider.js';
import { fetchCategories } from './shop.api.js';

/** The category tree changes with deployments, not while browsing: fetched once per page load. */
let cached: Promise<CategoryNode[]> | undefined;

export function useCategories(): CategoryNode[] | undefined {
  const [tree, setTree] = useState<CategoryNode[]>();
  useEffect(() => {
    let live = true;
    cached ??= fetchCategories().then((answer) => answer.categories);
    cached.then(
      (categories) => live && setTree(categories),
      () => {
        cached = undefined; // try again next time; the chips are a shortcut, the screen works without them
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return tree;
}

/** A category's name in the reader's language. */
export function useCategoryName(): (names: CategoryNames) => string {
  const { locale } = useI18n();
  return (names) => names[locale] || names.en;
}

/** The node for a slug or id, top level or child, with its parent when it is a child. */
export function findCategory(tree: readonly CategoryNode[], key: string): { node: CategoryNode | undefined; child: CategoryNode['children'][number] | undefined } {
  for (const node of tree) {
    if (node.slug === key || node.id === key) return { node, child: undefined };
    const child = node.children.find((candidate) => candidate.slug === key || candidate.id === key);
    if (child) return { node, child };
  }
  return { node: undefined, child: undefined };
}
