// The visible tasks as a tree. The server lists them by parent, then position (sort=position), so
// array order is sibling order; grouping by parent keeps it. A task whose parent is not shown (a
// filter left it out) is shown at the top level rather than hidden.
import type { TaskDto } from '../../../src/tasks/tasks.schemas.js';
import { neighboursAt, type Neighbours } from '../order/placement.js';

export interface TaskTree {
  roots: TaskDto[];
  childrenOf: (id: string) => TaskDto[];
}

export function buildTree(items: readonly TaskDto[]): TaskTree {
  const shown = new Set(items.map((t) => t.id));
  const roots: TaskDto[] = [];
  const children = new Map<string, TaskDto[]>();
  for (const task of items) {
    if (task.parent_id === null || !shown.has(task.parent_id)) {
      roots.push(task);
      continue;
    }
    const siblings = children.get(task.parent_id);
    if (siblings) siblings.push(task);
    else children.set(task.parent_id, [task]);
  }
  return { roots, childrenOf: (id) => children.get(id) ?? [] };
}

/** The task and everything below it, as far as it is shown. */
export function subtreeIds(items: readonly TaskDto[], id: string): Set<string> {
  const ids = new Set([id]);
  // Parents come before their children in position order, but not under every sort: repeat until stable.
  let grew = true;
  while (grew) {
    grew = false;
    for (const task of items) {
      if (task.parent_id !== null && ids.has(task.parent_id) && !ids.has(task.id)) {
        ids.add(task.id);
        grew = true;
      }
    }
  }
  return ids;
}

/**
 * Where Move up / Move down put each task of a group shown together: before the previous or after
 * the next task with the same parent. Tasks not saved yet have no id the server knows: skipped.
 */
export function neighboursIn(group: readonly TaskDto[], isSaved: (task: TaskDto) => boolean): Map<string, Neighbours> {
  const byParent = new Map<string | null, TaskDto[]>();
  for (const task of group) {
    if (!isSaved(task)) continue;
    const siblings = byParent.get(task.parent_id);
    if (siblings) siblings.push(task);
    else byParent.set(task.parent_id, [task]);
  }
  const result = new Map<string, Neighbours>();
  for (const siblings of byParent.values()) {
    siblings.forEach((task, i) => result.set(task.id, neighboursAt(siblings, i)));
  }
  return result;
}
